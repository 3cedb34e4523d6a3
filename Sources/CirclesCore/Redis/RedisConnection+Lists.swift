extension RedisConnection {
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
