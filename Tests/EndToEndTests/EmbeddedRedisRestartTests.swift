import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private redis-server of a launch is supervised like a worker: killed, it is restarted on
/// its port, and the circles serve again without a respawn.
@Suite(.serialized) struct EmbeddedRedisRestartTests {
    @Test func killedPrivateRedisIsRestartedAndTheCirclesServeAgain() throws {
        guard (try? RedisConnection.connect(url: .defaultURL, connectTimeout: 0.5, commandTimeout: 1)) == nil else {
            print("SKIPPED: a Redis answers on 127.0.0.1:6379, so circles-spawn would use it rather than start its own")
            return
        }
        let fixture = try LaunchFixture()
        let own = ["--launch-data", fixture.launchData]
        let spawn = try BuiltExecutable.run("circles-spawn", ["-c", freshPublicKey(), "--detach", "-p", String(fixture.port)] + own, timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        defer { _ = try? BuiltExecutable.run("circles-cleanup", own) }
        let before = try #require(try fixture.state())
        let redisPid = try #require(before.redis?.pid)
        let workerPid = try #require(before.circles[0].worker.pid)
        #expect(try BuiltExecutable.run("circles-dispatch", ["--circle", before.circles[0].name, "-e", #"db_set("kept", 7); 1"#] + own).exitCode == 0)

        kill(redisPid, SIGKILL)
        try waitUntil("Redis is restarted", seconds: 20) {
            guard let pid = try fixture.state()?.redis?.pid else { return false }
            return pid != redisPid && kill(pid, 0) == 0
        }
        try waitUntil("the circles are all alive again", seconds: 30) {
            try BuiltExecutable.run("circles-status", ["--json"] + own).exitCode == 0
        }
        let answer = try BuiltExecutable.run("circles-dispatch", ["--circle", before.circles[0].name, "-e", #"db_get("kept") * 6"#] + own)
        #expect(answer.exitCode == 0, "\(answer.stderr)")
        #expect(answer.stdout.trimmingWhitespace == "42")
        let after = try #require(try fixture.state())
        #expect(after.circles[0].worker.pid == workerPid && after.circles[0].worker.restarts == 0)
        #expect(after.redis?.url == before.redis?.url)
        let log = try String(contentsOfFile: fixture.launchData + "/logs/redis.log", encoding: .utf8)
        #expect(log.contains("redis (pid \(redisPid)) was killed by signal 9 (SIGKILL); restarting it in"), "\(log.suffix(600))")
    }
}
