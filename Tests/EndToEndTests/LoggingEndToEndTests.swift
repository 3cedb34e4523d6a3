import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One log line format in every program (timestamp, level, label), a line per task at -v, and a
/// visible line for every restart of a supervised worker.
@Suite(.serialized) struct LoggingEndToEndTests {
    /// The lines of `text` that are not in the one format.
    private func foreign(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { LogLine(parsing: $0) == nil }
    }

    @Test func workerLogsOneLinePerTaskAtVerbose() throws {
        let redis = try TestRedis()
        let circle = PrivateKey.generate().publicKey
        let database = NSTemporaryDirectory() + "logging-\(UUID().uuidString).db"
        defer { unlink(database) }
        let worker = try WorkerProcess(circle: circle, redis: redis, databasePath: database, arguments: ["-v"])
        let caller = PrivateKey.generate().publicKey.hex
        func send(_ script: String, _ extra: [String] = []) throws -> String {
            let result = try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--json", "-e", script] + extra)
            let record = try #require(LaunchFixture.jsonLines(result.stdout).first, "\(result.stderr)")
            return try #require(record["taskId"] as? String)
        }
        let completed = try send("1 + 1", ["--caller", caller])
        let failed = try send(#"throw "boom""#, ["--caller", ""])
        try waitUntil("the worker logged both tasks") { worker.process.stderr.contains(failed) }
        worker.stop()

        let lines = worker.process.stderr.split(separator: "\n").compactMap { LogLine(parsing: $0) }
        #expect(foreign(worker.process.stderr).isEmpty, "\(worker.process.stderr)")
        #expect(lines.allSatisfy { $0.label == "circles-worker" })
        #expect(lines.map(\.timestamp) == lines.map(\.timestamp).sorted())
        let taskLines = lines.filter { $0.message.hasPrefix("task ") }
        #expect(taskLines.count == 2, "\(taskLines)")
        #expect(taskLines.allSatisfy { $0.level == "debug" })
        #expect(taskLines[0].message.hasPrefix("task \(completed) from \(caller) completed in "), "\(taskLines[0])")
        #expect(taskLines[1].message.hasPrefix("task \(failed) from anonymous error in "), "\(taskLines[1])")
        #expect(taskLines.allSatisfy { $0.message.hasSuffix(" ms") })

        // Without -v: the start and stop lines, no task lines.
        let quiet = try WorkerProcess(circle: circle, redis: redis, databasePath: database)
        _ = try send("2")
        quiet.stop()
        let quietLines = quiet.process.stderr.split(separator: "\n").compactMap { LogLine(parsing: $0) }
        #expect(quietLines.contains { $0.level == "info" && $0.message.hasPrefix("serving circle \(circle.hex)") }, "\(quiet.process.stderr)")
        #expect(quietLines.contains { $0.message == "stopped after 1 tasks" }, "\(quiet.process.stderr)")
        #expect(!quietLines.contains { $0.message.hasPrefix("task ") })
    }

    @Test func foregroundSpawnShowsEveryWorkerRestartWithItsSignal() throws {
        let fixture = try LaunchFixture()
        let config = try fixture.write("circles.json", #"[{"name": "Dunia Cybercity"}, {"name": "beta"}]"#)
        let spawn = try RunningProcess("circles-spawn", [config, "-p", String(fixture.port)] + fixture.common)
        try waitUntil("the circles are up", seconds: 60) { try fixture.statusLines().code == 0 }
        let state = try #require(try fixture.state())
        let victim = try #require(state.circles[0].worker.pid)
        kill(victim, SIGKILL)

        let expected = "worker Dunia Cybercity (pid \(victim)) was killed by signal 9 (SIGKILL); restarting it in "
        try waitUntil("the restart is shown", seconds: 60) { spawn.stderr.contains(expected) }
        let line = try #require(spawn.stderr.split(separator: "\n").compactMap { LogLine(parsing: $0) }.first { $0.message.hasPrefix(expected) })
        #expect(line.level == "warning")
        #expect(line.label == "circles-spawn")
        #expect(line.message.hasSuffix("(restart 1)"), "\(line)")
        // The worker's own log tells it too, between the lines of the two worker processes.
        let logFile = fixture.launchData + "/logs/worker-\(state.circles[0].publicKey).log"
        try waitUntil("the restarted worker logged its start") {
            try String(contentsOfFile: logFile, encoding: .utf8).components(separatedBy: "serving circle").count == 3
        }
        let log = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(log.contains(line.text), "\(log)")
        #expect(foreign(log).isEmpty, "\(log)")
        let server = try String(contentsOfFile: fixture.launchData + "/logs/ws-\(fixture.port).log", encoding: .utf8)
        // The server's log holds its log lines and its `listening` event (stdout, NDJSON).
        #expect(foreign(server).allSatisfy { $0.hasPrefix(#"{"event":"listening""#) }, "\(server)")
        #expect(server.split(separator: "\n").contains { LogLine(parsing: $0)?.label == "circles-ws" }, "\(server)")

        spawn.kill(SIGINT)
        #expect(spawn.wait(timeout: 30) == 0, "\(spawn.stderr)")
        #expect(foreign(spawn.stderr).isEmpty, "\(spawn.stderr)")
    }
}
