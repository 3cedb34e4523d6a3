/// The task ids a circle holds right now (`circles queue NAME`): waiting in `rhai_tasks:<pk>`,
/// oldest first, and taken by a worker (its `rhai_processing:<pk>:<worker_id>` list), each with
/// its record's times, so a listing can say how long it has waited or run.
public struct QueueListing: Sendable {
    public struct Entry: Sendable, Encodable, Equatable {
        public var taskId: String
        /// `pending` (in the queue) or `processing` (in a worker's list).
        public var state: String
        /// The worker holding it (processing only).
        public var workerId: String?
        public var callerId: String?
        public var createdAt: String?
        /// When a worker took it (processing), else when it was last changed.
        public var updatedAt: String?
        public var attempts: Int?
        /// Seconds since it was queued (pending) or taken (processing); nil when its record is gone.
        public var ageSeconds: Double?
    }

    /// The oldest `limit` queued tasks, oldest first.
    public var pending: [Entry]
    /// How many ids the queue holds in all.
    public var pendingTotal: Int
    /// Every task in a worker's hands.
    public var processing: [Entry]

    /// Reads a circle's queue and processing lists and the records they name, in three round trips.
    /// - Parameter limit: how many queued ids to list at most (the oldest); 0 lists all.
    /// - Throws: `RedisError` when Redis cannot be reached or answers wrongly.
    public static func read(_ circle: PublicKey, limit: Int, on connection: RedisConnection) throws -> QueueListing {
        let queue = RedisKeys.tasks(circle)
        let first = try connection.pipeline([
            ["LLEN", queue], ["LRANGE", queue, limit > 0 ? String(-limit) : "0", "-1"], ["SMEMBERS", RedisKeys.workers(circle)],
        ])
        // Producers push on the left and workers take from the right: the oldest is last.
        let pendingIds = Array((first[1].array ?? []).compactMap(\.string).reversed())
        let workers = (first[2].array ?? []).compactMap(\.string).sorted()
        let lists = workers.isEmpty ? [] : try connection.pipeline(workers.map { ["LRANGE", RedisKeys.processing(circle, $0), "0", "-1"] })
        let taken = zip(workers, lists).flatMap { worker, list in (list.array ?? []).compactMap(\.string).reversed().map { (worker, $0) } }

        let ids = pendingIds + taken.map(\.1)
        let fields = ["createdAt", "updatedAt", "callerId", "attempts"]
        let records = ids.isEmpty ? [] : try connection.pipeline(ids.map { ["HMGET", RedisKeys.taskDetails($0)] + fields })
        let now = TaskClock.currentSeconds()
        func entry(_ index: Int, state: String, worker: String?) -> Entry {
            let values = (records[index].array ?? []).map(\.string)
            func value(_ field: Int) -> String? { values.count > field ? values[field] : nil }
            let since = value(state == "pending" ? 0 : 1).flatMap(TaskClock.seconds)
            return Entry(taskId: ids[index], state: state, workerId: worker, callerId: value(2), createdAt: value(0), updatedAt: value(1),
                         attempts: value(3).flatMap { Int($0) }, ageSeconds: since.map { max(0, now - $0) })
        }
        let pending = pendingIds.indices.map { entry($0, state: "pending", worker: nil) }
        let processing = taken.indices.map { entry(pending.count + $0, state: "processing", worker: taken[$0].0) }
        return QueueListing(pending: pending, pendingTotal: Int(first[0].integer ?? 0), processing: processing)
    }
}
