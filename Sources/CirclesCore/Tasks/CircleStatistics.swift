/// A circle's task counters kept in Redis (`circles:stats:<pk>`, docs/PROTOCOL.md §2): written
/// by its workers in the same script that finishes a task, so they survive worker restarts and
/// add up across the workers of a circle; read by `circles status` and circles-ws' `/metrics`.
public struct CircleStatistics: Equatable, Sendable {
    /// Upper bounds (seconds) of the task-duration histogram's buckets; the last bucket is +Inf.
    public static let durationBounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    /// Tasks finished as `completed`.
    public var completed = 0
    /// Tasks finished as `error` (by their script, a timeout, an unreadable record or recovery).
    public var errored = 0
    /// The error of the latest task finished as `error`, its task id and when (RFC 3339).
    public var lastError: String?
    public var lastErrorTask: String?
    public var lastErrorAt: String?
    /// Count of run tasks whose duration fell in each bucket (`durationBounds` then +Inf), not cumulative.
    public var durationBuckets = [Int](repeating: 0, count: durationBounds.count + 1)
    /// Sum of the run tasks' durations, in seconds.
    public var durationSum = 0.0

    public init() {}

    /// Reads the hash's fields; missing or unreadable fields count as zero.
    public init(fields: [String: String]) {
        completed = fields[Self.completedField].flatMap { Int($0) } ?? 0
        errored = fields[Self.erroredField].flatMap { Int($0) } ?? 0
        lastError = fields[Self.lastErrorField]
        lastErrorTask = fields[Self.lastErrorTaskField]
        lastErrorAt = fields[Self.lastErrorAtField]
        durationSum = fields[Self.durationSumField].flatMap { Double($0) } ?? 0
        for index in durationBuckets.indices {
            durationBuckets[index] = fields[Self.bucketField(index)].flatMap { Int($0) } ?? 0
        }
    }

    /// Tasks finished either way.
    public var finished: Int { completed + errored }

    /// Run tasks counted in the histogram.
    public var durationCount: Int { durationBuckets.reduce(0, +) }

    /// The histogram as Prometheus reports it: for each bound (+Inf last), the count of durations ≤ it.
    public var cumulativeBuckets: [(upperBound: Double, count: Int)] {
        var total = 0
        return durationBuckets.indices.map { index in
            total += durationBuckets[index]
            return (index < Self.durationBounds.count ? Self.durationBounds[index] : .infinity, total)
        }
    }

    // MARK: - Writing

    /// The commands that count one finished task, for the script that finishes it.
    /// `duration` is nil for a task whose script did not run (unreadable, discarded).
    public static func counting(_ circle: PublicKey, taskId: String, error: String?, at time: String, duration: Double?) -> [[String]] {
        let key = RedisKeys.statistics(circle)
        var commands = [["HINCRBY", key, error == nil ? completedField : erroredField, "1"]]
        if let error {
            commands.append(["HSET", key, lastErrorField, error, lastErrorTaskField, taskId, lastErrorAtField, time])
        }
        if let duration {
            let bucket = durationBounds.firstIndex { duration <= $0 } ?? durationBounds.count
            commands.append(["HINCRBY", key, bucketField(bucket), "1"])
            commands.append(["HINCRBYFLOAT", key, durationSumField, String(duration)])
        }
        return commands
    }

    static let completedField = "completed"
    static let erroredField = "errored"
    static let lastErrorField = "lastError"
    static let lastErrorTaskField = "lastErrorTask"
    static let lastErrorAtField = "lastErrorAt"
    static let durationSumField = "durationSum"

    /// `le_0.001` … `le_30`, `le_+Inf`: the field of one (non-cumulative) bucket.
    static func bucketField(_ index: Int) -> String {
        index < durationBounds.count ? "le_\(durationBounds[index].formatted)" : "le_+Inf"
    }
}

private extension Double {
    /// `0.001`, `1`, `2.5`: the shortest form, without a trailing `.0`.
    var formatted: String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
