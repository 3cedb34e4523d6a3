import Foundation

/// Submit / await / status of tasks (docs/PROTOCOL.md §2): the one implementation behind
/// `circles-dispatch`, `circles-ws` and `circles-spawn`.
///
/// Every Redis call runs on a dedicated thread, never on a cooperative one: a few command
/// threads with a connection each, and one thread that waits for all pending replies at once
/// (`ReplyMultiplexer`). Connections open on first use and again after a failure.
///
/// Errors: `RedisError` when Redis is unavailable (exit 69) or does not answer in time (75),
/// `DispatchError.timedOut` (exit 75).
/// A task that finished with status `error` is returned, not thrown: look at `record.status`.
public final class Dispatcher: Sendable {
    /// How long a caller waits for a result unless told otherwise (circles-dispatch --timeout).
    public static let defaultTimeout = 30.0

    public let url: RedisURL
    private let commands: RedisThreadPool
    private let replies: ReplyMultiplexer

    /// - Parameters:
    ///   - connections: how many command threads (and connections) at most.
    ///   - commandTimeout: seconds a connect, and each command's reply, may take before
    ///     `RedisError.timeout` (exit 75); a caller bounding its whole wait passes at most that bound.
    public init(url: RedisURL, connections: Int = 4, commandTimeout: Double = 5) {
        self.url = url
        self.commands = RedisThreadPool(url: url, size: max(1, connections), name: "circles-dispatch", commandTimeout: commandTimeout)
        self.replies = ReplyMultiplexer(url: url, commandTimeout: commandTimeout)
    }

    deinit {
        close()
    }

    /// Stops the threads; waits in progress end with `CancellationError`.
    public func close() {
        commands.close()
        replies.close()
    }

    /// Writes the pending record, then pushes its id onto the circle's queue. Returns the task id.
    /// - Parameters:
    ///   - caller: the caller's public key (canonical hex), or `""` for an anonymous caller.
    ///   - timeout: how long the caller intends to wait, in seconds (recorded as `timeoutSecs`).
    public func submit(script: String, circle: PublicKey, caller: String, timeout: Double) async throws -> String {
        let record = Self.newRecord(script: script, circle: circle, caller: caller, timeout: timeout)
        try await commands.perform(idempotent: true) { connection in
            try Self.submit(record, circle, on: connection)
        }
        return record.taskId
    }

    /// Waits for the worker's reply to a task sent with `submit` (its default reply list
    /// `rhai_reply:<task_id>`); returns at once when the record has already finished.
    /// - Parameter timeout: seconds; 0 waits without limit.
    /// - Throws: `DispatchError.timedOut(taskId:timeout:)` when no reply comes in time.
    public func awaitResult(taskId: String, timeout: Double) async throws -> TaskRecord {
        try await waitForReply(taskId: taskId, route: .key(RedisKeys.reply(taskId)), timeout: timeout) { connection, wake in
            let replies = try connection.pipeline(wake + [["HGETALL", RedisKeys.taskDetails(taskId)]])
            let record = try Self.record(from: replies.last)
            return record.flatMap { $0.status.isFinished ? $0.jsonText : nil }
        }
    }

    /// Submits a task and waits for its reply. The reply comes through this dispatcher's own
    /// list (`replyToQueue` is `circles:dispatcher:<id>:replies`), where one wait serves every
    /// task in flight; the wait starts before the id is pushed.
    /// - Parameter taskId: the new task's id, a fresh UUID by default (an id that already has a
    ///   record is not queued again, so a caller choosing ids must choose new ones).
    public func run(script: String, circle: PublicKey, caller: String, timeout: Double, taskId: String = TaskClock.newTaskId()) async throws -> TaskRecord {
        var record = Self.newRecord(script: script, circle: circle, caller: caller, timeout: timeout, taskId: taskId)
        record.replyToQueue = replies.ownKey
        return try await waitForReply(taskId: record.taskId, route: .ownList(taskId: record.taskId), timeout: timeout) { connection, wake in
            try Self.submit(record, circle, on: connection, after: wake)
            return nil
        }
    }

