import CirclesCore
import Foundation
import Testing
import TestSupport

/// Fenced finishing (issue 12, item 5) with real `circles-worker` processes: a worker stopped
/// (SIGSTOP) past its liveness TTL loses its task to recovery; another worker runs and finishes
/// it; when the first resumes, its late finish is dropped and logged — one reply, one count —
/// and so are its database writes: the circle's database is written once.
@Suite(.serialized) struct FinishFencingTests {
    @Test(.timeLimit(.minutes(4)))
    func aLateFinishAfterRecoveryIsDroppedAndLogged() async throws {
        let redis = try TestRedis()
        let circle = PrivateKey.generate().publicKey
        let databasePath = NSTemporaryDirectory() + "fencing-\(UUID().uuidString).db"
        let arguments = ["--task-timeout", "120", "--max-operations", "0"]
        let first = try WorkerProcess(circle: circle, redis: redis, workerId: "first", databasePath: databasePath, arguments: arguments)
        let dispatcher = Dispatcher(url: redis.url, connections: 1)
        defer { dispatcher.close() }
        // 15 s: long enough that the SIGSTOP below lands while it runs, even when this test's
        // polling is starved for seconds by the suites running beside it.
        // The counter is read and written before the pause: the late run's write is held, then dropped.
        let script = #"let n = (db_get("n") ?? 0) + 1; db_set("n", n); let t = timestamp(); while t.elapsed < 15.0 {} n"#
        let id = try await dispatcher.submit(script: script, circle: circle, caller: circle.hex, timeout: 120)
        let connection = try redis.connect()
        do {
            try await waitUntil("the first worker runs the task", seconds: 60) {
                try connection.command(["HGET", RedisKeys.taskDetails(id), "status"]).string == "processing"
            }
        } catch {
            let record = try connection.command(["HGETALL", RedisKeys.taskDetails(id)]).hashFields ?? [:]
            Issue.record("the task is \(record); the first worker's log: \(first.process.stderr)")
            throw error
        }
        first.process.kill(SIGSTOP)
        defer { first.process.kill(SIGCONT) }
        try #require(try connection.command(["HGET", RedisKeys.taskDetails(id), "status"]).string == "processing", "the task ended before the first worker was stopped")
        try #require(try connection.command(["LPOS", RedisKeys.processing(circle, "first"), id]).integer == 0)
        // The second worker recovers the task once the first one's liveness key expires (10 s), runs it and finishes it.
        let second = try WorkerProcess(circle: circle, redis: redis, workerId: "second", databasePath: databasePath, arguments: arguments)
        try await waitUntil("the second worker finished the task", seconds: 60) {
            try connection.command(["HGET", RedisKeys.taskDetails(id), "status"]).string == "completed"
        }
        let finishedAt = try connection.command(["HGET", RedisKeys.taskDetails(id), "updatedAt"]).string
        #expect(try connection.command(["HGET", RedisKeys.taskDetails(id), "output"]).string == "1")

        first.process.kill(SIGCONT)
        let dropped = await eventually(timeout: 30) { first.process.stderr.contains("task \(id): no longer in this worker's processing list") }
        #expect(dropped, "the first worker's log: \(first.process.stderr)")
        #expect(first.process.stderr.contains("task \(id): its database writes were already applied by another run of it"), "the first worker's log: \(first.process.stderr)")
        #expect(try connection.command(["LLEN", RedisKeys.reply(id)]).integer == 1)
        #expect(try connection.command(["HGET", RedisKeys.statistics(circle), "completed"]).string == "1")
        #expect(try connection.command(["HGET", RedisKeys.taskDetails(id), "updatedAt"]).string == finishedAt)
        #expect(try connection.command(["HGET", RedisKeys.taskDetails(id), "output"]).string == "1")
        #expect(try connection.command(["HGET", RedisKeys.taskDetails(id), "attempts"]).string == "1")
        // Both workers go on serving.
        let next = try await dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 30)
        #expect(next.output == "42")
        // The database was written once: by the run that finished the task.
        let counter = try await dispatcher.run(script: #"db_get("n")"#, circle: circle, caller: "", timeout: 30)
        #expect(counter.output == "1", "\(counter)")
        #expect(first.stop() == 0 && second.stop() == 0)
    }
}
