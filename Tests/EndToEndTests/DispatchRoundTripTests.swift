import CirclesCore
import Foundation
import Testing
import TestSupport

/// `circles-dispatch` through a real `circles-worker` process on a private redis-server.
@Suite(.serialized) struct DispatchRoundTripTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "dispatch-\(UUID().uuidString).db"

    init() throws {
        redis = try TestRedis()
    }

    private func startWorker(_ arguments: [String] = []) throws -> WorkerProcess {
        try WorkerProcess(circle: circle, redis: redis, databasePath: databasePath,
                          arguments: ["--max-operations", "1000000", "--task-timeout", "5"] + arguments)
    }

    private func dispatch(_ arguments: [String], stdin: String? = nil, launchData: String? = nil) throws -> ProcessResult {
        let redisArguments = launchData == nil ? ["--redis-url", redis.urlText] : ["--launch-data", launchData!]
        return try BuiltExecutable.run("circles-dispatch", arguments + redisArguments, stdin: stdin)
    }

    static let renderings: [(script: String, output: String)] = [
        ("40 + 2", "42"),
        ("1.0 + 1.0", "2.0"),
        ("0.1 + 0.2", "0.30000000000000004"),
        (#""text""#, "text"),
        ("'c'", "c"),
        ("true", "true"),
        ("()", ""),
        ("let x = 1;", ""),
        ("type_of(())", "()"),
        // Rhai's `to_string` shows a char inside an array bare (checked with the Rust engine).
        (#"[1, "a", 'b', 2.5, (), [true]]"#, #"[1, "a", b, 2.5, (), [true]]"#),
        (#"#{b: 1, a: "x", c: #{d: [2.0]}}"#, #"#{"a": "x", "b": 1, "c": #{"d": [2.0]}}"#),
        ("1..3", "1..3"),
        ("1..=3", "1..=3"),
        (#"Fn("f")"#, "Fn(f)"),
        ("let b = blob(2, 255); b", "[ffff]"),
        (#""line1\nline2""#, "line1\nline2"),
    ]

    @Test func valuesOfEveryTypeRenderAsRhaiDoes() throws {
        let worker = try startWorker()
        for (script, output) in Self.renderings {
            let result = try dispatch(["--circle", circle.hex, "-e", script])
            #expect(result.exitCode == 0, "\(script): \(result.stderr)")
            #expect(result.stdout == output + "\n", "\(script)")
        }
        worker.stop()
    }

    @Test func aScriptErrorExitsTwoWithRhaisMessageAndPosition() throws {
        let worker = try startWorker()
        let result = try dispatch(["--circle", circle.hex, "-e", "let x = 1;\nx + y"])
        #expect(result.exitCode == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "circles-dispatch: error: Variable not found: y (line 2, position 5)\n")
        let thrown = try dispatch(["--circle", circle.hex, "-e", #"throw "boom""#])
        #expect(thrown.exitCode == 2)
        #expect(thrown.stderr.contains("Runtime error: boom (line 1, position 1)"))
        worker.stop()
    }

    @Test func aSyntaxErrorExitsTwoWithItsPosition() throws {
        let worker = try startWorker()
        let result = try dispatch(["--circle", circle.hex, "-e", "let x = 40;\nlet = 2;"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("circles-dispatch: error: Syntax error: "))
        #expect(result.stderr.contains("(line 2, position 5)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        worker.stop()
    }

    @Test func scriptsComeFromStdinFilesAndDash() throws {
        let worker = try startWorker()
        #expect(try dispatch(["--circle", circle.hex], stdin: "let x = 40; x + 2\n").stdout == "42\n")
        #expect(try dispatch(["--circle", circle.hex, "-"], stdin: "6 * 7").stdout == "42\n")
        let file = NSTemporaryDirectory() + "script-\(UUID().uuidString).rhai"
        try "let a = [1, 2];\na.len()".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try dispatch(["--circle", circle.hex, file]).stdout == "2\n")
        let missing = try dispatch(["--circle", circle.hex, "/no/such/script.rhai"])
        #expect(missing.exitCode == 64 && missing.stderr.contains("/no/such/script.rhai: cannot be read"), "\(missing.stderr)")
        let folder = NSTemporaryDirectory()
        let notAFile = try dispatch(["--circle", circle.hex, folder])
        #expect(notAFile.exitCode == 64 && notAFile.stderr.contains("cannot be read (Is a directory)"), "\(notAFile.stderr)")
        #expect(notAFile.stderr.split(separator: "\n").count == 1)
        worker.stop()
    }

    @Test func jsonPrintsTheWholeRecordAndLogsGoToStderr() throws {
        let worker = try startWorker()
        let result = try dispatch(["--circle", circle.hex, "--json", "-e", #"print("hi"); 5"#])
        #expect(result.exitCode == 0)
        #expect(result.stderr == "hi\n")
        let record = try TaskRecord(jsonText: result.stdout.trimmingWhitespace)
        #expect(record.status == .completed && record.output == "5" && record.logs == ["hi"] && record.callerId == circle.hex)
        let failed = try dispatch(["--circle", circle.hex, "--json", "-e", "undefined_fn()"])
        #expect(failed.exitCode == 2)
        #expect(try TaskRecord(jsonText: failed.stdout.trimmingWhitespace).status == .error)
        worker.stop()
    }

    @Test func noWaitPrintsTheIdAndStatusShowsTheRecord() throws {
        let worker = try startWorker()
        let submitted = try dispatch(["--circle", circle.hex, "--no-wait", "-e", "21 * 2"])
        #expect(submitted.exitCode == 0)
        let taskId = submitted.stdout.trimmingWhitespace
        #expect(UUID(uuidString: taskId) != nil)
        var status = try dispatch(["status", taskId])
        for _ in 0..<100 where !status.stdout.contains("completed") {
            usleep(50_000)
            status = try dispatch(["status", taskId])
        }
        #expect(status.exitCode == 0)
        #expect(status.stdout == "status: completed\n42\n")
        let unknown = try dispatch(["status", "no-such-task"])
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("no-such-task"))
        worker.stop()
    }

    /// A pending task that was recovered from a dead worker shows its deaths.
    @Test func statusOfARecoveredTaskShowsItsDeaths() throws {
        let submitted = try dispatch(["--circle", circle.hex, "--no-wait", "-e", "1"])
        let taskId = submitted.stdout.trimmingWhitespace
        let death = "worker w-gone stopped while running it; recovered at 2026-01-31T12:00:00.000Z"
        _ = try redis.connect().command(["HSET", RedisKeys.taskDetails(taskId), "attempts", "1", "lastDeath", death])
        let status = try dispatch(["status", taskId])
        #expect(status.exitCode == 0)
        #expect(status.stdout.hasPrefix("status: pending\nupdatedAt: "), "\(status.stdout)")
        #expect(status.stdout.hasSuffix("\nattempts: 1\nlastDeath: \(death)\n"), "\(status.stdout)")
    }

    @Test func withoutAWorkerItTimesOutWithSeventyFiveAndTheTaskId() throws {
        let result = try dispatch(["--circle", circle.hex, "--timeout", "1", "-e", "1"])
        #expect(result.exitCode == 75)
        #expect(result.stderr.hasPrefix("circles-dispatch: no worker serves this circle (\(circle.hex)); the task waits in its queue"), "\(result.stderr)")
        let sent = try dispatch(["--circle", circle.hex, "--no-wait", "-e", "1"])
        #expect(sent.exitCode == 0 && sent.stderr.contains("no worker serves this circle"), "\(sent.stderr)")
        let taskId = try #require(result.stderr.split(separator: " ").first { UUID(uuidString: String($0)) != nil })
        let status = try dispatch(["status", String(taskId)])
        #expect(status.stdout.hasPrefix("status: pending"))
    }

    /// A Redis that accepts connections but answers nothing: the wait ends at --timeout with 75.
    @Test func aStuckRedisTimesOutWithSeventyFiveAtTheTimeout() throws {
        redis.pause()
        defer { redis.resume() }
        let started = Date()
        let result = try dispatch(["--circle", circle.hex, "--timeout", "3", "-e", "1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.exitCode == 75, "\(result.stderr)")
        #expect(result.stderr.contains("did not answer PING within 3 s"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(elapsed >= 2.9, "gave up after \(elapsed) s")
    }

    @Test func redisDownExitsSixtyNineWithOneLine() throws {
        let port = try TestRedis.freeLoopbackPort()
        let result = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", "redis://127.0.0.1:\(port)", "-e", "1"])
        #expect(result.exitCode == 69)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("127.0.0.1:\(port)"))
    }

    /// A mistyped key is not reported as an unknown circle name: the key's own problem is named.
    @Test(arguments: [String(repeating: "0", count: 65), "02" + String(repeating: "g", count: 64)])
    func mistypedKeysSayWhatIsWrongWithTheKey(key: String) throws {
        let launchData = NSTemporaryDirectory() + "launch-\(UUID().uuidString)"
        let result = try BuiltExecutable.run("circles-dispatch", ["--circle", key, "--launch-data", launchData, "-e", "1"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("invalid public key \""))
        #expect(!result.stderr.contains("no circle named"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A short text that is neither a known name nor a key is refused with both facts.
    @Test func aShortTextThatIsNeitherNameNorKeySaysBoth() throws {
        let launchData = NSTemporaryDirectory() + "launch-\(UUID().uuidString)"
        let result = try BuiltExecutable.run("circles-dispatch", ["--circle", "02zz", "--launch-data", launchData, "-e", "1"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains(#"no circle named "02zz""#), "\(result.stderr)")
        #expect(result.stderr.contains("and it is not a valid public key either (expected hex digits only, found 'z' at position 3)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func namesResolveThroughTheStateFile() throws {
        let worker = try startWorker()
        let launchData = NSTemporaryDirectory() + "launch-\(UUID().uuidString)"
        try FileSystem.makeDirectory(launchData)
        try StateStore(directory: launchData).update { state in
            state.redis = .init(url: redis.urlText, managed: false)
            state.circles = [.init(name: "alice", publicKey: circle.hex, worker: .init(workerId: worker.workerId))]
        }
        let result = try dispatch(["--circle", "alice", "-e", "CONTEXT_ID"], launchData: launchData)
        #expect(result.stdout == circle.hex + "\n", "\(result.stderr)")
        let unknown = try dispatch(["--circle", "bob", "-e", "1"], launchData: launchData)
        #expect(unknown.exitCode == 64 && unknown.stderr.contains("\"bob\""))
        let badKey = try dispatch(["--circle", String(circle.hex.dropLast(2)), "-e", "1"])
        #expect(badKey.exitCode == 64 && badKey.stderr.contains("expected 66 hex chars"))
        worker.stop()
    }

    @Test func foreignWritesAreRefusedAndOwnerWritesPersistAcrossRestarts() throws {
        var worker = try startWorker()
        let stranger = PrivateKey.generate().publicKey.hex
        let refused = try dispatch(["--circle", circle.hex, "--caller", stranger, "-e", #"db_set("owner", "mallory")"#])
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("Insufficient authorization"))
        let anonymous = try dispatch(["--circle", circle.hex, "--caller", "", "-e", #"db_set("owner", "nobody")"#])
        #expect(anonymous.exitCode == 2 && anonymous.stderr.contains("Insufficient authorization"))
        let written = try dispatch(["--circle", circle.hex, "-e", #"db_set("owner", #{name: "alice", since: 2024, tags: ["a", 1.5]}); "ok""#])
        #expect(written.stdout == "ok\n", "\(written.stderr)")
        #expect(worker.stop() == 0)
        worker = try startWorker()
        let read = try dispatch(["--circle", circle.hex, "--caller", stranger, "-e", #"let v = db_get("owner"); [v, type_of(v.since), type_of(v.tags[1])]"#])
        #expect(read.stdout == #"[#{"name": "alice", "since": 2024, "tags": ["a", 1.5]}, "i64", "f64"]"# + "\n", "\(read.stderr)")
        worker.stop()
    }

    @Test func helpListsExamplesAndExitCodes() throws {
        for executable in ["circles-dispatch", "circles-worker"] {
            let help = try BuiltExecutable.run(executable, ["--help"])
            #expect(help.exitCode == 0)
            #expect(help.stdout.contains("Examples:"))
            #expect(help.stdout.contains("75 timed out"))
        }
    }
}
