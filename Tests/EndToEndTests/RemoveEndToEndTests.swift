import CirclesCore
import CirclesLauncher
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles remove: one circle leaves a running launch, the others keep their processes; --purge
/// deletes what it leaves behind.
@Suite(.serialized) struct RemoveEndToEndTests {
    @Test func removeTakesOneCircleOutAndPurgeForgetsItsData() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached([LaunchFixture.repository + "/examples/circles.json"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let before = try #require(try fixture.state())
        let beta = try #require(before.circles.first { $0.name == "beta" })
        let gamma = try #require(before.circles.first { $0.name == "gamma" })
        #expect(try fixture.run("circles-dispatch", ["--circle", "gamma", "-e", #"db_set("x", 1); 1"#]).exitCode == 0)

        let removed = try fixture.run("circles-remove", ["beta"])
        #expect(removed.exitCode == 0, "\(removed.stderr)")
        #expect(removed.stdout.trimmingWhitespace == "beta: removed")
        var state = try #require(try fixture.state())
        #expect(state.circles.map(\.name) == ["alpha", "gamma"])
        #expect(kill(beta.worker.pid!, 0) != 0)
        #expect(state.circles.map(\.worker.pid) == before.circles.filter { $0.name != "beta" }.map(\.worker.pid))
        #expect(state.servers.map(\.pid) == before.servers.map(\.pid))
        try waitUntil("the server no longer serves beta") {
            Network.httpStatus(host: "127.0.0.1", port: fixture.port, path: "/" + beta.publicKey) == 404
        }
        #expect(Network.httpStatus(host: "127.0.0.1", port: fixture.port, path: "/" + gamma.publicKey) == 426)
        #expect(FileManager.default.fileExists(atPath: fixture.launchData + "/circle_db_\(beta.publicKey).db"), "kept without --purge")
        #expect(try fixture.statusLines().code == 0)

        let purged = try fixture.run("circles-remove", ["gamma", "--purge"])
        #expect(purged.exitCode == 0, "\(purged.stderr)")
        #expect(purged.stdout.trimmingWhitespace == "gamma: removed and purged")
        state = try #require(try fixture.state())
        #expect(state.circles.map(\.name) == ["alpha"])
        let key = try PublicKey(parsing: gamma.publicKey)
        let redis = try fixture.redis.connect()
        #expect(try redis.command(["EXISTS", RedisKeys.statistics(key), RedisKeys.workers(key)]).integer == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.launchData + "/circle_db_\(gamma.publicKey).db"))
        #expect(!FileManager.default.fileExists(atPath: fixture.launchData + "/keys/\(gamma.publicKey).key"))
        let names = try String(contentsOfFile: fixture.launchData + "/keys/names.json", encoding: .utf8)
        #expect(!names.contains("gamma") && names.contains("alpha"))

        let unknown = try fixture.run("circles-remove", ["beta"])
        #expect(unknown.exitCode == ExitStatus.usage)
        #expect(unknown.stderr.contains(#"no circle "beta" in "#), "\(unknown.stderr)")
        // beta comes back as it was (same key, same database).
        let back = try fixture.run("circles-spawn", [LaunchFixture.repository + "/examples/circles.json", "--json"], timeout: 90)
        #expect(back.exitCode == 0, "\(back.stderr)")
        let lines = LaunchFixture.jsonLines(back.stdout)
        #expect(lines.first { $0["name"] as? String == "beta" }?["public_key"] as? String == beta.publicKey)
        #expect(try fixture.run("circles-dispatch", ["--circle", "beta", "-e", #"db_get("greeting")"#]).stdout.trimmingWhitespace == "hello from beta")
    }
}
