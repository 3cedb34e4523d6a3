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

/// Several launches on one Redis behave as one fleet: two launch_data folders with different
/// `--host-name`s stand for two hosts (docs/PROTOCOL.md §2, "Fleet registry").
@Suite(.serialized) struct FleetRegistryTests {
    @Test func spawnStopRemoveAndCleanupKeepTheRegistryCurrent() throws {
        let hostA = try LaunchFixture()
        let hostB = try LaunchFixture(sharedRedis: hostA.redis)
        let (alpha, beta, gamma) = (freshPublicKey(), freshPublicKey(), freshPublicKey())
        #expect(try hostA.spawnDetached(["-c", alpha, "-c", beta, "--host-name", "host-a"]).exitCode == 0)
        #expect(try hostB.spawnDetached(["-c", gamma, "--host-name", "host-b"]).exitCode == 0)

        let entries = Dictionary(try FleetRegistry.read(on: hostA.redis.connect()).map { ($0.publicKey, $0) }) { first, _ in first }
        #expect(Set(entries.keys) == [alpha, beta, gamma])
        #expect(entries[alpha]?.host == "host-a" && entries[beta]?.host == "host-a" && entries[gamma]?.host == "host-b")
        #expect(entries.values.allSatisfy { $0.state == "running" }, "\(entries)")
        #expect(entries[gamma]?.wsURL == "ws://127.0.0.1:\(hostB.port)/\(gamma)")
        #expect(entries[alpha]?.wsURL == "ws://127.0.0.1:\(hostA.port)/\(alpha)")

        func state(_ key: String) throws -> String? {
            try FleetRegistry.read(on: hostA.redis.connect()).first { $0.publicKey == key }?.state
        }
        #expect(try hostA.run("circles-stop", [alpha]).exitCode == 0)
        try waitUntil("alpha shows stopped in the registry", seconds: 30) { try state(alpha) == "stopped" }
        #expect(try hostA.run("circles-start", [alpha]).exitCode == 0)
        try waitUntil("alpha shows running again", seconds: 30) { try state(alpha) == "running" }

        #expect(try hostA.run("circles-remove", [beta]).exitCode == 0)
        #expect(try state(beta) == nil)
        #expect(try hostA.redis.connect().command(["EXISTS", RedisKeys.registryEntry(beta)]).integer == 0)

        #expect(try hostB.run("circles-cleanup", []).exitCode == 0)
        #expect(try state(gamma) == "stopped")
        #expect(try hostB.run("circles-cleanup", ["--purge"]).exitCode == 0)
        #expect(try state(gamma) == nil)
        #expect(try state(alpha) == "running")
    }

    @Test func statusFleetShowsEveryHostsCircles() throws {
        let hostA = try LaunchFixture()
        let hostB = try LaunchFixture(sharedRedis: hostA.redis)
        let (alpha, gamma) = (freshPublicKey(), freshPublicKey())
        #expect(try hostA.spawnDetached(["-c", alpha, "--host-name", "host-a"]).exitCode == 0)
        #expect(try hostB.spawnDetached(["-c", gamma, "--host-name", "host-b"]).exitCode == 0)

        func fleet(from fixture: LaunchFixture) throws -> (code: Int32, byKey: [String: [String: Any]]) {
            let result = try fixture.run("circles-status", ["--fleet", "--json"])
            let lines = LaunchFixture.jsonLines(result.stdout)
            return (result.exitCode, Dictionary(lines.map { ($0["public_key"] as? String ?? "", $0) }) { first, _ in first })
        }
        let seen = try fleet(from: hostB)
        #expect(seen.code == 0)
        #expect(Set(seen.byKey.keys) == [alpha, gamma])
        #expect(seen.byKey[alpha]?["host"] as? String == "host-a" && seen.byKey[gamma]?["host"] as? String == "host-b")
        #expect(seen.byKey.values.allSatisfy { $0["alive"] as? Bool == true && $0["workers_alive"] as? Int == 1 && $0["state"] as? String == "running" })
        #expect(seen.byKey[gamma]?["ws_url"] as? String == "ws://127.0.0.1:\(hostB.port)/\(gamma)")

        // A stopped circle keeps its queued tasks, and every host sees them waiting.
        #expect(try hostA.run("circles-stop", [alpha]).exitCode == 0)
        #expect(try hostA.run("circles-dispatch", ["--circle", alpha, "--no-wait", "-e", "40 + 2"]).exitCode == 0)
        try waitUntil("host B sees alpha stopped with one task queued", seconds: 30) {
            let now = try fleet(from: hostB).byKey[alpha]
            return now?["state"] as? String == "stopped" && now?["alive"] as? Bool == false && now?["queued"] as? Int == 1
        }
        #expect(try fleet(from: hostB).code == 0)

        // A circle its launcher calls running without a live worker is down: exit 1.
        #expect(try hostB.run("circles-stop", [gamma]).exitCode == 0)
        try hostA.redis.connect().command(["HSET", RedisKeys.registryEntry(gamma), "state", "running"])
        #expect(try fleet(from: hostA).code == 1)
    }

