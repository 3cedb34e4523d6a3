import CirclesCore
import Foundation
import Logging
import Rhai

/// One instance of a circle's worker (docs/PROTOCOL.md §2–§3): takes task ids from the circle's
/// queue, runs their scripts, finishes their records, and keeps its liveness key fresh.
///
/// Before anything else it takes (or shares) the circle's data-home lease: when another host
/// holds it, `run()` throws `DataHomeElsewhere` without opening the database.
/// `run()` blocks until `stop()`; then the task in hand is finished, queued tasks are left
/// alone (or, with `preserveTasks` false, finished as `error`), and `run()` returns. When Redis
/// goes away the worker reconnects with backoff and never drops the task in hand.
public final class Worker: @unchecked Sendable {
    public let configuration: WorkerConfiguration
    private let operations: QueueOperations
    private let stopSignal = StopSignal()
    private let takeInterrupter: TakeInterrupter
    private let health = WorkerHealth()
    private let counterLock = NSLock()
    private var completedCount = 0

    /// Seconds between the error lines of a login Redis keeps refusing.
    static let loginRefusalReportInterval = 60.0

    /// The native stack of the thread scripts run on.
    public static let scriptStackSize = 256 << 20

    /// The database is opened by `run()`, once the circle's data home is this host.
    public init(configuration: WorkerConfiguration) {
        self.configuration = configuration
        self.operations = QueueOperations(configuration: configuration)
        self.takeInterrupter = TakeInterrupter(url: configuration.redisURL, takeTimeout: configuration.takeTimeout)
    }

    /// Asks `run()` to finish the task in hand and return; an idle worker's wait for a task is cut
    /// short at once (`TakeInterrupter`). Safe from any thread or signal-handling thread; returns
    /// within milliseconds (at most the take timeout + 1 s when Redis hangs).
    public func stop() {
        stopSignal.set()
        takeInterrupter.interrupt()
    }

    /// How many tasks this instance has finished.
    public var tasksDone: Int {
        counterLock.withLock { completedCount }
    }

    /// Serves the queue until `stop()`. Returns normally after a clean shutdown.
    /// - Throws: `DataHomeElsewhere` when another host holds the circle's data-home lease;
    ///   `CircleDatabaseError` when the database cannot be opened.
    public func run() throws {
        try Engine.runOnLargeStack(stackSize: Self.scriptStackSize) { [self] in try serve() }
    }

    // MARK: - The loop

    private func serve() throws {
        let link = RedisLink(url: configuration.redisURL)
        let lease = operations.homeLease
        guard let holder = retrying("starting", link, lease.hold) else { return }
        guard holder == lease.hostName else { throw lease.refusal(holder: holder) }
        let runner = ScriptRunner(configuration: configuration, database: try CircleDatabase(path: configuration.databasePath))
        let startedAt = TaskClock.now()
        let circle = configuration.circle.hex
        let started: Void? = retrying("starting", link) { connection in
            try operations.recover(connection, includingSelf: true).report(to: logger)
            try operations.beat(connection, startedAt: startedAt, tasksDone: 0, problem: nil)
        }
        guard started != nil else { return }
        logger.info("serving circle \(circle) as worker \(configuration.workerId) (database \(configuration.databasePath))")
        let heartbeat = Heartbeat(operations: operations, startedAt: startedAt, tasksDone: { [self] in tasksDone }, health: health, logger: logger)
        heartbeat.start()

        work(link, wait: true) { [self] in run($0, runner) }
        if !configuration.preserveTasks {
            let discarded = work(link, wait: false) { [self] in discard($0) }
            if discarded > 0 { logger.notice("discarded \(discarded) queued tasks (PRESERVE_TASKS=false)") }
        }
        heartbeat.stop()
        _ = try? operations.signOff(link.current())
        logger.info("stopped after \(tasksDone) tasks")
    }

    /// Takes tasks and completes them, each completion sent together with the take of the
    /// next task (one round trip per task), until a stop is requested (`wait`: taking waits
    /// for new tasks) or the queue is empty (no `wait`). Returns how many tasks it completed.
    @discardableResult
    private func work(_ link: RedisLink, wait: Bool, _ complete: (TakenTask) -> Completion) -> Int {
        var completed = 0
        var pending: Completion?
        while true {
            if wait && !takeInterrupter.beginWait(link, unlessStopped: stopSignal) {
                if let pending { _ = completeAlone(pending, link) }
                return completed
            }
            let next = takeNext(link, wait: wait, completing: pending)
            if wait { takeInterrupter.endWait() }
            switch next {
            case .stopped:
                return completed
            case .idle:
                pending = nil
                if !wait { return completed }
            case let .task(taken):
                pending = complete(taken)
                completed += 1
                counterLock.withLock { completedCount += 1 }
            }
        }
    }

    private enum Next {
        case task(TakenTask)
        case idle
        /// A stop was requested while Redis was unreachable.
        case stopped
    }

    /// Sends `completion` with the take of the next task. When that fails, the completion may
    /// or may not have landed: it is sent again on its own (the finish is fenced, so it cannot
    /// land twice), then the next task is taken (an id moved by an interrupted `BLMOVE` comes
    /// first, since taking starts with the processing list).
    private func takeNext(_ link: RedisLink, wait: Bool, completing completion: Completion?) -> Next {
        if let completion {
            do {
                let step = try operations.take(link.current(), wait: wait, completing: completion)
                report(step.finish, of: completion)
                return step.taken.map(Next.task) ?? .idle
            } catch let refused as FinishRefused {
                guard completeAlone(completion, link, refused: refused) else { return .stopped }
            } catch {
                logger.warning("task \(completion.taskId): \(error); completing it again")
                guard completeAlone(completion, link) else { return .stopped }
            }
        }
        guard let step = retrying("waiting for tasks", link, { try operations.take($0, wait: wait) }) else { return .stopped }
        return step.taken.map(Next.task) ?? .idle
    }