    /// The current record of a task, or nil when it is unknown or has expired.
    /// - Throws: `TaskRecordError` when the hash is not a task record.
    public func status(taskId: String) async throws -> TaskRecord? {
        try await commands.perform(idempotent: true) { connection in
            try Self.record(from: connection.command(["HGETALL", RedisKeys.taskDetails(taskId)]))
        }
    }

    /// How many worker instances the circle's worker set (`circles:workers:<pk>`) lists. 0: no
    /// worker serves the circle, and a task sent to it waits in the queue until one starts.
    public func registeredWorkers(circle: PublicKey) async throws -> Int {
        try await commands.perform(idempotent: true) { connection in
            Int(try connection.command(["SCARD", RedisKeys.workers(circle)]).integer ?? 0)
        }
    }

    // MARK: - Internals

    /// Registers the wait, then runs `start` on a command thread with the wake-up commands it
    /// must send first (maybe none). `start` may answer at once with a reply text.
    private func waitForReply(
        taskId: String, route: ReplyMultiplexer.Route, timeout: Double,
        start: @escaping (RedisConnection, _ wake: [[String]]) throws -> String?
    ) async throws -> TaskRecord {
        let waiterId = WaiterIdBox()
        let text = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, Error>) in
                let (id, needsWake) = replies.add(route: route, taskId: taskId, timeout: timeout, continuation: continuation)
                waiterId.set(id)
                let wake = needsWake ? replies.wakeCommands : []
                commands.perform(idempotent: true, { try start($0, wake) }) { [replies] result in
                    switch result {
                    case let .success(early?): replies.finish(id, with: .success(early))
                    case .success(nil): break
                    case let .failure(error): replies.finish(id, with: .failure(error))
                    }
                }
            }
        } onCancel: {
            waiterId.get().map { replies.finish($0, with: .failure(CancellationError())) }
        }
        do {
            return try TaskRecord(jsonText: text)
        } catch {
            throw DispatchError.malformedReply(taskId: taskId, reason: "\(error)")
        }
    }

    private static func newRecord(script: String, circle: PublicKey, caller: String, timeout: Double, taskId: String = TaskClock.newTaskId()) -> TaskRecord {
        TaskRecord(
            taskId: taskId, script: script, callerId: caller, contextId: circle.hex,
            createdAt: TaskClock.now(), timeoutSecs: timeout > 0 ? Int(timeout.rounded(.up)) : 0)
    }

    /// Writes the record and pushes the id only if the record does not exist yet, so that a
    /// retry after a lost connection never queues a task twice.
    private static let submitScript = RedisScript("""
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('LPUSH', KEYS[2], ARGV[1])
        return 1
        """)

    /// Sends `before` (wake-up commands, maybe none), then the submit script, in one round trip.
    private static func submit(_ record: TaskRecord, _ circle: PublicKey, on connection: RedisConnection, after before: [[String]] = []) throws {
        let keys = [RedisKeys.taskDetails(record.taskId), RedisKeys.tasks(circle)]
        let arguments = [record.taskId] + record.fields.flatMap { [$0.0, $0.1] }
        try check(connection.pipeline(before, thenRun: submitScript, keys: keys, arguments: arguments).last)
    }

    private static func check(_ reply: RedisReply?) throws {
        if case let .error(message)? = reply { throw RedisError.server(message) }
    }

    private static func record(from reply: RedisReply?) throws -> TaskRecord? {
        try check(reply)
        guard let fields = reply?.hashFields, !fields.isEmpty else { return nil }
        return try TaskRecord(fields: fields)
    }
}

/// The id of a registered wait, handed from the registering closure to the cancellation handler.
private final class WaiterIdBox: @unchecked Sendable {
    private let lock = NSLock()
    private var id: UInt64?

    func set(_ id: UInt64) { lock.withLock { self.id = id } }
    func get() -> UInt64? { lock.withLock { id } }
}
