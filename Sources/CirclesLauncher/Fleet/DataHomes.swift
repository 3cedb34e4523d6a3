import CirclesCore

extension LaunchPlan {
    /// Refuses, before anything is written (state, registry, database), a launch of a circle whose
    /// database lives on another host than `hostName` (its data-home lease, `DataHomeElsewhere`).
    public func checkDataHomes(redis: RedisURL) throws {
        try Self.checkDataHomes(circles.map(\.key), hostName: hostName, redis: redis)
    }

    static func checkDataHomes(_ circles: [PublicKey], hostName: String, redis: RedisURL) throws {
        let connection = try RedisConnection.connect(url: redis, connectTimeout: 2, commandTimeout: 2)
        try DataHome.check(circles, hostName: hostName, on: connection)
    }
}
