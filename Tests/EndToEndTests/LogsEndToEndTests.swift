import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles-logs on real launches: merged in time order with prefixes, -n, --since, and -f
/// following a circle through a worker restart.
@Suite(.serialized) struct LogsEndToEndTests {
    private func launch(_ fixture: LaunchFixture) throws -> LaunchState {
        let config = try fixture.write("circles.json", #"[{"name": "Dunia Cybercity"}, {"name": "beta"}]"#)
        let spawn = try fixture.spawnDetached([config])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        return try #require(try fixture.state())
    }

    private func taskId(_ fixture: LaunchFixture, _ circle: String, _ script: String) throws -> String {
        let result = try fixture.run("circles-dispatch", ["--circle", circle, "--json", "-e", script])
        return try #require(LaunchFixture.jsonLines(result.stdout).first?["taskId"] as? String, "\(result.stderr)")
    }

    @Test func logsOfAllCirclesAreMergedInTimeOrderWithPrefixes() throws {
        let fixture = try LaunchFixture()
        _ = try launch(fixture)
        let first = try taskId(fixture, "beta", "1")
        let middle = TaskClock.now()
        let second = try taskId(fixture, "Dunia Cybercity", "2")
        let third = try taskId(fixture, "beta", "3")

        let all = try fixture.run("circles-logs", [])
        #expect(all.exitCode == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        let width = "Dunia Cybercity".count
        let parsed = lines.map { line -> (prefix: String, text: Substring) in
            let parts = line.components(separatedBy: " | ")
            return (parts[0].trimmingCharacters(in: .whitespaces), line.dropFirst(width + 3))
        }
        #expect(lines.allSatisfy { $0.dropFirst(width).hasPrefix(" | ") }, "\(all.stdout)")
        #expect(Set(parsed.map(\.prefix)).isSuperset(of: ["Dunia Cybercity", "beta", "ws-\(fixture.port)"]), "\(all.stdout)")
        let stamps = parsed.compactMap { LogLine(parsing: $0.text)?.timestamp }
        #expect(stamps == stamps.sorted())
        let order = [first, second, third].map { id in lines.firstIndex { $0.contains("task \(id) ") } }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(all.stdout)")
        #expect(lines.first { $0.contains("task \(second) ") }?.hasPrefix("Dunia Cybercity | ") == true)
        #expect(!all.stdout.contains("\u{1b}["))

        let last = try fixture.run("circles-logs", ["-n", "2", "beta"])
        #expect(last.stdout.split(separator: "\n").count == 2)
        #expect(last.stdout.split(separator: "\n").last?.contains("task \(third) ") == true, "\(last.stdout)")
        let recent = try fixture.run("circles-logs", ["--since", middle])
        #expect(!recent.stdout.contains(first) && recent.stdout.contains(second) && recent.stdout.contains(third), "\(recent.stdout)")
        let coloured = try fixture.run("circles-logs", ["beta", "--color", "always", "-n", "1"])
        #expect(coloured.stdout.hasPrefix("\u{1b}[36mbeta |\u{1b}[0m "), "\(coloured.stdout)")

        let unknown = try fixture.run("circles-logs", ["gamma"])
        #expect(unknown.exitCode == ExitStatus.usage)
        #expect(unknown.stderr.trimmingWhitespace.hasPrefix(#"circles-logs: error: no circle "gamma" in "#), "\(unknown.stderr)")
        let badSince = try fixture.run("circles-logs", ["--since", "yesterday"])
        #expect(badSince.exitCode == ExitStatus.usage)
        #expect(badSince.stderr.contains(#"--since "yesterday" is neither a time back from now"#), "\(badSince.stderr)")
    }

    @Test func followShowsNewTasksAndARestartOfTheWorker() throws {
        let fixture = try LaunchFixture()
        let state = try launch(fixture)
        let follow = try RunningProcess("circles-logs", ["Dunia Cybercity", "-f", "--launch-data", fixture.launchData])
        defer { follow.kill(SIGTERM) }
        try waitUntil("the last lines are shown") { follow.stdout.contains("serving circle") }

        let sent = Date()
        let task = try taskId(fixture, "Dunia Cybercity", "40 + 2")
        try waitUntil("the task's line is shown") { follow.stdout.contains("task \(task) from ") }
        print("circles-logs -f showed the task's line \(String(format: "%.2f", Date().timeIntervalSince(sent))) s after circles-dispatch was started")

        let pid = try #require(state.circles[0].worker.pid)
        kill(pid, SIGKILL)
        try waitUntil("the restart is shown", seconds: 20) {
            follow.stdout.contains("Dunia Cybercity | ") && follow.stdout.contains("worker Dunia Cybercity (pid \(pid)) was killed by signal 9 (SIGKILL); restarting it in")
        }
        try waitUntil("the new worker's start is shown", seconds: 20) { follow.stdout.components(separatedBy: "serving circle").count == 3 }
        let after = try taskId(fixture, "Dunia Cybercity", "1")
        try waitUntil("a task of the new worker is shown") { follow.stdout.contains("task \(after) from ") }
        #expect(follow.isRunning)
        #expect(!follow.stdout.contains("beta |"))
        #expect(follow.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("Dunia Cybercity | ") }, "\(follow.stdout)")
    }
}
