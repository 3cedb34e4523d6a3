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

extension RedisConnection {
    /// Sends `commands`, then `script` by `EVALSHA`, in one round trip, and returns every reply,
    /// the script's last (error replies are values, as in `pipeline`). When the server does not
    /// know the script yet, it is sent again with `EVAL`.
    public func pipeline(
        _ commands: [[String]], thenRun script: RedisScript, keys: [String] = [], arguments: [String] = [],
        blockingTimeout: Double? = nil
    ) throws -> [RedisReply] {
        let parameters = [String(keys.count)] + keys + arguments
        var replies = try pipeline(commands + [["EVALSHA", script.sha1] + parameters], blockingTimeout: blockingTimeout)
        if case let .error(message) = replies[replies.count - 1], message.hasPrefix("NOSCRIPT") {
            replies[replies.count - 1] = try pipeline([["EVAL", script.source] + parameters])[0]
        }
        return replies
    }
}
