import CirclesCore
import CirclesWorkerKit
import Foundation
import Testing
import TestSupport

/// The worker's queue protocol (docs/PROTOCOL.md §2) against a real redis-server, in-process.
@Suite(.serialized) struct WorkerTests {
    @Test func livenessKeyAndWorkerSet() throws {
        let harness = try WorkerHarness()
        let configuration = harness.configuration(workerId: "w-live")
        let worker = try harness.startWorker(configuration)
        let redis = try harness.redis.connect()
        let key = RedisKeys.worker(harness.circle, "w-live")
        let ttl = try #require(try redis.command(["TTL", key]).integer)
        #expect(ttl > 0 && ttl <= 10)
        let fields = try redis.command(["HGETALL", key]).array?.compactMap(\.string) ?? []
        for name in ["pid", "host", "startedAt", "heartbeatAt", "version", "tasksDone"] { #expect(fields.contains(name)) }
        #expect(try redis.command(["SISMEMBER", RedisKeys.workers(harness.circle), "w-live"]) == .integer(1))
        harness.stop(worker)
        #expect(try redis.command(["EXISTS", key]) == .integer(0))
        #expect(try redis.command(["SISMEMBER", RedisKeys.workers(harness.circle), "w-live"]) == .integer(0))
    }

    @Test func aDeadWorkersTasksAreRequeuedWithOneMoreAttempt() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        let redis = try harness.redis.connect()
        // A worker "dead" took two tasks and vanished: its ids sit in its processing list, no liveness key.
        var ids: [String] = []
        for script in ["1 + 1", "2 + 2"] {
            let id = try await dispatcher.submit(script: script, circle: harness.circle, caller: "", timeout: 5)
            _ = try redis.command(["LMOVE", RedisKeys.tasks(harness.circle), RedisKeys.processing(harness.circle, "dead"), "RIGHT", "LEFT"])
            ids.append(id)
        }
        _ = try redis.command(["SADD", RedisKeys.workers(harness.circle), "dead"])
        try harness.startWorker()
        for (id, output) in zip(ids, ["2", "4"]) {
            let record = try await dispatcher.awaitResult(taskId: id, timeout: 10)
            #expect(record.status == .completed && record.output == output && record.attempts == 1)
            #expect(record.lastDeath?.hasPrefix("worker dead stopped while running it; recovered at 20") == true, "\(record)")
        }
        #expect(try redis.command(["EXISTS", RedisKeys.processing(harness.circle, "dead")]) == .integer(0))
        #expect(try redis.command(["SISMEMBER", RedisKeys.workers(harness.circle), "dead"]) == .integer(0))
    }

