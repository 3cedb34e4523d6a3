import CirclesCore

/// The data-home lease of docs/PROTOCOL.md §2: a circle's database lives on one host. The key
/// `circles:home:<pk>` names that host; the first worker of the circle takes it, every worker on
/// that host renews it with its heartbeat, and it lapses `ttl` seconds after the last renewal.
struct DataHomeLease {
    let circle: PublicKey
    /// The host this worker runs on (`circles-worker --host-name`).
    let hostName: String
    let ttl: Int

    /// Takes the lease when nobody holds it, renews it when this host holds it; answers the holder.
    private static let holdScript = RedisScript("""
        local holder = redis.call('GET', KEYS[1])
        if not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
          return ARGV[1]
        end
        if holder == ARGV[1] then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
        return holder
        """)

    /// Takes or renews the lease in one atomic step; returns the host that holds it (this one
    /// when the call took or renewed it).
    /// - Throws: `RedisError` on I/O trouble.
    func hold(_ connection: RedisConnection) throws -> String {
        let reply = try connection.run(Self.holdScript, keys: [RedisKeys.home(circle)], arguments: [hostName, String(ttl)])
        guard let holder = reply.string else { throw RedisError.protocolError("the data-home lease script answered \(reply)") }
        return holder
    }

    /// The refusal of a worker whose circle's database lives on another host.
    func refusal(holder: String) -> DataHomeElsewhere {
        DataHomeElsewhere(circle: circle, holder: holder, hostName: hostName)
    }
}
