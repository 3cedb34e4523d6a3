/// The launchers' side of the data-home lease `circles:home:<pk>` (docs/PROTOCOL.md §2; workers
/// take and renew it): read before a launch, released when a circle is purged.
public enum DataHome {
    /// Who holds the lease of `circle` now, nil when nobody does.
    public static func holder(of circle: PublicKey, on connection: RedisConnection) throws -> String? {
        try connection.command(["GET", RedisKeys.home(circle)]).string
    }

    /// Throws `DataHomeElsewhere` for the first of `circles` whose lease another host than `hostName` holds.
    public static func check(_ circles: [PublicKey], hostName: String, on connection: RedisConnection) throws {
        for circle in circles {
            if let holder = try holder(of: circle, on: connection), holder != hostName {
                throw DataHomeElsewhere(circle: circle, holder: holder, hostName: hostName)
            }
        }
    }

    /// Deletes the lease of `circle` when `hostName` holds it (a purge there); another host's stays.
    public static func release(_ circle: PublicKey, hostName: String, on connection: RedisConnection) throws {
        _ = try connection.run(releaseScript, keys: [RedisKeys.home(circle)], arguments: [hostName])
    }

    private static let releaseScript = RedisScript("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)
}

/// A circle's database lives on another host: the data-home lease `circles:home:<pk>` names it.
/// Exit 75: the refusal ends once the lease lapses.
public struct DataHomeElsewhere: Failure {
    public let circle: PublicKey
    /// The host that holds the lease.
    public let holder: String
    /// The host that was refused.
    public let hostName: String

    public init(circle: PublicKey, holder: String, hostName: String) {
        self.circle = circle
        self.holder = holder
        self.hostName = hostName
    }

    public var exitCode: Int32 { ExitStatus.timedOut }

    public var description: String {
        "circle \(circle.hex)'s database lives on host \(holder) (\(RedisKeys.home(circle)) names it), not on this host \(hostName): "
            + "start its workers on \(holder), or stop them there and start again here once the lease has lapsed "
            + "(--home-lease-ttl seconds, default \(RedisKeys.homeLeaseTTL), after the last of them stopped); "
            + "circles move, which moves a circle's database to another host, is not built yet"
    }
}
