import CirclesCore
import Foundation
import Testing
import TestSupport

/// circles-spawn and circles-status with the server on IPv6 (`--host ::1` and `::`): the port
/// check binds the right family and the readiness and status probes reach `[::1]`.
@Suite(.serialized) struct SpawnIPv6Tests {
    @Test(arguments: ["::1", "::"]) func serverOnIPv6IsReadyAndHealthy(host: String) throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["--host", host, "-c", freshPublicKey(), "--json"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let circle = try #require(LaunchFixture.jsonLines(spawn.stdout).first)
        #expect((circle["ws_url"] as? String)?.hasPrefix("ws://[::1]:\(fixture.port)/") == true, "\(circle)")

        let status = try fixture.statusLines()
        let server = try #require(status.lines.first { $0["kind"] as? String == "server" })
        #expect(status.code == 0, "\(status.lines)")
        #expect(server["url"] as? String == "ws://[::1]:\(fixture.port)")
        #expect(server["alive"] as? Bool == true)
    }

    @Test func aPortInUseOnIPv6IsStillRefused() throws {
        let fixture = try LaunchFixture()
        let first = try fixture.spawnDetached(["--host", "::1", "-c", freshPublicKey()])
        #expect(first.exitCode == 0, "\(first.stderr)")
        let other = ["--launch-data", fixture.directory + "/other", "--redis-url", fixture.redis.urlText]
        defer { _ = try? BuiltExecutable.run("circles-cleanup", other, timeout: 30) }
        let second = try BuiltExecutable.run(
            "circles-spawn", ["--host", "::1", "-p", String(fixture.port), "-c", freshPublicKey(), "--detach"] + other, timeout: 60)
        #expect(second.exitCode != 0)
        #expect(second.stderr.contains("port \(fixture.port) on ::1 is already in use"), "\(second.stderr)")
    }
}
