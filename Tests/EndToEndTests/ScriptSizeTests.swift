import CirclesCore
import Foundation
import Testing
import TestSupport

/// The script-size limit (docs/PROTOCOL.md §3) in circles-dispatch and circles-worker, as processes
/// on a private redis-server (circles-ws's `play` is tested with the server suite).
@Suite(.serialized) struct ScriptSizeTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "script-size-\(UUID().uuidString).db"

    init() throws {
        redis = try TestRedis()
    }

    /// A valid script of about `bytes` bytes (a long string literal).
    private static func script(bytes: Int) -> String { "let s = \"" + String(repeating: "x", count: bytes - 13) + "\"; 1" }

    @Test func dispatchRefusesAScriptOverTheLimitBeforeSendingIt() throws {
        let big = Self.script(bytes: ScriptSize.defaultLimit + 1)
        let result = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--no-wait", "-"], stdin: big)
        #expect(result.exitCode == 64, "\(result.stderr)")
        #expect(result.stderr.contains("the script is \(big.utf8.count) bytes, over the limit of 1048576 bytes (--max-script-bytes)"), "\(result.stderr)")
        #expect(try redis.connect().command(["LLEN", RedisKeys.tasks(circle)]).integer == 0)

        let small = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--no-wait",
                                                                 "--max-script-bytes", "100", "-e", Self.script(bytes: 101)])
        #expect(small.exitCode == 64 && small.stderr.contains("over the limit of 100 bytes"), "\(small.stderr)")
        let fits = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--no-wait",
                                                                "--max-script-bytes", "100", "-e", Self.script(bytes: 100)])
        #expect(fits.exitCode == 0, "\(fits.stderr)")
    }

    @Test func theWorkerFailsAQueuedScriptOverItsLimitAndRunsTheNext() async throws {
        let worker = try WorkerProcess(circle: circle, redis: redis, databasePath: databasePath, arguments: ["--max-script-bytes", "1000"])
        let dispatcher = Dispatcher(url: redis.url)
        defer { dispatcher.close() }
        let big = try await dispatcher.run(script: Self.script(bytes: 1001), circle: circle, caller: "", timeout: 30)
        let next = try await dispatcher.run(script: Self.script(bytes: 1000), circle: circle, caller: "", timeout: 30)
        #expect(big.status == .error && big.error == "the script is 1001 bytes, over the limit of 1000 bytes (--max-script-bytes); send a smaller script or raise the limit", "\(big)")
        #expect(next.status == .completed && next.output == "1", "\(next)")
        #expect(worker.stop() == 0)
    }
}

extension ScriptSizeTests {
    @Test func dispatchRefusesAnEmptyScriptAndANegativeTimeoutByName() throws {
        let empty = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "-"], stdin: "")
        #expect(empty.exitCode == 64 && empty.stderr.contains("the script is empty"), "\(empty.stderr)")
        let blank = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "-e", "  \n"])
        #expect(blank.exitCode == 64 && blank.stderr.contains("the script is empty"), "\(blank.stderr)")
        #expect(try redis.connect().command(["LLEN", RedisKeys.tasks(circle)]).integer == 0)
        let negative = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--timeout", "-1", "-e", "1"])
        #expect(negative.exitCode == 64 && negative.stderr.contains("--timeout must be more than 0 seconds, got -1"), "\(negative.stderr)")
    }
}
