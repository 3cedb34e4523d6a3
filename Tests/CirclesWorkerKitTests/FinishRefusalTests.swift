import CirclesCore
import CirclesWorkerKit
import Foundation
import Testing
import TestSupport

/// Redis refusing to store a finished task (issue 12, item 2), against a real redis-server: the
/// task ends as `error` with Redis' reason, the worker goes on, and it says `degraded` meanwhile.
@Suite(.serialized) struct FinishRefusalTests {
    /// `maxmemory` with `noeviction`: a result that does not fit is refused (`OOM …`); it used to be
    /// retried forever while the tasks behind it waited.
    @Test func aResultOverMaxmemoryEndsAsAnErrorAndTheNextElevenComplete() async throws {
        let harness = try WorkerHarness()
        try harness.startWorker()
        let admin = try harness.redis.connect()
        let memory = try admin.command(["INFO", "memory"]).string ?? ""
        let used = try #require(memory.split(separator: "\r\n").first { $0.hasPrefix("used_memory:") }.flatMap { Int($0.dropFirst("used_memory:".count)) })
        try admin.command(["CONFIG", "SET", "maxmemory-policy", "noeviction"])
        try admin.command(["CONFIG", "SET", "maxmemory", String(used + 1_000_000)])
        defer { _ = try? admin.command(["CONFIG", "SET", "maxmemory", "0"]) }
        let dispatcher = harness.dispatcher()

        let big = try await dispatcher.run(script: #"let s = "x"; while s.len() < 4000000 { s += s; } s"#, circle: harness.circle, caller: "", timeout: 20)
        #expect(big.status == .error)
        #expect(big.error?.hasPrefix("Redis refused to store the task's result: OOM") == true, "\(String(describing: big.error))")
        #expect(big.output == nil)
        for index in 1...11 {
            let record = try await dispatcher.run(script: "\(index) * 2", circle: harness.circle, caller: "", timeout: 20)
            #expect(record.status == .completed && record.output == "\(index * 2)")
        }
        let stats = try admin.command(["HGETALL", RedisKeys.statistics(harness.circle)]).hashFields ?? [:]
        #expect(stats["completed"] == "11" && stats["errored"] == "1")
    }

    /// While even the small error record is refused (here: the record key was replaced by a string,
    /// so its `HSET` fails with WRONGTYPE), the liveness hash says `degraded` with Redis' reason; once
    /// Redis takes the record the task ends as `error`, the worker is `ok` again and goes on.
    @Test func aWorkerThatCannotFinishSaysDegradedUntilItCan() async throws {
        let harness = try WorkerHarness()
        var configuration = harness.configuration(workerId: "w-degraded")
        configuration.taskTimeout = 60  // the task below runs 8 s,
        configuration.maxOperations = 0  // and the harness's operation limit would stop it in a fraction of a second
        try harness.startWorker(configuration)
        let admin = try harness.redis.connect()
        let dispatcher = harness.dispatcher()
        let liveness = RedisKeys.worker(harness.circle, "w-degraded")
        // 8 s: the poll below must see it running even when the suites beside it starve this thread.
        let id = try await dispatcher.submit(script: "let t = timestamp(); while t.elapsed < 8.0 {} 7", circle: harness.circle, caller: "", timeout: 60)
        try await waitUntil("the task runs", seconds: 30) {
            try admin.command(["HGET", RedisKeys.taskDetails(id), "status"]).string == "processing"
        }
        #expect(try admin.command(["HGET", liveness, "state"]).string == "ok")
        try admin.command(["DEL", RedisKeys.taskDetails(id)])
        try admin.command(["SET", RedisKeys.taskDetails(id), "not a hash"])
        try await waitUntil("the worker says it is degraded", seconds: 60) {
            try admin.command(["HGET", liveness, "state"]).string == "degraded"
        }
        #expect(try admin.command(["HGET", liveness, "problem"]).string?.hasPrefix("WRONGTYPE") == true)

        try admin.command(["DEL", RedisKeys.taskDetails(id)])
        let record = try await dispatcher.awaitResult(taskId: id, timeout: 60)
        #expect(record.status == .error)
        #expect(record.error?.hasPrefix("Redis refused to store the task's result: WRONGTYPE") == true, "\(String(describing: record.error))")
        try await waitUntil("the worker is ok again", seconds: 20) {
            try admin.command(["HGET", liveness, "state"]).string == "ok"
        }
        let next = try await dispatcher.run(script: "40 + 2", circle: harness.circle, caller: "", timeout: 20)
        #expect(next.output == "42")
    }

    /// A flushed script cache (Redis restarted without persistence, `SCRIPT FLUSH`) is not a
    /// refusal: the finish is sent again with the script's source and the task completes.
    @Test func aFlushedScriptCacheIsNotARefusal() async throws {
        let harness = try WorkerHarness()
        try harness.startWorker()
        let admin = try harness.redis.connect()
        let dispatcher = harness.dispatcher()
        for round in 1...3 {
            try admin.command(["SCRIPT", "FLUSH"])
            let record = try await dispatcher.run(script: "\(round) + 1", circle: harness.circle, caller: "", timeout: 20)
            #expect(record.status == .completed && record.output == "\(round + 1)", "\(String(describing: record.error))")
        }
    }
}
