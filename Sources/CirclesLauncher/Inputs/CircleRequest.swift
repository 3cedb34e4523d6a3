import CirclesCore

/// One circle to launch, from any input form, before anything starts.
public struct CircleRequest: Equatable, Sendable {
    /// The short name used in tables, logs and `circles-dispatch --circle NAME`.
    public var name: String
    public var publicKey: PublicKey
    /// The WebSocket port that serves this circle; nil means the `-p/--port` default.
    public var port: Int?
    /// The init script, sent once the worker is ready.
    public var scriptPath: String?

    public init(name: String, publicKey: PublicKey, port: Int? = nil, scriptPath: String? = nil) {
        self.name = name
        self.publicKey = publicKey
        self.port = port
        self.scriptPath = scriptPath
    }

    /// The name a circle gets when only its key is known: the first 12 hex chars of the key.
    public static func defaultName(for key: PublicKey) -> String {
        String(key.hex.prefix(12))
    }
}

extension Array where Element == CircleRequest {
    /// Refuses a public key or a name that appears twice (`LaunchError.duplicateCircle`).
    public func checkingDuplicates() throws -> [CircleRequest] {
        var keys = Set<PublicKey>()
        var names = Set<String>()
        for circle in self {
            guard keys.insert(circle.publicKey).inserted else {
                throw LaunchError.duplicateCircle(what: circle.publicKey.hex)
            }
            guard names.insert(circle.name).inserted else {
                throw LaunchError.duplicateCircle(what: "named \"\(circle.name)\"")
            }
        }
        return self
    }
}