    /// Sends a completion on its own until it lands, or a stop is requested (then the id stays in
    /// the processing list, and a later recovery puts it back on the queue). While Redis is
    /// unreachable it retries with backoff. A completion Redis refuses as a whole (`OOM` under
    /// `maxmemory`, say) is sent again as a small `error` naming Redis' reason; while even that is
    /// refused the worker is `degraded` (its liveness hash says so) and retries with backoff.
    private func completeAlone(_ completion: Completion, _ link: RedisLink, refused: FinishRefused? = nil) -> Bool {
        var completion = completion
        var refusal = refused
        var backoff = 0.1
        while true {
            if let refused = refusal {
                health.degrade(refused.reason)
                if let smaller = operations.finishingAsError(completion, reason: refused.reason) {
                    logger.error("task \(completion.taskId): \(refused); finishing it as an error")
                    completion = smaller
                } else {
                    if backoff == 0.1 { logger.error("task \(completion.taskId): \(refused), even as an error; retrying with backoff (degraded)") }
                    if stopSignal.wait(seconds: backoff) { return false }
                    backoff = min(backoff * 2, 2)
                }
            }
            let attempt = retrying("finishing task \(completion.taskId)", link) { connection -> Result<FinishOutcome, FinishRefused> in
                do {
                    return .success(try operations.complete(connection, completion))
                } catch let refused as FinishRefused {
                    return .failure(refused)
                }
            }
            switch attempt {
            case nil:
                return false
            case let .success(finish)?:
                if health.recover() { logger.notice("task \(completion.taskId): finished; no longer degraded") }
                report(finish, of: completion)
                return true
            case let .failure(refused)?:
                refusal = refused
            }
        }
    }

    private func report(_ finish: FinishOutcome?, of completion: Completion) {
        switch finish {
        case let .finished(refusals)? where !refusals.isEmpty:
            logger.error("task \(completion.taskId): Redis refused part of finishing it: \(refusals.joined(separator: "; "))")
        case .notOurs?:
            logger.warning("task \(completion.taskId): no longer in this worker's processing list (recovered while this worker looked dead); its late finish was dropped")
        default:
            break
        }
    }

    /// Runs a taken task's script and says how to complete it.
    private func run(_ taken: TakenTask, _ runner: ScriptRunner) -> Completion {
        switch taken {
        case var .runnable(record):
            TestFaultHook.beforeRunning(record.script)
            let start = MonotonicClock.now()
            let outcome = runner.run(record)
            let duration = MonotonicClock.now() - start
            switch outcome {
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
            logger.debug("task \(record.taskId) from \(record.callerId.isEmpty ? "anonymous" : record.callerId) \(record.status.rawValue) in \(String(format: "%.1f", duration * 1000)) ms")
            return operations.finishing(record, wholeRecord: false, duration: duration)
        case let .unreadable(taskId, reason):
            logger.error("task \(taskId): \(reason); finishing it as an error")
            return operations.finishing(errorRecord(taskId, "the task record cannot be used: \(reason)"), wholeRecord: true)
        case let .alreadyFinished(taskId):
            logger.debug("task \(taskId): already finished, dropped from the processing list")
            return operations.dropping(taskId: taskId)
        }
    }

    /// PRESERVE_TASKS=false: a queued task is finished as `error`, so that waiting clients hear back.
    private func discard(_ taken: TakenTask) -> Completion {
        switch taken {
        case var .runnable(record):
            record.status = .error
            record.error = "discarded at shutdown"
            record.updatedAt = TaskClock.now()
            return operations.finishing(record, wholeRecord: false)
        case let .unreadable(taskId, _):
            return operations.finishing(errorRecord(taskId, "discarded at shutdown"), wholeRecord: true)
        case let .alreadyFinished(taskId):
            return operations.dropping(taskId: taskId)
        }
    }

    private func errorRecord(_ taskId: String, _ message: String) -> TaskRecord {
        let now = TaskClock.now()
        return TaskRecord(
            taskId: taskId, script: "", status: .error, callerId: "", contextId: configuration.circle.hex,
            createdAt: now, error: message, timeoutSecs: 0)
    }

    /// Runs `body` on the link's connection. While Redis is unreachable it reconnects with
    /// backoff (0.1 s doubling to 2 s); returns nil when a stop is requested meanwhile.
    /// Other errors (a refusal by a working server) are logged and retried the same way. A
    /// refused login (a wrong password) is logged at error level, again every minute while it lasts.
    private func retrying<T>(_ activity: String, _ link: RedisLink, _ body: (RedisConnection) throws -> T) -> T? {
        var backoff = 0.1
        var reported = false
        var loginRefusalReportedAt = -Double.infinity
        while true {
            do {
                let result = try body(link.current())
                if reported { logger.notice("Redis is back; \(activity) again") }
                return result
            } catch {
                if case RedisError.authFailed = error {
                    if MonotonicClock.now() - loginRefusalReportedAt >= Self.loginRefusalReportInterval {
                        loginRefusalReportedAt = MonotonicClock.now()
                        logger.error("\(activity): \(error); retrying with backoff, reported again every minute")
                    }
                } else if !reported {
                    logger.warning("\(activity): \(error); retrying with backoff")
                }
                reported = true
                if stopSignal.wait(seconds: backoff) { return nil }
                backoff = min(backoff * 2, 2)
            }
        }
    }

    private var logger: Logger { configuration.logger }
}
