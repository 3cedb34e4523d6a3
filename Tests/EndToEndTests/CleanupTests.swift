import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles-cleanup: stops only what is still ours, purges on request, and is idempotent.
@Suite(.serialized) struct CleanupTests {
    @Test func nothingToCleanIsExitZero() throws {
        let fixture = try LaunchFixture()
        let result = try fixture.run("circles-cleanup", [])
        #expect(result.exitCode == 0)
        #expect(result.stderr.contains("nothing to clean up"))
    }

    @Test func stalePidsAreNotTouched() throws {
        let fixture = try LaunchFixture()
        // A state naming a live process (a sleep of ours) with the wrong start time: a reused pid.
        let bystander = try RunningProcess("/bin/sleep", ["60"])
        var state = LaunchState(mode: .direct)
        state.circles = [.init(name: "old", publicKey: freshPublicKey(), worker: .init(workerId: "w", pid: bystander.pid, pidStartTime: 1, status: .running))]
        try StateStore(directory: fixture.launchData).update { $0 = state }
        let result = try fixture.run("circles-cleanup", [])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(bystander.isRunning)
        #expect(try fixture.state()?.circles[0].worker.status == .stopped)
    }

    @Test func purgeDeletesTheCirclesRedisKeys() throws {
        let fixture = try LaunchFixture()
        let key = freshPublicKey()
        let spawn = try fixture.spawnDetached(["-c", key])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let redis = try fixture.redis.connect()
        #expect(try redis.command(["EXISTS", "circles:workers:\(key)"]).integer == 1)
        let result = try fixture.run("circles-cleanup", ["--purge", "--json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("deleted"))
        #expect(try redis.command(["KEYS", "*\(key)*"]).array?.isEmpty == true)
        let again = try fixture.run("circles-cleanup", ["--json"])
        #expect(again.stdout.trimmingWhitespace == "{\"done\":[]}")
    }

    /// Idle workers stop as soon as they get SIGTERM (their blocking take is cut short), so cleaning
    /// up 10 idle circles takes well under the workers' 1 s take timeout, which it used to wait out.
    /// Measured ~0.08 s with debug builds; the bound leaves room for a loaded machine.
    @Test func cleaningUpTenIdleCirclesDoesNotWaitOutTheWorkersTakeTimeout() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached((0..<10).flatMap { _ in ["-c", freshPublicKey()] })
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let redis = try fixture.redis.connect()
        try waitUntil("all 10 workers block in BLMOVE") {
            (try redis.command(["CLIENT", "LIST"]).string ?? "").components(separatedBy: "cmd=blmove").count - 1 == 10
        }
        let start = MonotonicClock.now()
        let result = try fixture.run("circles-cleanup", [])
        let seconds = MonotonicClock.now() - start
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(seconds < 0.7, "circles-cleanup took \(seconds) s")
        #expect(try fixture.state()?.circles.allSatisfy { $0.worker.status == .stopped } == true)
    }
}
