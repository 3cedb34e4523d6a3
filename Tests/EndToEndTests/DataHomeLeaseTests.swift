import CirclesCore
import Foundation
import Testing
import TestSupport

/// The data-home lease of docs/PROTOCOL.md §2 with real `circles-worker` processes; the hosts are
/// told apart by `--host-name`, each with its own database file, as on separate machines.
@Suite(.serialized) struct DataHomeLeaseTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let folder = NSTemporaryDirectory() + "home-\(UUID().uuidString)"
    /// Short, so the test waits little for the lease to lapse; still three heartbeats long.
    static let leaseTTL = 6

    init() throws {
        redis = try TestRedis()
    }

    private func database(onHost host: String) -> String { "\(folder)-\(host).db" }

    private func arguments(host: String) -> [String] {
        ["--host-name", host, "--home-lease-ttl", String(Self.leaseTTL)]
    }

    /// A worker on `host`, started and ready.
    private func serve(onHost host: String, id: String) throws -> WorkerProcess {
        try WorkerProcess(circle: circle, redis: redis, workerId: id, databasePath: database(onHost: host), arguments: arguments(host: host), readyWithin: 60)
    }

    /// A worker on `host` that must be refused: runs it to its exit; returns its exit code and stderr.
    private func refused(onHost host: String, id: String) throws -> ProcessResult {
        try BuiltExecutable.run("circles-worker", [
            "--circle-public-key", circle.hex, "--redis-url", redis.urlText, "--worker-id", id, "--db-path", database(onHost: host),
        ] + arguments(host: host))
    }

    private func dispatch(_ script: String) throws -> ProcessResult {
        try BuiltExecutable.run("circles-dispatch", ["--circle", circle.hex, "--redis-url", redis.urlText, "--timeout", "60", "-e", script])
    }

    private var holder: String? {
        get throws { try redis.connect().command(["GET", RedisKeys.home(circle)]).string }
    }

    @Test func aWorkerOnAnotherHostIsRefusedUntilTheHomeLeaseLapses() throws {
        let a1 = try serve(onHost: "a", id: "a1")
        #expect(try holder == "a")
        #expect(try dispatch("db_set(\"k\", \"written on a\"); 1").stdout == "1\n")

        let b = try refused(onHost: "b", id: "b1")
        #expect(b.exitCode == 75, "\(b.stderr)")
        let lines = b.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(b.stderr)")
        #expect(b.stderr.hasPrefix("circles-worker: error: circle \(circle.hex)'s database lives on host a ("), "\(b.stderr)")
        #expect(b.stderr.contains(RedisKeys.home(circle)) && b.stderr.contains("not on this host b") && b.stderr.contains("not built yet"), "\(b.stderr)")
        // Refused before anything: no database file, no liveness, no membership; the lease is a's still.
        #expect(!FileManager.default.fileExists(atPath: database(onHost: "b")))
        let connection = try redis.connect()
        #expect(try connection.command(["EXISTS", RedisKeys.worker(circle, "b1")]) == .integer(0))
        #expect(try connection.command(["SISMEMBER", RedisKeys.workers(circle), "b1"]) == .integer(0))
        #expect(try holder == "a")

        // A second worker on the home host starts alongside and shares the file.
        let a2 = try serve(onHost: "a", id: "a2")
        #expect(a1.process.isRunning)
        #expect(a1.stop() == 0)
        #expect(try dispatch("db_get(\"k\")").stdout == "written on a\n")

        // With no worker on a, the lease lapses after its TTL and b takes the home.
        #expect(a2.stop() == 0)
        try waitUntil("the home lease lapses", seconds: Double(Self.leaseTTL) + 60) { try holder == nil }
        let b2 = try serve(onHost: "b", id: "b2")
        #expect(try holder == "b")
        #expect(try dispatch("40 + 2").stdout == "42\n")
        // Its heartbeats renew the lease: it outlives its TTL while b2 runs, and now a is refused.
        usleep(UInt32(Self.leaseTTL + 2) * 1_000_000)
        #expect(try holder == "b")
        let a3 = try refused(onHost: "a", id: "a3")
        #expect(a3.exitCode == 75 && a3.stderr.contains("lives on host b ("), "\(a3.stderr)")
        #expect(b2.stop() == 0)
    }

    /// Heartbeats take the lease again when it is gone, never take it from another host, and say
    /// at error level when another host holds it (two hosts then serve the circle).
    @Test func heartbeatsRenewTheLeaseAndReportAnotherHolder() throws {
        let a = try serve(onHost: "a", id: "a1")
        let connection = try redis.connect()
        #expect(try connection.command(["DEL", RedisKeys.home(circle)]) == .integer(1))
        try waitUntil("a heartbeat takes the lease again", seconds: 60) { try holder == "a" }

        #expect(try connection.command(["SET", RedisKeys.home(circle), "b"]) == .status("OK"))
        try waitUntil("the worker reports that host b holds the lease", seconds: 60) { a.process.stderr.contains("host b holds it now") }
        let line = try #require(a.process.stderr.split(separator: "\n").first { $0.contains("host b holds it now") })
        #expect(line.contains(" error circles-worker: heartbeat: the data-home lease \(RedisKeys.home(circle)) lapsed"), "\(line)")
        #expect(try holder == "b")
        #expect(a.process.isRunning)

        #expect(try connection.command(["DEL", RedisKeys.home(circle)]) == .integer(1))
        try waitUntil("the worker says the lease is its host's again", seconds: 60) { a.process.stderr.contains("the data-home lease is this host's (a) again") }
        #expect(try holder == "a")
        #expect(a.stop() == 0)
    }

    /// circles-spawn passes its --host-name to the workers, and refuses a circle homed on another
    /// host before it writes anything: no state, no database, the registry entry left as it was;
    /// so does a join into a running launch. A purge releases the lease.
    @Test func spawnOnAnotherHostIsRefusedBeforeItWritesAnything() throws {
        let hostA = try LaunchFixture()
        let hostB = try LaunchFixture(sharedRedis: hostA.redis)
        let (alpha, gamma) = (freshPublicKey(), freshPublicKey())
        #expect(try hostA.spawnDetached(["-c", alpha, "--host-name", "host-a"]).exitCode == 0)
        let circle = try PublicKey(parsing: alpha)
        #expect(try hostA.redis.connect().command(["GET", RedisKeys.home(circle)]).string == "host-a")
        let entryBefore = try hostA.redis.connect().command(["HGETALL", RedisKeys.registryEntry(alpha)])

        let refused = try hostB.spawnDetached(["-c", alpha, "--host-name", "host-b"])
        #expect(refused.exitCode == 75, "\(refused.stderr)")
        #expect(refused.stderr == "circles-spawn: error: \(DataHomeElsewhere(circle: circle, holder: "host-a", hostName: "host-b"))\n")
        #expect(refused.stderr.contains("lives on host host-a ("))
        #expect(try hostB.state() == nil)
        #expect(!FileManager.default.fileExists(atPath: LaunchData(hostB.launchData).database(circle)))
        #expect(try hostA.redis.connect().command(["HGETALL", RedisKeys.registryEntry(alpha)]) == entryBefore)

        #expect(try hostB.spawnDetached(["-c", gamma, "--host-name", "host-b"]).exitCode == 0)
        let joined = try hostB.run("circles-spawn", ["-c", alpha], timeout: 90)
        #expect(joined.exitCode == 75 && joined.stderr.contains("lives on host host-a (") && joined.stderr.contains("not on this host host-b"), "\(joined.stderr)")
        #expect(try hostB.state()?.circles.map(\.publicKey) == [gamma])
        #expect(try hostA.redis.connect().command(["HGETALL", RedisKeys.registryEntry(alpha)]) == entryBefore)

        // A purge releases the leases its host holds, and only those.
        let connection = try hostA.redis.connect()
        #expect(try hostA.run("circles-cleanup", ["--purge"]).exitCode == 0)
        #expect(try connection.command(["EXISTS", RedisKeys.home(circle)]) == .integer(0))
        let gammaHome = RedisKeys.home(try PublicKey(parsing: gamma))
        #expect(try connection.command(["SET", gammaHome, "host-c"]) == .status("OK"))
        #expect(try hostB.run("circles-cleanup", ["--purge"]).exitCode == 0)
        #expect(try connection.command(["GET", gammaHome]).string == "host-c")
    }
}
