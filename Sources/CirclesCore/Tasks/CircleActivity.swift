/// What a circle's Redis keys say about it right now: its queue, its live workers and what each
/// holds in hand, and its task counters — read by `circles status` and circles-ws alike.
public struct CircleActivity: Sendable, Equatable {
    /// One worker instance in the circle's worker set.
    public struct WorkerState: Sendable, Equatable {
        public var workerId: String
        /// The liveness hash's fields (`pid`, `host`, `startedAt`, `heartbeatAt`, `version`, `tasksDone`, `state`, `problem`: docs/PROTOCOL.md §2); empty when it expired.
        public var liveness: [String: String]
        /// Seconds since the last heartbeat (from the liveness key's TTL); nil when the key expired.
        public var heartbeatAge: Double?
        /// Task ids in its processing list.
        public var processing: Int

        /// Its liveness key exists: it beat within the last `RedisKeys.livenessTTL` seconds.
        public var alive: Bool { heartbeatAge != nil }
    }

    /// Task ids waiting in `rhai_tasks:<pk>`.
    public var queued: Int
    /// The members of the worker set, alive or not yet recovered.
    public var workers: [WorkerState]
    public var statistics: CircleStatistics

    /// Workers whose liveness key exists.
    public var workersAlive: Int { workers.filter(\.alive).count }
    /// Tasks taken and not finished, over every worker.
    public var processing: Int { workers.reduce(0) { $0 + $1.processing } }

    /// Reads the activity of each circle in two round trips.
    /// - Throws: `RedisError` when Redis cannot be reached or answers wrongly.
    public static func read(_ circles: [PublicKey], on connection: RedisConnection) throws -> [CircleActivity] {
        guard !circles.isEmpty else { return [] }
        let first = try connection.pipeline(circles.flatMap { circle in
            [["LLEN", RedisKeys.tasks(circle)], ["SMEMBERS", RedisKeys.workers(circle)], ["HGETALL", RedisKeys.statistics(circle)]]
        })
        let members: [[String]] = circles.indices.map { index in
            (first[index * 3 + 1].array ?? []).compactMap(\.string).sorted()
        }
        let perWorker = 3
        let commands = zip(circles, members).flatMap { circle, ids in
            ids.flatMap { id in
                [["HGETALL", RedisKeys.worker(circle, id)], ["PTTL", RedisKeys.worker(circle, id)],
                 ["LLEN", RedisKeys.processing(circle, id)]]
            }
        }
        let second = commands.isEmpty ? [] : try connection.pipeline(commands)
        var offset = 0
        return circles.indices.map { index in
            let workers = members[index].map { id in
                defer { offset += perWorker }
                let ttl = second[offset + 1].integer ?? -2
                return WorkerState(
                    workerId: id, liveness: second[offset].hashFields ?? [:],
                    heartbeatAge: ttl >= 0 ? Double(max(0, Int64(RedisKeys.livenessTTL) * 1000 - ttl)) / 1000 : nil,
                    processing: Int(second[offset + 2].integer ?? 0))
            }
            return CircleActivity(
                queued: Int(first[index * 3].integer ?? 0), workers: workers,
                statistics: CircleStatistics(fields: first[index * 3 + 2].hashFields ?? [:]))
        }
    }
}
