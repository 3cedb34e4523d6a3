import CirclesCore
import Foundation
import Testing
import TestSupport

/// Hostile scripts (issue 12, item 1) against a real circles-worker under a 3 GB `ulimit -v`, so
/// that a regression fails the test instead of taking the machine: each ends as an error naming
/// a limit, the worker lives with its peak RSS bounded, and the next task completes.
@Suite(.serialized) struct TaskMemoryTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "task-memory-\(UUID().uuidString).db"
    static let limitMiB = 128

    init() throws {
        redis = try TestRedis()
    }

    /// circles-worker with `--max-task-memory 128`, started through `sh -c 'ulimit -v …; exec …'`.
    private func startWorker() throws -> RunningProcess {
        let workerId = UUID().uuidString
        let worker = try RunningProcess("/bin/sh", [
            "-c", "ulimit -v 3000000 && exec \"$0\" \"$@\"", BuiltExecutable.path("circles-worker"),
            "--circle-public-key", circle.hex, "--redis-url", redis.urlText, "--worker-id", workerId, "--db-path", databasePath,
            "--task-timeout", "60", "--max-task-memory", String(Self.limitMiB),
        ])
        let connection = try redis.connect()
        try waitUntil("the worker is ready") {
            guard worker.isRunning else { throw TestRedisError("circles-worker exited: \(worker.stderr)") }
            return try connection.command(["EXISTS", RedisKeys.worker(circle, workerId)]) == .integer(1)
        }
        return worker
    }

    /// A /proc/<pid>/status field in MiB (VmHWM: the peak resident memory).
    private func statusMiB(_ pid: Int32, _ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    private static let eightMegabytes = #"let s = "x"; while s.len() < 8000000 { s += s; } "#

    @Test(.timeLimit(.minutes(5)))
    func theIssuesScriptsEndNamingALimitAndTheWorkerStaysSmall() async throws {
        let worker = try startWorker()
        let dispatcher = Dispatcher(url: redis.url)
        defer { dispatcher.close() }
        let s = Self.eightMegabytes
        // Nested values count toward the engine's size limits (10 MB of strings in a value);
        // what no single value holds (map keys, many variables) is the memory account's.
        let sizeLimit = "the script exceeded a size limit", memoryLimit = "the memory limit of \(Self.limitMiB) MiB (--max-task-memory)"
        let manyVariables = (0..<20).map { "let v\($0) = s + \($0); " }.joined() + "v0.len()"
        let scripts = [
            (s + "let a = []; for i in 0..1000 { a.push(s); } a", sizeLimit),
            (s + "let a = []; for i in 0..300 { a.push(s); } a.to_json().len()", sizeLimit),
            (s + #"let a = []; for i in 0..300 { a.push(s); } db_set("k", a); 1"#, sizeLimit),
            (#"let s = "x"; while s.len() < 1000000 { s += s; } let m = #{}; for i in 0..5000 { m[s + i] = 1; } m.len()"#, memoryLimit),
            (s + "let a = []; for i in 0..5000 { a.push(s + i); } a.len()", sizeLimit),
            (s + "let a = []; for i in 0..1000 { a.insert(0, s); } a.len()", sizeLimit),
            (s + "let a = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; for i in 0..1000 { a[i % 10] = s + i; } a.len()", sizeLimit),
            (s + manyVariables, memoryLimit),
        ]
        for (script, limit) in scripts {
            let record = try await dispatcher.run(script: script, circle: circle, caller: circle.hex, timeout: 90)
            #expect(record.status == .error, "\(script): \(record)")
            #expect(record.error?.contains(limit) == true, "\(script): \(record.error ?? "")")
            #expect(worker.isRunning, "\(script)")
        }
        let peak = statusMiB(worker.pid, "VmHWM")
        #expect(peak < Self.limitMiB + 64 + 64, "peak RSS \(peak) MiB (limit \(Self.limitMiB) MiB, plus 64 MiB, plus the worker's own ~40 MiB)")
        let next = try await dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 30)
        #expect(next.status == .completed && next.output == "42")
        worker.kill(SIGTERM)
        #expect(worker.wait(timeout: 20) == 0)
    }

    @Test(.timeLimit(.minutes(5)))
    func memoryThatNoSizeLimitCatchesEndsAtTheTaskMemoryLimit() async throws {
        let worker = try startWorker()
        let dispatcher = Dispatcher(url: redis.url)
        defer { dispatcher.close() }
        // Each call level holds its own 8 MB string: every value is within the size limits.
        let script = Self.eightMegabytes + "fn f(n, s) { let x = s + n; if n > 0 { f(n - 1, s) + x.len() } else { 0 } } f(120, s)"
        let record = try await dispatcher.run(script: script, circle: circle, caller: "", timeout: 90)
        #expect(record.status == .error && record.error?.hasPrefix("the script used more than the memory limit of \(Self.limitMiB) MiB (--max-task-memory) and was stopped at line") == true, "\(record)")
        #expect(worker.isRunning)
        // The engine's account stops it within an eighth of the limit (plus the value in hand);
        // the process ceiling (twice the limit plus 1 GiB above its start) bounds everything.
        #expect(statusMiB(worker.pid, "VmHWM") < Self.limitMiB + 64 + 64)
        let next = try await dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 30)
        #expect(next.status == .completed && next.output == "42")
        worker.kill(SIGTERM)
        #expect(worker.wait(timeout: 20) == 0)
    }
}
