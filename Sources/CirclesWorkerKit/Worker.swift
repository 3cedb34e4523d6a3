import CirclesCore
import Foundation
import Rhai

/// One instance of a circle's worker (PROTOCOL.md §2–§3): takes task ids from the circle's
/// queue, runs their scripts, finishes their records, and keeps its liveness key fresh.
///
/// `run()` blocks until `stop()`; then the task in hand is finished, queued tasks are left
/// alone (or, with `preserveTasks` false, finished as `error`), and `run()` returns. When Redis
/// goes away the worker reconnects with backoff and never drops the task in hand.
public final class Worker: @unchecked Sendable {
    public let configuration: WorkerConfiguration
    private let database: CircleDatabase
    private let operations: QueueOperations
    private let stopSignal = StopSignal()
    private let counterLock = NSLock()
    private var completedCount = 0

    /// The native stack of the thread scripts run on.
    public static let scriptStackSize = 256 << 20

    /// Opens the circle's database.
    /// - Throws: `CircleDatabaseError` when it cannot be opened.
    public init(configuration: WorkerConfiguration) throws {
        self.configuration = configuration
        self.database = try CircleDatabase(path: configuration.databasePath)
        self.operations = QueueOperations(configuration: configuration)
    }

    /// Asks `run()` to finish the task in hand and return. Safe from any thread or signal-handling thread.
    public func stop() {
        stopSignal.set()
    }

    /// How many tasks this instance has finished.
    public var tasksDone: Int {
        counterLock.withLock { completedCount }
    }

    /// Serves the queue until `stop()`. Returns normally after a clean shutdown.
    public func run() throws {
        try Engine.runOnLargeStack(stackSize: Self.scriptStackSize) { [self] in serve() }
    }

    // MARK: - The loop

    private func serve() {
        let link = RedisLink(url: configuration.redisURL)
        let runner = ScriptRunner(configuration: configuration, database: database)
        let startedAt = TaskClock.now()
        let circle = configuration.circle.hex
        let started: Void? = retrying("starting", link) { connection in
            let (requeued, failed) = try operations.recover(connection, includingSelf: true)
            if requeued + failed > 0 {
                log("recovered earlier tasks: \(requeued) back on the queue, \(failed) finished as errors")
            }
            try operations.beat(connection, startedAt: startedAt, tasksDone: 0)
        }
        guard started != nil else { return }
        log("serving circle \(circle) as worker \(configuration.workerId) (database \(configuration.databasePath))")
        let heartbeat = Heartbeat(operations: operations, startedAt: startedAt, tasksDone: { [self] in tasksDone }, log: log)
        heartbeat.start()

        while !stopSignal.isSet {
            guard let taken = retrying("waiting for tasks", link, { try operations.take($0, wait: true) }) else { break }
            if let taken { handle(taken, runner: runner, link: link) }
        }
        if !configuration.preserveTasks { discardQueuedTasks(link) }
        heartbeat.stop()
        _ = try? operations.signOff(link.current())
        log("stopped after \(tasksDone) tasks")
    }

    private func handle(_ taken: TakenTask, runner: ScriptRunner, link: RedisLink) {
        switch taken {
        case var .runnable(record):
            switch runner.run(record) {
            case let .completed(output, logs):
                record.status = .completed
                record.output = output
                record.logs = logs.isEmpty ? nil : logs
            case let .failed(error, logs):
                record.status = .error
                record.error = error
                record.logs = logs.isEmpty ? nil : logs
            }
            record.updatedAt = TaskClock.now()
            trace("task \(record.taskId): \(record.status.rawValue)")
            finish(record, wholeRecord: false, link)
        case let .unreadable(taskId, reason):
            log("task \(taskId): \(reason); finishing it as an error")
            finish(errorRecord(taskId, "the task record cannot be used: \(reason)"), wholeRecord: true, link)
        case let .alreadyFinished(taskId):
            trace("task \(taskId): already finished, dropped from the processing list")
            _ = retrying("dropping a finished task", link) { try operations.drop($0, taskId: taskId) }
        }
    }

    /// Finishes a record, retrying until Redis takes it or a stop is requested (then the id
    /// stays in the processing list, and a later recovery puts it back on the queue).
    private func finish(_ record: TaskRecord, wholeRecord: Bool, _ link: RedisLink) {
        let refusals = retrying("finishing task \(record.taskId)", link) {
            try operations.finish($0, record, wholeRecord: wholeRecord)
        }
        guard let refusals else { return }
        counterLock.withLock { completedCount += 1 }
        if !refusals.isEmpty { log("task \(record.taskId): Redis refused part of finishing it: \(refusals.joined(separator: "; "))") }
    }

    /// PRESERVE_TASKS=false: finishes every queued task as `error` so that waiting clients hear back.
    private func discardQueuedTasks(_ link: RedisLink) {
        var discarded = 0
        while let taken = retrying("discarding queued tasks", link, { try operations.take($0, wait: false) }), let taken {
            let record: TaskRecord
            switch taken {
            case var .runnable(runnable):
                runnable.status = .error
                runnable.error = "discarded at shutdown"
                runnable.updatedAt = TaskClock.now()
                record = runnable
            case let .unreadable(taskId, _):
                record = errorRecord(taskId, "discarded at shutdown")
            case let .alreadyFinished(taskId):
                _ = retrying("dropping a finished task", link) { try operations.drop($0, taskId: taskId) }
                continue
            }
            finish(record, wholeRecord: { if case .unreadable = taken { return true } else { return false } }(), link)
            discarded += 1
        }
        if discarded > 0 { log("discarded \(discarded) queued tasks (PRESERVE_TASKS=false)") }
    }

    private func errorRecord(_ taskId: String, _ message: String) -> TaskRecord {
        let now = TaskClock.now()
        return TaskRecord(
            taskId: taskId, script: "", status: .error, callerId: "", contextId: configuration.circle.hex,
            createdAt: now, error: message, timeoutSecs: 0)
    }

    /// Runs `body` on the link's connection. While Redis is unreachable it reconnects with
    /// backoff (0.1 s doubling to 2 s); returns nil when a stop is requested meanwhile.
    /// Other errors (a refusal by a working server) are logged and retried the same way.
    private func retrying<T>(_ activity: String, _ link: RedisLink, _ body: (RedisConnection) throws -> T) -> T? {
        var backoff = 0.1
        var reported = false
        while true {
            do {
                let result = try body(link.current())
                if reported { log("Redis is back; \(activity) again") }
                return result
            } catch {
                if !reported { log("\(activity): \(error); retrying with backoff") }
                reported = true
                if stopSignal.wait(seconds: backoff) { return nil }
                backoff = min(backoff * 2, 2)
            }
        }
    }

    private func log(_ message: String) {
        configuration.log(message)
    }

    private func trace(_ message: String) {
        if configuration.verbose { configuration.log(message) }
    }
}
