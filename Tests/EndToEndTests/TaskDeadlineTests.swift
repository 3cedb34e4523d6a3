import CirclesCore
import Foundation
import Testing
import TestSupport

/// A task stops soon after its timeout even when each operation is long (issue 12, item 7): a
/// search or split through an 8 MB string is one operation, and the alarm stops the script at
/// the next one. Real circles-worker process, private redis-server.
@Suite(.serialized) struct TaskDeadlineTests {
    @Test(.timeLimit(.minutes(3)), arguments: [
        #"let n = 0; loop { n += s.index_of("y"); }"#,
        #"let n = 0; loop { n += s.split("y").len(); }"#,
    ])
    func longNativeOperationsStopWithinASecondOfTheTimeout(loop: String) async throws {
        let redis = try TestRedis()
        defer { _ = try? redis.connect().command(["SHUTDOWN", "NOSAVE"]) }
        let circle = PrivateKey.generate().publicKey
        let worker = try WorkerProcess(circle: circle, redis: redis, databasePath: NSTemporaryDirectory() + "deadline-\(UUID().uuidString).db",
                                       arguments: ["--task-timeout", "2", "--max-operations", "0"])
        let dispatcher = Dispatcher(url: redis.url)
        defer { dispatcher.close() }
        let started = Date()
        let record = try await dispatcher.run(script: #"let s = "x"; while s.len() < 8000000 { s += s; } "# + loop, circle: circle, caller: "", timeout: 60)
        let elapsed = Date().timeIntervalSince(started)
        #expect(record.error?.contains("time limit of 2 s (--task-timeout)") == true, "\(record)")
        #expect(elapsed < 3, "stopped after \(elapsed) s")
        #expect(worker.stop() == 0)
    }
}
