import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles-status against real launches.
@Suite(.serialized) struct StatusTests {
    @Test func nothingLaunchedIsExitOne() throws {
        let fixture = try LaunchFixture()
        let result = try fixture.run("circles-status", [])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("nothing was launched from \(fixture.launchData)"))
    }

    @Test func aFailedWorkerShowsAsDownWithExitOne() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["-c", freshPublicKey(), "-c", freshPublicKey(), "--restart", "never"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let pid = try #require(try fixture.state()?.circles[1].worker.pid)
        kill(pid, SIGKILL)
        let down = try eventually(timeout: 20) { try fixture.statusLines().code == 1 }
        #expect(down)
        let circles = try fixture.statusLines().lines.filter { $0["kind"] as? String == "circle" }
        #expect(circles.map { $0["alive"] as? Bool } == [true, false])
        #expect(circles[1]["worker_status"] as? String == "failed")
        #expect(circles[1]["process_alive"] as? Bool == false)
        #expect((circles[0]["heartbeat_age"] as? Double).map { $0 < 10 } == true)
        let others = try fixture.statusLines().lines.filter { $0["kind"] as? String != "circle" }
        #expect(others.map { $0["kind"] as? String } == ["server", "redis"])
        #expect(others.allSatisfy { $0["alive"] as? Bool == true })
    }
}

/// circles-status --watch against a real launch.
@Suite(.serialized) struct StatusWatchTests {
    @Test func watchShowsOneSnapshotAfterAnother() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["-c", freshPublicKey()])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let watch = try RunningProcess("circles-status", ["--watch", "--interval", "0.2", "--json"] + fixture.common)
        defer { watch.kill(SIGTERM) }
        try waitUntil("three snapshots") { watch.stdout.components(separatedBy: #""kind":"redis""#).count > 3 }
        #expect(watch.isRunning)
        let circles = LaunchFixture.jsonLines(watch.stdout).filter { $0["kind"] as? String == "circle" }
        #expect(circles.count >= 3 && circles.allSatisfy { $0["alive"] as? Bool == true && $0["queued"] as? Int == 0 }, "\(watch.stdout)")
        #expect(try fixture.run("circles-status", ["--interval", "0"]).exitCode == ExitStatus.usage)
    }
}
