import CirclesCore
import Foundation
import Testing
import TestSupport

/// The Dispatcher against a real redis-server and an in-process worker.
@Suite(.serialized) struct DispatcherTests {
    @Test func runReturnsTheFinishedRecord() async throws {
        let harness = try WorkerHarness()
        try harness.startWorker()
        let dispatcher = harness.dispatcher()
        let record = try await dispatcher.run(script: "let x = 40; x + 2", circle: harness.circle, caller: harness.circle.hex, timeout: 10)
        #expect(record.status == .completed)
        #expect(record.output == "42")
        #expect(record.contextId == harness.circle.hex)
        #expect(record.createdAt.hasSuffix("Z") && record.createdAt.count == 24)
        let status = try await dispatcher.status(taskId: record.taskId)
        #expect(status?.status == .completed && status?.output == "42")
        let again = try await dispatcher.awaitResult(taskId: record.taskId, timeout: 1)
        #expect(again.output == "42")
    }

    @Test func theRecordIsWrittenBeforeTheIdIsQueued() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        let taskId = try await dispatcher.submit(script: "1", circle: harness.circle, caller: "", timeout: 7)
        let redis = try harness.redis.connect()
        #expect(try redis.command(["LRANGE", RedisKeys.tasks(harness.circle), "0", "-1"]) == .array([.bulk(Array(taskId.utf8))]))
        let record = try #require(try await dispatcher.status(taskId: taskId))
        #expect(record.status == .pending && record.timeoutSecs == 7 && record.attempts == 0 && record.callerId == "")
        #expect(record.replyToQueue == "rhai_reply:\(taskId)")
        #expect(UUID(uuidString: taskId) != nil && Array(taskId)[14] == "4")
    }

    @Test func noReplyInTimeIsTimedOutWithTheTaskId() async throws {
        let harness = try WorkerHarness()
        let started = Date()
        do {
            _ = try await harness.dispatcher().run(script: "1", circle: harness.circle, caller: "", timeout: 0.5)
            Issue.record("no worker, yet a result")
        } catch let error as DispatchError {
            guard case let .timedOut(taskId, _) = error else { throw error }
            #expect(error.exitCode == 75)
            #expect(error.description.contains(taskId))
        }
        // The wait ends by the timeout, not by a hang. The bound is loose on purpose: with the other
        // suites running beside it on two cores, the timer has been seen to fire 10 s late.
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func manyConcurrentWaitsShareFewConnections() async throws {
        let harness = try WorkerHarness()
        try harness.startWorker()
        let dispatcher = harness.dispatcher()
        let outputs = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let record = try await dispatcher.run(script: "\(index) * 2", circle: harness.circle, caller: harness.circle.hex, timeout: 30)
                    return (index, record.output)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(outputs.count == 200)
        #expect(outputs.allSatisfy { $0.value == String($0.key * 2) })
        let clients = try harness.redis.connect().command(["CLIENT", "LIST"]).string ?? ""
        let connections = clients.split(separator: "\n").count
        #expect(connections <= 10, "\(connections) connections")
    }

    @Test func repliesOfRunAndAwaitResultEachReachTheirWaiter() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        let submitted = try await dispatcher.submit(script: "\"submitted\"", circle: harness.circle, caller: "", timeout: 30)
        let awaited = Task { try await dispatcher.awaitResult(taskId: submitted, timeout: 30) }
        let runs = (0..<3).map { index in
            Task { try await dispatcher.run(script: "\(index) + 100", circle: harness.circle, caller: "", timeout: 30) }
        }
        // No worker yet: the run records name the dispatcher's own reply list.
        let redis = try harness.redis.connect()
        var runIds: [String] = []
        for _ in 0..<100 where runIds.count < 3 {
            try await Task.sleep(nanoseconds: 20_000_000)
            runIds = try (redis.command(["LRANGE", RedisKeys.tasks(harness.circle), "0", "-1"]).array ?? []).compactMap(\.string).filter { $0 != submitted }
        }
        #expect(runIds.count == 3)
        for id in runIds {
            let queue = try redis.command(["HGET", RedisKeys.taskDetails(id), "replyToQueue"]).string ?? ""
            #expect(queue.hasPrefix("circles:dispatcher:") && queue.hasSuffix(":replies"), "\(queue)")
        }
        try harness.startWorker()
        for (index, run) in runs.enumerated() { #expect(try await run.value.output == String(index + 100)) }
        #expect(try await awaited.value.output == "submitted")
    }

    @Test func aReplyAfterItsWaitTimedOutIsDroppedAndLaterRunsGetTheirOwn() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        await #expect(throws: DispatchError.self) {
            try await dispatcher.run(script: "\"late\"", circle: harness.circle, caller: "", timeout: 0.3)
        }
        try harness.startWorker()
        for index in 0..<5 {
            let record = try await dispatcher.run(script: "\(index)", circle: harness.circle, caller: "", timeout: 10)
            #expect(record.output == String(index))
        }
    }

    @Test func redisDownIsUnavailable() async throws {
        let port = try TestRedis.freeLoopbackPort()
        let dispatcher = Dispatcher(url: RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port)))
        let circle = PrivateKey.generate().publicKey
        await #expect {
            try await dispatcher.run(script: "1", circle: circle, caller: "", timeout: 5)
        } throws: { error in
            (error as? RedisError)?.exitCode == 69
        }
    }

    @Test func cancellingAWaitEndsIt() async throws {
        let harness = try WorkerHarness()
        let dispatcher = harness.dispatcher()
        let waiting = Task { try await dispatcher.run(script: "1", circle: harness.circle, caller: "", timeout: 60) }
        try await Task.sleep(nanoseconds: 200_000_000)
        waiting.cancel()
        let result = await waiting.result
        #expect(throws: CancellationError.self) { try result.get() }
    }
}
