import CirclesCore
import Foundation
import Testing
import TestSupport

/// The reliability rules of docs/PROTOCOL.md §2 with real `circles-worker` processes.
@Suite(.serialized) struct WorkerReliabilityTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "reliability-\(UUID().uuidString).db"

    init() throws {
        redis = try TestRedis()
    }

    private func startWorker(id: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> WorkerProcess {
        try WorkerProcess(circle: circle, redis: redis, workerId: id, databasePath: databasePath,
                          arguments: ["--max-operations", "1000000", "--task-timeout", "5"] + arguments, environment: environment)
    }

    /// A little work per task, so that kills land while tasks run; the output tells tasks apart.
    private static func script(_ number: Int) -> String { "let s = 0; for i in 0..300 { s += i; } s + \(number)" }
    private static func expectedOutput(_ number: Int) -> String { String(44_850 + number) }

    /// Submits `count` tasks from `producers` concurrent Dispatchers; returns task id → number.
    private func submit(_ count: Int, producers: Int) async throws -> [String: Int] {
        try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for producer in 0..<producers {
                group.addTask { [redis, circle] in
                    let dispatcher = Dispatcher(url: redis.url, connections: 1)
                    defer { dispatcher.close() }
                    var ids: [String: Int] = [:]
                    for number in stride(from: producer, to: count, by: producers) {
                        ids[try await dispatcher.submit(script: Self.script(number), circle: circle, caller: "", timeout: 60)] = number
                    }
                    return ids
                }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
    }

    /// Waits until every task is `completed`; returns how many are.
    private func waitForCompletion(_ ids: [String], seconds: Double) throws -> Int {
        let connection = try redis.connect()
        let deadline = Date(timeIntervalSinceNow: seconds)
        var completed = 0
        repeat {
            let statuses = try connection.pipeline(ids.map { ["HGET", RedisKeys.taskDetails($0), "status"] })
            completed = statuses.filter { $0.string == "completed" }.count
            if completed == ids.count { break }
            usleep(100_000)
        } while Date() < deadline
        return completed
    }

    /// Every task completed exactly with its own output (each finish pushes one reply), and no
    /// processing list holds anything.
    private func checkNoTaskLostOrDoubled(_ ids: [String: Int]) throws {
        let connection = try redis.connect()
        let keys = Array(ids.keys)
        let completed = try waitForCompletion(keys, seconds: 40)
        #expect(completed == ids.count, "\(completed) of \(ids.count) tasks completed")
        let replies = try connection.pipeline(keys.map { ["LRANGE", RedisKeys.reply($0), "0", "-1"] })
        var finishedTwice = 0
        for (id, reply) in zip(keys, replies) {
            let records = try (reply.array ?? []).map { try TaskRecord(jsonText: $0.string ?? "") }
            if records.count > 1 { finishedTwice += 1 }
            #expect(!records.isEmpty, "no reply for \(id)")
            for record in records {
                #expect(record.status == .completed && record.output == Self.expectedOutput(ids[id]!), "task \(id): \(record)")
            }
        }
        let processingLists = try connection.command(["KEYS", RedisKeys.processing(circle, "*")]).array ?? []
        for list in processingLists {
            #expect(try connection.command(["LLEN", list.string ?? ""]) == .integer(0), "\(list) is not empty")
        }
        print("tasks: \(ids.count) completed, \(finishedTwice) finished twice with the same output")
    }

    @Test(.timeLimit(.minutes(2)))
    func noTaskLostWhileTheWorkerIsKilledAndRestartedThreeTimes() async throws {
        var worker = try startWorker(id: "w-restarted")
        async let submitted = submit(2_000, producers: 4)
        for round in 1...3 {
            try await Task.sleep(nanoseconds: UInt64(250 + 150 * round) * 1_000_000)
            #expect(worker.stop(SIGKILL) == 128 + SIGKILL)
            worker = try startWorker(id: "w-restarted")
        }
        let ids = try await submitted
        #expect(ids.count == 2_000)
        try checkNoTaskLostOrDoubled(ids)
        #expect(worker.stop() == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func theSurvivingWorkerRecoversTheKilledWorkersTasks() async throws {
        let doomed = try startWorker(id: "w-doomed", ["--max-operations", "0"])
        let dispatcher = Dispatcher(url: redis.url)
        let slow = try await dispatcher.submit(script: "let t = timestamp(); while t.elapsed < 2.0 {} \"slow\"", circle: circle, caller: "", timeout: 60)
        let connection = try redis.connect()
        try waitUntilHeld(slow, by: "w-doomed", connection)
        let survivor = try startWorker(id: "w-survivor", ["--max-operations", "0"])
        async let submitted = submit(600, producers: 4)
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(doomed.stop(SIGKILL) == 128 + SIGKILL)
        let ids = try await submitted
        // The survivor recovers the dead worker's list once its liveness key has expired (≤ 10 s)
        // at its next check (every 10 s).
        let recovered = try await dispatcher.awaitResult(taskId: slow, timeout: 30)
        #expect(recovered.status == .completed && recovered.output == "slow" && recovered.attempts == 1, "\(recovered)")
        try checkNoTaskLostOrDoubled(ids)
        #expect(try connection.command(["SISMEMBER", RedisKeys.workers(circle), "w-doomed"]) == .integer(0))
        #expect(try connection.command(["EXISTS", RedisKeys.processing(circle, "w-doomed")]) == .integer(0))
        #expect(survivor.stop() == 0)
    }

    private func waitUntilHeld(_ taskId: String, by workerId: String, _ connection: RedisConnection) throws {
        let list = RedisKeys.processing(circle, workerId)
        for _ in 0..<500 {
            if try connection.command(["LRANGE", list, "0", "-1"]).array?.contains(.bulk(Array(taskId.utf8))) == true { return }
            usleep(10_000)
        }
        Issue.record("\(workerId) never took \(taskId)")
    }

    @Test func runawayScriptsEndAsErrorsAndTheNextTaskStillCompletes() async throws {
        let worker = try startWorker(id: "w-limits")
        let dispatcher = Dispatcher(url: redis.url)
        async let loop = dispatcher.run(script: "loop {}", circle: circle, caller: "", timeout: 30)
        async let recursion = dispatcher.run(script: "fn f() { f() } f()", circle: circle, caller: "", timeout: 30)
        async let hugeString = dispatcher.run(script: #"let s = "0123456789"; loop { s += s; }"#, circle: circle, caller: "", timeout: 30)
        async let next = dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 30)
        let (loopRecord, recursionRecord, stringRecord, nextRecord) = try await (loop, recursion, hugeString, next)
        #expect(loopRecord.status == .error && loopRecord.error?.contains("limit of 1000000 operations") == true, "\(loopRecord)")
        #expect(recursionRecord.status == .error && recursionRecord.error?.contains("call depth limit of 128") == true, "\(recursionRecord)")
        #expect(stringRecord.status == .error && stringRecord.error?.contains("size limit") == true, "\(stringRecord)")
        #expect(nextRecord.status == .completed && nextRecord.output == "42")
        #expect(worker.process.isRunning)
        #expect(worker.stop() == 0)
    }

    @Test func aLoopWithoutAnOperationLimitEndsAtTheTaskTimeout() async throws {
        let worker = try startWorker(id: "w-timeout", ["--max-operations", "0", "--task-timeout", "1"])
        let record = try await Dispatcher(url: redis.url).run(script: "loop {}", circle: circle, caller: "", timeout: 10)
        #expect(record.status == .error && record.error?.contains("time limit of 1 s (--task-timeout)") == true, "\(record)")
        #expect(worker.stop() == 0)
    }

    /// A Redis restart without persistence loses the task (its record, the worker's processing
    /// list): the worker's finish is fenced by that list, so it writes no partial record that
    /// `circles-dispatch status` would call damaged; the worker goes on serving.
    @Test func aRedisRestartWithoutPersistenceLeavesNoPartialRecord() throws {
        let worker = try startWorker(id: "w-amnesia", ["--max-operations", "0", "--task-timeout", "30"])
        let sent = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--no-wait",
                                                                "-e", "let t = timestamp(); while t.elapsed < 8.0 {} 1"])
        let taskId = sent.stdout.trimmingWhitespace
        #expect(sent.exitCode == 0 && !taskId.isEmpty, "\(sent.stderr)")
        let connection = try redis.connect()
        try waitUntil("the worker runs the task", seconds: 60) {
            try connection.command(["HGET", RedisKeys.taskDetails(taskId), "status"]).string == "processing"
        }
        redis.stop()
        try redis.start()
        try waitUntil("the worker drops its late finish", seconds: 60) { worker.process.stderr.contains("task \(taskId): no longer in this worker's processing list") }
        let status = try BuiltExecutable.run("circles-dispatch", ["status", taskId, "--redis-url", redis.urlText])
        #expect(status.exitCode == 1 && status.stderr.contains(taskId) && !status.stderr.contains("damaged"), "\(status.stderr)")
        #expect(try redis.connect().command(["EXISTS", RedisKeys.taskDetails(taskId)]) == .integer(0))
        let next = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--timeout", "60", "-e", "40 + 2"])
        #expect(next.stdout == "42\n", "\(next.stderr)")
        #expect(worker.stop() == 0)
    }

    /// A wrong password is not retried silently: the worker says so at error level (and keeps
    /// trying, so that fixing the server's password brings it back), and still stops on SIGTERM.
    @Test func aRefusedLoginIsReportedAtErrorLevel() throws {
        let guarded = try TestRedis(password: "the-right-one")
        let worker = try RunningProcess("circles-worker", [
            "--circle-public-key", circle.hex, "--redis-url", "redis://:not-the-password@127.0.0.1:\(guarded.port)",
            "--worker-id", "w-refused", "--db-path", databasePath,
        ])
        try waitUntil("the worker reports the refused login", seconds: 60) { worker.stderr.contains("refused the login") }
        let line = try #require(worker.stderr.split(separator: "\n").first { $0.contains("refused the login") })
        #expect(line.contains(" error circles-worker: starting: Redis at ") && line.contains("WRONGPASS"), "\(line)")
        #expect(!worker.stderr.contains("not-the-password"))
        #expect(worker.isRunning)
        worker.kill(SIGTERM)
        #expect(worker.wait(timeout: 20) == 0)
    }

    @Test func theWorkerReconnectsAfterRedisRestartsAndDispatchSaysSixtyNineMeanwhile() throws {
        let worker = try startWorker(id: "w-reconnect")
        redis.stop()
        let down = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "-e", "1"])
        #expect(down.exitCode == 69)
        #expect(down.stderr.split(separator: "\n").count == 1)
        usleep(1_500_000)
        try redis.start()
        let result = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--timeout", "20", "-e", "40 + 2"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "42\n")
        // The heartbeat came back too (the restarted Redis had no liveness key).
        #expect(try redis.connect().command(["EXISTS", RedisKeys.worker(circle, "w-reconnect")]) == .integer(1))
        #expect(worker.stop() == 0)
        #expect(worker.process.stderr.contains("Redis is back"))
    }

    /// Sends `slowScript` to `worker`, waits until it runs, queues `"1"` behind it, then stops the
    /// worker with SIGTERM (which must exit 0). Returns the dispatcher, the slow task and the queued one.
    private func stopWhileBusy(_ worker: WorkerProcess, slowScript: String) async throws -> (Dispatcher, slow: String, queued: String) {
        let dispatcher = Dispatcher(url: redis.url)
        let slow = try await dispatcher.submit(script: slowScript, circle: circle, caller: "", timeout: 10)
        let connection = try redis.connect()
        while try connection.command(["HGET", RedisKeys.taskDetails(slow), "status"]).string != "processing" { usleep(10_000) }
        let queued = try await dispatcher.submit(script: "1", circle: circle, caller: "", timeout: 10)
        #expect(worker.stop(SIGTERM, within: 10) == 0)
        return (dispatcher, slow, queued)
    }

    @Test func sigtermDuringARunningTaskLetsItCompleteThenExitsZero() async throws {
        let worker = try startWorker(id: "w-sigterm", ["--max-operations", "0"])
        let (dispatcher, taskId, queued) = try await stopWhileBusy(worker, slowScript: "let t = timestamp(); while t.elapsed < 1.5 {} \"finished\"")
        let connection = try redis.connect()
        let record = try await dispatcher.awaitResult(taskId: taskId, timeout: 1)
        #expect(record.status == .completed && record.output == "finished")
        // PRESERVE_TASKS defaults to true: the task queued behind it is left on the queue.
        #expect(try await dispatcher.status(taskId: queued)?.status == .pending)
        #expect(try connection.command(["LLEN", RedisKeys.tasks(circle)]) == .integer(1))
    }

    @Test func withPreserveTasksFalseQueuedTasksAreDiscardedAtShutdown() async throws {
        let worker = try startWorker(id: "w-discard", ["--max-operations", "0"], environment: ["PRESERVE_TASKS": "false"])
        let (dispatcher, slow, queued) = try await stopWhileBusy(worker, slowScript: "let t = timestamp(); while t.elapsed < 1.0 {} 1")
        #expect(try await dispatcher.awaitResult(taskId: slow, timeout: 1).status == .completed)
        let discarded = try await dispatcher.awaitResult(taskId: queued, timeout: 1)
        #expect(discarded.status == .error && discarded.error == "discarded at shutdown")
    }
}
