/// Where a command's circles are: the Redis URL (flag, environment, then the state file's, then
/// the default) and circle names looked up in the state file. Shared by circles-dispatch,
/// circles-queue and circles-logs.
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

    /// A public key as given, or the key of the circle with that name in the state file.
    public func resolveCircle(_ text: String) throws -> PublicKey {
        let looksLikeKey = text.count >= 60 && text.allSatisfy { $0.isHexDigit || $0 == "x" || $0 == "X" }
        if looksLikeKey { return try PublicKey(parsing: text) }
        let state = try self.state ?? store.read()
        guard let circle = state?.circles.first(where: { $0.name == text }) else {
            // A long unknown name is most likely a mistyped key: say what is wrong with it as a key.
            if text.count >= 60 { _ = try PublicKey(parsing: text) }
            let place = "no circle named \"\(text)\" in \(store.path)"
            let advice = "give the circle's public key, or a name listed there by circles-spawn"
            do {
                _ = try PublicKey(parsing: text)
            } catch let KeyError.invalidPublicKey(_, reason) {
                throw UsageError("\(place), and it is not a valid public key either (\(reason)); \(advice)")
            }
            throw UsageError("\(place); \(advice)")
        }
        return try PublicKey(parsing: circle.publicKey)
    }
}
