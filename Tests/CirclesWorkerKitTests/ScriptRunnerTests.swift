import CirclesCore
import Foundation
import Rhai
import Testing
@testable import CirclesWorkerKit

/// The script context of docs/PROTOCOL.md §3, run in-process (no Redis needed).
@Suite struct ScriptRunnerTests {
    let circle = PrivateKey.generate().publicKey
    let stranger = PrivateKey.generate().publicKey

    private func runner(maxOperations: UInt64 = 1_000_000, timeout: Double = 5,
                        maxTaskMemory: Int = WorkerConfiguration.defaultMaxTaskMemory) throws -> ScriptRunner {
        var configuration = WorkerConfiguration(
            circle: circle, redisURL: .defaultURL,
            databasePath: NSTemporaryDirectory() + "runner-\(UUID().uuidString).db", workerId: "w")
        configuration.maxOperations = maxOperations
        configuration.taskTimeout = timeout
        configuration.maxTaskMemory = maxTaskMemory
        return ScriptRunner(configuration: configuration, database: try CircleDatabase(path: configuration.databasePath))
    }

    private func record(_ script: String, caller: String? = nil) -> TaskRecord {
        TaskRecord(taskId: "task-1", script: script, callerId: caller ?? circle.hex, contextId: circle.hex,
                   createdAt: TaskClock.now(), timeoutSecs: 5)
    }

    /// Runs on a large stack, as the worker does.
    private func run(_ runner: ScriptRunner, _ record: TaskRecord) throws -> ScriptOutcome {
        try Engine.runOnLargeStack(stackSize: Worker.scriptStackSize) { runner.run(record) }
    }

    @Test func constantsNameTheCircleCallerTaskAndDatabase() throws {
        let runner = try runner()
        let outcome = try run(runner, record("[CONTEXT_ID == CIRCLE_PUBLIC_KEY, CALLER_ID == CALLER_PUBLIC_KEY, TASK_ID, DB_PATH.ends_with(\".db\"), CONTEXT_ID]"))
        #expect(outcome == .completed(output: "[true, true, \"task-1\", true, \"\(circle.hex)\"]", logs: []))
    }

    @Test func constantsCannotBeAssigned() throws {
        guard case let .failed(error, _) = try run(try runner(), record("CALLER_ID = CONTEXT_ID")) else {
            Issue.record("assigning a constant succeeded")
            return
        }
        #expect(error.contains("CALLER_ID"))
    }

    @Test func printLinesAreLogsAndTheOutputIsToString() throws {
        let outcome = try run(try runner(), record(#"print("one"); debug("two"); "text""#))
        #expect(outcome == .completed(output: "text", logs: ["one", "\"two\""]))
    }

    @Test func writesMadeBeforeAnErrorAreAppliedWhenTheTaskEnds() throws {
        let runner = try runner()
        let failed = try run(runner, record(#"db_set("before", 1); throw "stop"; db_set("after", 2)"#))
        guard case .failed(let error, _) = failed else {
            Issue.record("the throwing script completed: \(failed)")
            return
        }
        #expect(error.contains("stop"))
        #expect(try run(runner, record(#"[db_get("before"), db_has("after")]"#)) == .completed(output: "[1, false]", logs: []))
    }

    @Test func ownerWritesAndStrangersOnlyRead() throws {
        let runner = try runner()
        #expect(try run(runner, record(#"db_set("k", 1); db_get("k")"#)) == .completed(output: "1", logs: []))
        let denied = try run(runner, record(#"db_set("k", 2)"#, caller: stranger.hex))
        guard case let .failed(error, _) = denied else {
            Issue.record("a stranger's write succeeded")
            return
        }
        #expect(error.contains("Insufficient authorization"))
        let anonymous = try run(runner, record(#"db_delete("k")"#, caller: ""))
        #expect(anonymous != .completed(output: "true", logs: []))
        #expect(try run(runner, record(#"[db_get("k"), db_has("k"), db_keys()]"#, caller: stranger.hex)) == .completed(output: #"[1, true, ["k"]]"#, logs: []))
        #expect(try run(runner, record(#"type_of(db_get("nothing"))"#)) == .completed(output: "()", logs: []))
    }

    @Test(arguments: [
        ("loop {}", "operations"),
        ("fn f() { f() } f()", "call depth"),
        (#"let s = "x"; loop { s += s; }"#, "size limit"),
        ("let a = [1]; loop { a += a; }", "size limit"),
        ("let m = #{}; for i in 0..20000 { m[`k${i}`] = i; } m.len()", "size limit"),
    ])
    func runawayScriptsEndNamingTheLimit(script: String, limit: String) throws {
        // The size check walks a map on every assignment (as Rust's engine does), so the 10,001st
        // key is reached after ~50 M entry visits: seconds in a debug build on a loaded machine.
        let outcome = try run(try runner(maxOperations: 1_000_000, timeout: 120), record(script))
        guard case let .failed(error, _) = outcome else {
            Issue.record("\(script) did not fail: \(outcome)")
            return
        }
        #expect(error.contains(limit), "\(error)")
    }

    /// The engine's memory account, in-process: what no single value's size limit catches
    /// (many variables, a database value next to its copies) ends naming --max-task-memory.
    @Test(arguments: [
        (0..<12).map { "let v\($0) = s + \($0); " }.joined() + "v0.len()",
        #"let a = [s, s, s, s]; db_set("k", a); 1"#,
    ])
    func memoryOverTheTaskLimitEndsNamingIt(script: String) throws {
        let runner = try runner(maxTaskMemory: 8 << 20)
        let megabyte = #"let s = "x"; while s.len() < 1000000 { s += s; } "#
        let outcome = try run(runner, record(megabyte + script))
        guard case let .failed(error, _) = outcome else {
            Issue.record("\(script) did not fail: \(outcome)")
            return
        }
        #expect(error.hasPrefix("the script used more than the memory limit of 8 MiB (--max-task-memory) and was stopped at line 1"), "\(error)")
        #expect(try run(runner, record(megabyte + "let a = [s, s]; db_set(\"k\", a); s.len()")) == .completed(output: "1048576", logs: []))
    }

    @Test func theWallClockLimitStopsASlowScript() throws {
        let started = Date()
        let outcome = try run(try runner(maxOperations: 0, timeout: 0.5), record("loop {}"))
        guard case let .failed(error, _) = outcome else {
            Issue.record("loop {} did not fail")
            return
        }
        #expect(error.contains("--task-timeout"))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func theRunnerGoesOnAfterAnError() throws {
        let runner = try runner()
        _ = try run(runner, record("loop {}"))
        #expect(try run(runner, record("40 + 2")) == .completed(output: "42", logs: []))
    }
}
