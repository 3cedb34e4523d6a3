/// One end of a Redis list.
public enum RedisListEnd: String, Sendable {
    case left = "LEFT"
    case right = "RIGHT"
}

extension RedisConnection {
    /// `BLMOVE source destination FROM TO timeout`: waits up to `timeout` seconds (0: forever)
    /// for an element, moves it, and returns it; nil when none came in time.
    public func blmove(
        from source: String, _ sourceEnd: RedisListEnd = .right,
        to destination: String, _ destinationEnd: RedisListEnd = .left,
        timeout: Double
    ) throws -> String? {
        let reply = try blocking(["BLMOVE", source, destination, sourceEnd.rawValue, destinationEnd.rawValue], timeout: timeout)
        if reply.isNull { return nil }
        guard let element = reply.string else {
            throw RedisError.protocolError("BLMOVE answered \(reply) instead of an element")
        }
        return element
    }

    /// `BLPOP key… timeout`: waits up to `timeout` seconds (0: forever) for an element at the
    /// head of the first non-empty list; returns that list's key and the element, or nil.
    public func blpop(_ keys: [String], timeout: Double) throws -> (key: String, value: String)? {
        let reply = try blocking(["BLPOP"] + keys, timeout: timeout)
        if reply.isNull { return nil }
        guard let pair = reply.array, pair.count == 2, let key = pair[0].string, let value = pair[1].string else {
            throw RedisError.protocolError("BLPOP answered \(reply) instead of a key and an element")
        }
        return (key, value)
    }
}