    @Test func theSecondDeathQuarantinesTheTask() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        let redis = try harness.redis.connect()
        let id = try await dispatcher.submit(script: "1", circle: harness.circle, caller: "", timeout: 5)
        _ = try redis.command(["HSET", RedisKeys.taskDetails(id), "attempts", "1", "status", "processing"])
        _ = try redis.command(["LMOVE", RedisKeys.tasks(harness.circle), RedisKeys.processing(harness.circle, "dead"), "RIGHT", "LEFT"])
        _ = try redis.command(["SADD", RedisKeys.workers(harness.circle), "dead"])
        try harness.startWorker()
        let record = try await dispatcher.awaitResult(taskId: id, timeout: 10)
        #expect(record.status == .error)
        #expect(record.error?.hasPrefix("quarantined: 2 workers died while running this task (last: worker dead stopped while running it; recovered at ") == true, "\(record)")
        #expect(record.error?.hasSuffix("); it is not run again (circles-dispatch retry runs it once more)") == true, "\(record)")
        #expect(record.attempts == 2 && record.lastDeath?.hasPrefix("worker dead stopped") == true)
        #expect(try redis.command(["LLEN", RedisKeys.tasks(harness.circle)]) == .integer(0))
        let ttl = try #require(try redis.command(["TTL", RedisKeys.taskDetails(id)]).integer)
        #expect(ttl > 80_000)
    }

    @Test func aMissingRecordIsFinishedAsAnError() async throws {
        let harness = try WorkerHarness()
        try harness.startWorker()
        let redis = try harness.redis.connect()
        _ = try redis.command(["LPUSH", RedisKeys.tasks(harness.circle), "no-such-task"])
        let record = try await harness.dispatcher().awaitResult(taskId: "no-such-task", timeout: 10)
        #expect(record.status == .error)
        #expect(record.error?.contains("does not exist") == true)
    }

    @Test func finishingSetsTheTTLsAndEmptiesTheProcessingList() async throws {
        let harness = try WorkerHarness()
        var configuration = harness.configuration(workerId: "w-ttl")
        configuration.resultTTL = 600
        try harness.startWorker(configuration)
        let record = try await harness.dispatcher().run(script: "print(\"hello\"); 7", circle: harness.circle, caller: "", timeout: 10)
        #expect(record.logs == ["hello"])
        let redis = try harness.redis.connect()
        let ttl = try #require(try redis.command(["TTL", RedisKeys.taskDetails(record.taskId)]).integer)
        #expect(ttl > 500 && ttl <= 600)
        #expect(try redis.command(["LLEN", RedisKeys.processing(harness.circle, "w-ttl")]) == .integer(0))
        let stored = try #require(try await harness.dispatcher().status(taskId: record.taskId))
        #expect(stored.status == .completed && stored.output == "7" && stored.logs == ["hello"] && stored.script.contains("hello"))
    }

    @Test func theCircleStatisticsCountEveryFinishedTaskAcrossRestarts() async throws {
        let harness = try WorkerHarness()
        let redis = try harness.redis.connect()
        let dispatcher = harness.dispatcher()
        // A task finished by recovery counts as an error too.
        let recovered = try await dispatcher.submit(script: "1", circle: harness.circle, caller: "", timeout: 5)
        _ = try redis.command(["HSET", RedisKeys.taskDetails(recovered), "attempts", "1", "status", "processing"])
        _ = try redis.command(["LMOVE", RedisKeys.tasks(harness.circle), RedisKeys.processing(harness.circle, "dead"), "RIGHT", "LEFT"])
        _ = try redis.command(["SADD", RedisKeys.workers(harness.circle), "dead"])
        var worker = try harness.startWorker()
        _ = try await dispatcher.awaitResult(taskId: recovered, timeout: 10)
        for script in ["1", "2", "throw \"bad\""] { _ = try await dispatcher.run(script: script, circle: harness.circle, caller: "", timeout: 10) }
        harness.stop(worker)
        worker = try harness.startWorker()
        let last = try await dispatcher.run(script: "x", circle: harness.circle, caller: "", timeout: 10)
        _ = try await dispatcher.run(script: "3", circle: harness.circle, caller: "", timeout: 10)
        harness.stop(worker)

        let fields = try #require(try redis.command(["HGETALL", RedisKeys.statistics(harness.circle)]).hashFields)
        let statistics = CircleStatistics(fields: fields)
        #expect(statistics.completed == 3)
        #expect(statistics.errored == 3)
        #expect(statistics.lastErrorTask == last.taskId)
        #expect(statistics.lastError == last.error)
        #expect(statistics.lastErrorAt == last.updatedAt)
        // Five scripts ran (the recovered task did not): all of them in the histogram, quick ones in its low buckets.
        #expect(statistics.durationCount == 5)
        #expect(statistics.cumulativeBuckets.last?.count == 5)
        #expect(statistics.cumulativeBuckets.first { $0.upperBound == 1 }?.count == 5)
        #expect(statistics.durationSum > 0 && statistics.durationSum < 5)
    }

    @Test func activityShowsTheQueueTheWorkersAndTheCounters() async throws {
        let harness = try WorkerHarness()
        let redis = try harness.redis.connect()
        let dispatcher = harness.dispatcher()
        let other = try PublicKey(parsing: "02" + String(repeating: "ab", count: 32))
        var ids: [String] = []
        for script in ["1", "2"] { ids.append(try await dispatcher.submit(script: script, circle: harness.circle, caller: "", timeout: 5)) }
        var activity = try CircleActivity.read([harness.circle, other], on: redis)
        #expect(activity[0].queued == 2 && activity[0].workers.isEmpty && activity[0].statistics.finished == 0)
        #expect(activity[1].queued == 0 && activity[1].workers.isEmpty && activity[1].statistics == CircleStatistics())

        let worker = try harness.startWorker(harness.configuration(workerId: "w-activity"))
        for id in ids { _ = try await dispatcher.awaitResult(taskId: id, timeout: 10) }
        activity = try CircleActivity.read([harness.circle], on: redis)
        #expect(activity[0].queued == 0 && activity[0].processing == 0 && activity[0].statistics.completed == 2)
        #expect(activity[0].workers.map(\.workerId) == ["w-activity"] && activity[0].workersAlive == 1)
        #expect(activity[0].workers[0].liveness["pid"] == String(getpid()))
        harness.stop(worker)
        #expect(try CircleActivity.read([harness.circle], on: redis)[0].workers.isEmpty)
    }

    @Test func discardAtShutdownWhenTasksAreNotPreserved() async throws {
        let harness = try WorkerHarness()
        var configuration = harness.configuration()
        configuration.preserveTasks = false
        configuration.maxOperations = 0
        let worker = try harness.startWorker(configuration)
        let dispatcher = harness.dispatcher()
        // Runs 3 s, so that a poller slowed down by a loaded machine still sees it running.
        let slow = try await dispatcher.submit(script: "let t = timestamp(); while t.elapsed < 3.0 {} 1", circle: harness.circle, caller: "", timeout: 10)
        try await waitUntil("the slow task runs") {
            try harness.redis.connect().command(["HGET", RedisKeys.taskDetails(slow), "status"]) == .bulk(Array("processing".utf8))
        }
        var queued: [String] = []
        for _ in 0..<3 { queued.append(try await dispatcher.submit(script: "2", circle: harness.circle, caller: "", timeout: 10)) }
        harness.stop(worker)
        #expect(try await dispatcher.awaitResult(taskId: slow, timeout: 10).status == .completed)
        for id in queued {
            let record = try await dispatcher.awaitResult(taskId: id, timeout: 5)
            #expect(record.status == .error && record.error == "discarded at shutdown")
        }
    }

    /// An idle worker's `BLMOVE` is cut short by `stop()` (CLIENT UNBLOCK), so stopping does not
    /// wait for the take timeout — 30 s here, so that only the interruption can pass the bound.
    @Test func stoppingAnIdleWorkerDoesNotWaitForItsTakeTimeout() async throws {
        let harness = try WorkerHarness()
        var configuration = harness.configuration()
        configuration.takeTimeout = 30
        for round in 1...3 {
            let worker = try harness.startWorker(configuration)
            try await waitUntil("the worker blocks in BLMOVE") {
                (try harness.redis.connect().command(["CLIENT", "LIST"]).string ?? "").contains("cmd=blmove")
            }
            let start = MonotonicClock.now()
            harness.stop(worker)
            let seconds = MonotonicClock.now() - start
            #expect(seconds < 5, "round \(round): stop() took \(seconds) s")
        }
        // Still serving correctly after interrupted takes: a task queued now is run by a new worker.
        try harness.startWorker(configuration)
        let record = try await harness.dispatcher().run(script: "40 + 2", circle: harness.circle, caller: "", timeout: 10)
        #expect(record.output == "42")
    }

    /// A stop that arrives while the worker is between tasks (not yet blocked) still ends it at
    /// once: either the worker sees the flag before its take, or the take is unblocked once Redis blocks it.
    @Test func stoppingRightAfterATaskDoesNotWaitForTheTakeTimeout() async throws {
        let harness = try WorkerHarness()
        var configuration = harness.configuration()
        configuration.takeTimeout = 30
        let dispatcher = harness.dispatcher()
        for round in 1...5 {
            let worker = try harness.startWorker(configuration)
            let record = try await dispatcher.run(script: "\(round)", circle: harness.circle, caller: "", timeout: 10)
            #expect(record.output == "\(round)")
            let start = MonotonicClock.now()
            harness.stop(worker)
            let seconds = MonotonicClock.now() - start
            #expect(seconds < 5, "round \(round): stop() took \(seconds) s")
        }
    }
}
