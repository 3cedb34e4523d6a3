/// A Lua script for `EVALSHA`, with its SHA-1 computed once, locally.
public struct RedisScript: Sendable, Hashable {
    public let source: String
    /// Lowercase hex SHA-1 of `source`, the name Redis caches the script under.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(of: Array(source.utf8))
    }
}

extension RedisConnection {
    /// Runs `script` with `EVALSHA`, falling back to `EVAL` (which also caches it on the
    /// server) when the server does not know it yet (`NOSCRIPT`).
    /// - Throws: `RedisError.server` for errors raised by the script, as for any command.
    @discardableResult
    public func run(_ script: RedisScript, keys: [String] = [], arguments: [String] = []) throws -> RedisReply {
        let parameters = [String(keys.count)] + keys + arguments
        do {
            return try command(["EVALSHA", script.sha1] + parameters)
        } catch let RedisError.server(message) where message.hasPrefix("NOSCRIPT") {
            return try command(["EVAL", script.source] + parameters)
        }
    }
}
