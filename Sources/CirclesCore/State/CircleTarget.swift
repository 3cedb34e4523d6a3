/// Where a command's circles are: the Redis URL (flag, environment, then the state file's, then
/// the default) and circle names looked up in the state file, then in the fleet registry.
/// Shared by circles-dispatch, circles-queue and circles-status.
public struct CircleTarget {
    public let redisURL: RedisURL
    private let store: StateStore
    private let state: LaunchState?

    public init(shared: SharedOptions) throws {
        store = LaunchData(shared.launchData).stateStore
        let chosen = shared.redisURL
        state = chosen.explicit ? nil : try store.read()
        redisURL = try RedisURL(parsing: chosen.explicit ? chosen.text : state?.redis?.connectionText() ?? chosen.text)
    }

    /// A public key as given, or the key of the circle with that name in the state file, else in
    /// the fleet registry on `redisURL` (`FleetRegistry`: a circle launched on another host).
    /// - Throws: `UsageError` for a name neither knows (saying so when Redis could not be read)
    ///   or that several registry circles share.
    public func resolveCircle(_ text: String) throws -> PublicKey {
        let looksLikeKey = text.count >= 60 && text.allSatisfy { $0.isHexDigit || $0 == "x" || $0 == "X" }
        if looksLikeKey { return try PublicKey(parsing: text) }
        let state = try self.state ?? store.read()
        if let circle = state?.circles.first(where: { $0.name == text }) { return try PublicKey(parsing: circle.publicKey) }
        // A long unknown name is most likely a mistyped key: say what is wrong with it as a key.
        if text.count >= 60 { _ = try PublicKey(parsing: text) }
        let named: [FleetRegistry.Entry]
        var registry = "the fleet registry of \(redisURL.redacted)"
        do {
            named = try FleetRegistry.read(on: RedisConnection.connect(url: redisURL, connectTimeout: 2)).filter { $0.name == text }
        } catch let error as RedisError {
            named = []
            registry += " (unreadable: \(error))"
        }
        guard named.count <= 1 else {
            let which = named.map { "\($0.publicKey) on \($0.host)" }.joined(separator: ", ")
            throw UsageError("\(named.count) circles of the fleet registry are named \"\(text)\" (\(which)); give the public key of the one you mean")
        }
        guard let entry = named.first else {
            let place = "no circle named \"\(text)\" in \(store.path) nor in \(registry)"
            let advice = "give the circle's public key, or a name circles-spawn launched (circles status --fleet lists them)"
            do {
                _ = try PublicKey(parsing: text)
            } catch let KeyError.invalidPublicKey(_, reason) {
                throw UsageError("\(place), and it is not a valid public key either (\(reason)); \(advice)")
            }
            throw UsageError("\(place); \(advice)")
        }
        return try PublicKey(parsing: entry.publicKey)
    }
}
