import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles stop / start / restart through the running supervisor: one circle changes, the
/// others keep their pids.
@Suite(.serialized) struct ControlEndToEndTests {
    private func pids(_ fixture: LaunchFixture) throws -> [String: Int32] {
        let state = try #require(try fixture.state())
        var pids: [String: Int32] = [:]
        for circle in state.circles { pids[circle.name] = circle.worker.pid ?? 0 }
        for server in state.servers { pids["ws-\(server.port)"] = server.pid ?? 0 }
        return pids
    }

    @Test func restartStopAndStartOneCircleOfADetachedLaunch() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached([LaunchFixture.repository + "/examples/circles.json"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let before = try pids(fixture)
        #expect(before.values.allSatisfy { $0 > 0 } && before.count == 4, "\(before)")

        let restart = try fixture.run("circles-restart", ["beta"])
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        var now = try pids(fixture)
        #expect(restart.stdout.trimmingWhitespace == "beta: restarted (pid \(now["beta"]!))")
        #expect(now["beta"] != before["beta"] && kill(before["beta"]!, 0) != 0)
        #expect(now.filter { $0.key != "beta" } == before.filter { $0.key != "beta" })
        #expect(try fixture.run("circles-dispatch", ["--circle", "beta", "-e", #"db_get("greeting")"#]).stdout.trimmingWhitespace == "hello from beta")

        let stop = try fixture.run("circles-stop", ["gamma"])
        #expect(stop.exitCode == 0, "\(stop.stderr)")
        #expect(stop.stdout.trimmingWhitespace == "gamma: stopped")
        #expect(kill(before["gamma"]!, 0) != 0)
        let gamma = try #require(try fixture.statusLines().lines.first { $0["name"] as? String == "gamma" })
        #expect(gamma["worker_status"] as? String == "stopped")
        #expect(gamma["alive"] as? Bool == false)
        let queued = try (1...2).map { number in
            try fixture.run("circles-dispatch", ["--circle", "gamma", "--no-wait", "-e", "\(number) * 10"]).stdout.trimmingWhitespace
        }
        // A round trip through alpha: gamma's tasks had all that time to be taken, and are not.
        #expect(try fixture.run("circles-dispatch", ["--circle", "alpha", "-e", "1"]).exitCode == 0)
        #expect(LaunchFixture.jsonLines(try fixture.run("circles-queue", ["gamma", "--json"]).stdout).compactMap { $0["task_id"] as? String } == queued)
        #expect(try fixture.statusLines().lines.first { $0["name"] as? String == "gamma" }?["queued"] as? Int == 2)

        let start = try fixture.run("circles-start", ["gamma", "--json"])
        #expect(start.exitCode == 0, "\(start.stderr)")
        let started = try #require(LaunchFixture.jsonLines(start.stdout).first)
        #expect(started["result"] as? String == "started")
        now = try pids(fixture)
        #expect(started["pid"] as? Int == Int(now["gamma"]!))
        for (id, output) in zip(queued, ["10", "20"]) {
            try waitUntil("task \(id) completed", seconds: 30) { try fixture.run("circles-dispatch", ["status", id]).stdout.contains("status: completed") }
            #expect(try fixture.run("circles-dispatch", ["status", id]).stdout.contains(output))
        }
        #expect(now["alpha"] == before["alpha"] && now["ws-\(fixture.port)"] == before["ws-\(fixture.port)"])
        let status = try fixture.statusLines()
        #expect(status.code == 0, "\(status.lines)")

        let again = try fixture.run("circles-start", ["gamma"])
        #expect(again.stdout.trimmingWhitespace == "gamma: already running (pid \(now["gamma"]!))")
        let unknown = try fixture.run("circles-stop", ["delta"])
        #expect(unknown.exitCode == ExitStatus.usage)
        #expect(unknown.stderr.trimmingWhitespace.hasPrefix(#"circles-stop: error: no circle "delta" in "#), "\(unknown.stderr)")
        #expect(unknown.stderr.contains(#""alpha", "beta", "gamma""#))
        #expect(try fixture.run("circles-stop", []).exitCode == ExitStatus.usage)

        #expect(try fixture.run("circles-cleanup", []).exitCode == 0)
        let gone = try fixture.run("circles-restart", ["alpha"])
        #expect(gone.exitCode == 1)
        #expect(gone.stderr.contains("is not running; start them again with circles-spawn"), "\(gone.stderr)")
    }

    @Test func startBringsBackAFailedCircle() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["-c", freshPublicKey(), "-c", freshPublicKey(), "--restart", "never"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let state = try #require(try fixture.state())
        let victim = try #require(state.circles[1].worker.pid)
        kill(victim, SIGKILL)
        try waitUntil("the circle is failed") { try fixture.state()?.circles[1].worker.status == .failed }
        let start = try fixture.run("circles-start", [state.circles[1].name])
        #expect(start.exitCode == 0, "\(start.stderr)")
        #expect(start.stdout.hasPrefix("\(state.circles[1].name): started (pid "))
        let after = try #require(try fixture.state())
        #expect(after.circles[1].worker.status == .running && after.circles[1].worker.pid != victim)
        #expect(after.circles[0].worker.pid == state.circles[0].worker.pid)
        #expect(try fixture.statusLines().code == 0)
    }

    /// Through systemctl or launchctl (the recording stand-ins): the exact calls, one unit each.
    @Test(arguments: StandInBackend.allCases)
    func stopStartRestartThroughTheServiceManager(_ backend: StandInBackend) throws {
        let fixture = try LaunchFixture()
        let standIn = try ServiceManagerStandIn(backend, in: fixture)
        let first = freshPublicKey(), second = freshPublicKey()
        let spawn = try fixture.run("circles-spawn", ["-c", first, "-c", second, "-p", String(fixture.port), "--json",
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")],
                                    timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let files = [first, second].map { standIn.filePath("tf.ourworld.circles.circle-worker-\($0)") }
        let name = try #require(try fixture.state()?.circles[0].name)
        let startCalls = try standIn.calls()
        let secondPid = standIn.pid(backend.serviceName(files[1]))
        #expect(secondPid != nil)

        let stop = try fixture.run("circles-stop", [name])
        #expect(stop.exitCode == 0, "\(stop.stderr)")
        #expect(standIn.pid(backend.serviceName(files[0])) == nil)
        #expect(try fixture.state()?.circles[0].worker.status == .stopped)
        let start = try fixture.run("circles-start", [first])
        #expect(start.exitCode == 0, "\(start.stderr)")
        #expect(try fixture.run("circles-dispatch", ["--circle", first, "-e", "3 * 3"]).stdout.trimmingWhitespace == "9")
        let started = standIn.pid(backend.serviceName(files[0]))
        let restart = try fixture.run("circles-restart", [name])
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        #expect(restart.stdout.trimmingWhitespace == "\(name): restarted")
        #expect(standIn.pid(backend.serviceName(files[0])) != started)
        #expect(standIn.pid(backend.serviceName(files[1])) == secondPid)
        #expect(try standIn.calls() == startCalls + ["stop", "start", "restart"].map { backend.controlCall($0, files[0]) })
        #expect(try fixture.run("circles-dispatch", ["--circle", first, "-e", "4 * 4"]).stdout.trimmingWhitespace == "16")
    }

    @Test func restartThroughAForegroundSupervisor() throws {
        let fixture = try LaunchFixture()
        let config = try fixture.write("circles.json", #"[{"name": "Dunia Cybercity"}, {"name": "beta"}]"#)
        let spawn = try RunningProcess("circles-spawn", [config, "-p", String(fixture.port)] + fixture.common)
        try waitUntil("the circles are up", seconds: 60) { try fixture.statusLines().code == 0 }
        let before = try pids(fixture)
        let restart = try fixture.run("circles-restart", ["--all"])
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        let after = try pids(fixture)
        #expect(after["Dunia Cybercity"] != before["Dunia Cybercity"] && after["beta"] != before["beta"])
        #expect(after["ws-\(fixture.port)"] == before["ws-\(fixture.port)"])
        #expect(try fixture.run("circles-dispatch", ["--circle", "Dunia Cybercity", "-e", "2 + 2"]).stdout.trimmingWhitespace == "4")
        #expect(try fixture.statusLines().code == 0)
        spawn.kill(SIGINT)
        #expect(spawn.wait(timeout: 30) == 0, "\(spawn.stderr)")
        // A stop asked for is not a crash: no restart line.
        #expect(!spawn.stderr.contains("restarting it in"), "\(spawn.stderr)")
    }
}
