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

/// circles spawn into a running set: new circles join the running supervisor and servers; the
/// circles that run keep their processes.
@Suite(.serialized) struct JoinEndToEndTests {
    private func pids(_ state: LaunchState) -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for circle in state.circles { pids[circle.name] = circle.worker.pid ?? 0 }
        for server in state.servers { pids["ws-\(server.port)"] = server.pid ?? 0 }
        return pids
    }

    @Test func newCirclesJoinARunningLaunchAndTheOthersKeepTheirProcesses() throws {
        let fixture = try LaunchFixture()
        let examples = LaunchFixture.repository + "/examples/circles.json"
        let spawn = try fixture.spawnDetached([examples])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let before = pids(try #require(try fixture.state()))

        let newKey = freshPublicKey()
        let script = try fixture.write("new.rhai", #"db_set("hello", "from the newcomer"); "joined""#)
        let join = try fixture.run("circles-spawn", ["-c", "\(newKey):\(script)", "--json"], timeout: 90)
        #expect(join.exitCode == 0, "\(join.stderr)")
        let lines = LaunchFixture.jsonLines(join.stdout)
        #expect(lines.count == 4)
        #expect(lines.last?["public_key"] as? String == newKey)
        #expect(lines.last?["init_output"] as? String == "joined")
        let state = try #require(try fixture.state())
        #expect(pids(state).filter { before[$0.key] != nil } == before, "the others keep their pids")
        #expect(Network.httpStatus(host: "127.0.0.1", port: fixture.port, path: "/" + newKey) == 426, "the running server serves the newcomer")
        let hello = try fixture.run("circles-dispatch", ["--circle", newKey, "-e", #"db_get("hello")"#])
        #expect(hello.stdout.trimmingWhitespace == "from the newcomer", "\(hello.stderr)")
        #expect(try fixture.statusLines().code == 0)

        // The config again plus one more on a port of its own: the running ones are left alone.
        let other = freshPublicKey(), otherPort = try TestRedis.freeLoopbackPort()
        let again = try fixture.run("circles-spawn", [examples, "-c", other, "-p", String(otherPort), "--json"], timeout: 90)
        #expect(again.exitCode == 0, "\(again.stderr)")
        let after = try #require(try fixture.state())
        #expect(after.circles.count == 5)
        #expect(after.servers.map(\.port) == [fixture.port, otherPort])
        #expect(pids(after).filter { pids(state)[$0.key] != nil } == pids(state))
        #expect(Network.httpStatus(host: "127.0.0.1", port: otherPort, path: "/" + other) == 426)
        #expect(Network.httpStatus(host: "127.0.0.1", port: fixture.port, path: "/" + other) == 404, "each server serves its port's circles")
        #expect(try fixture.run("circles-dispatch", ["--circle", other, "-e", "5 + 5"]).stdout.trimmingWhitespace == "10")

        // A name that runs with another key is refused.
        let clash = try fixture.write("clash.json", #"[{"name": "beta"}]"#)
        try FileManager.default.removeItem(atPath: fixture.launchData + "/keys/names.json")  // so this beta gets a new key
        let duplicate = try fixture.run("circles-spawn", [clash])
        #expect(duplicate.exitCode == ExitStatus.usage)
        let beta = try #require(after.circles.first { $0.name == "beta" })
        #expect(duplicate.stderr.trimmingWhitespace == "circles-spawn: error: a circle named \"beta\" runs already with another key (\(beta.publicKey)); give the new one another name", "\(duplicate.stderr)")
        #expect(try fixture.state()?.circles.count == 5)
    }
}