    @Test func namesTheLocalStateDoesNotKnowResolveThroughTheRegistry() throws {
        let hostA = try LaunchFixture()
        let hostB = try LaunchFixture(sharedRedis: hostA.redis)
        let configA = try hostA.write("a.json", #"[{"name":"far away"}]"#)
        #expect(try hostA.spawnDetached([configA, "--host-name", "host-a"]).exitCode == 0)
        #expect(try hostB.spawnDetached(["-c", freshPublicKey(), "--host-name", "host-b"]).exitCode == 0)

        let sent = try hostB.run("circles-dispatch", ["--circle", "far away", "-e", "40 + 2"])
        #expect(sent.exitCode == 0, "\(sent.stderr)")
        #expect(sent.stdout.trimmingWhitespace == "42")
        // With no state at all (another machine), the Redis URL alone is enough.
        let bare = try BuiltExecutable.run("circles-queue", ["far away", "--json", "--launch-data", hostB.directory + "/none", "--redis-url", hostA.redis.urlText])
        #expect(bare.exitCode == 0, "\(bare.stderr)")

        let unknown = try hostB.run("circles-dispatch", ["--circle", "nowhere", "-e", "1"])
        #expect(unknown.exitCode == ExitStatus.usage)
        #expect(unknown.stderr.contains(#"no circle named "nowhere""#) && unknown.stderr.contains("fleet registry"), "\(unknown.stderr)")

        // A name two hosts' circles share is refused, naming both.
        let twin = freshPublicKey()
        try FleetRegistry.publish([.init(name: "far away", publicKey: twin, host: "host-z", wsURL: "", state: "running")], on: hostA.redis.connect())
        let ambiguous = try hostB.run("circles-dispatch", ["--circle", "far away", "-e", "1"])
        #expect(ambiguous.exitCode == ExitStatus.usage)
        #expect(ambiguous.stderr.contains("2 circles of the fleet registry are named \"far away\"") && ambiguous.stderr.contains("\(twin) on host-z"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.split(separator: "\n").count == 1)
    }

    @Test func wsWithRegistryServesCirclesSpawnedAfterItStartedAndDropsRemovedOnes() throws {
        let hostA = try LaunchFixture()
        let hostB = try LaunchFixture(sharedRedis: hostA.redis)
        let front = try TestRedis.freeLoopbackPort()
        // No -c, no --state and no state file: circles-ws serves the fleet registry.
        let server = try RunningProcess("circles-ws", ["-p", String(front), "--registry-interval", "0.5",
                                                       "--launch-data", hostA.directory + "/front", "--redis-url", hostA.redis.urlText])
        defer { server.kill(SIGTERM) }
        try waitUntil("circles-ws listens", seconds: 60) { server.stdout.contains(#""event":"listening""#) }
        let (alpha, gamma) = (freshPublicKey(), freshPublicKey())
        #expect(Network.httpStatus(host: "127.0.0.1", port: front, path: "/" + gamma) == 404)

        #expect(try hostA.spawnDetached(["-c", alpha, "--host-name", "host-a"]).exitCode == 0)
        #expect(try hostB.spawnDetached(["-c", gamma, "--host-name", "host-b"]).exitCode == 0)
        for key in [alpha, gamma] {
            try waitUntil("the front server serves \(key) (426: upgrade required)", seconds: 30) {
                Network.httpStatus(host: "127.0.0.1", port: front, path: "/" + key, timeout: 5) == 426
            }
        }
        #expect(try hostB.run("circles-remove", [gamma]).exitCode == 0)
        try waitUntil("the front server no longer serves the removed circle", seconds: 30) {
            Network.httpStatus(host: "127.0.0.1", port: front, path: "/" + gamma, timeout: 5) == 404
        }
        #expect(Network.httpStatus(host: "127.0.0.1", port: front, path: "/" + alpha, timeout: 5) == 426)
        #expect(server.isRunning)
    }
}

