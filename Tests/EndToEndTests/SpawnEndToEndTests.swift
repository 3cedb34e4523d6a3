import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// circles-spawn with the built executables, a real Redis, real workers and servers.
@Suite(.serialized) struct SpawnEndToEndTests {
    private var examples: String { LaunchFixture.repository + "/examples/circles.json" }

    @Test func exampleConfigDetachedIsReadyAndKeepsItsKeys() throws {
        let fixture = try LaunchFixture()
        let started = Date()
        let spawn = try fixture.spawnDetached([examples, "--json"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let circles = LaunchFixture.jsonLines(spawn.stdout)
        #expect(circles.map { $0["name"] as? String } == ["alpha", "beta", "gamma"])
        #expect(circles.allSatisfy { $0["alive"] as? Bool == true })
        #expect(circles[0]["init_status"] as? String == "completed")
        #expect(circles[0]["init_output"] as? String == "alpha ready, launch number 1")
        #expect(circles[1]["init_output"] as? String == "beta ready with 2 items")
        #expect(circles[2]["init_status"] == nil)
        #expect(Date().timeIntervalSince(started) < 30)

        let status = try fixture.statusLines()
        #expect(status.code == 0)
        #expect(status.lines.filter { $0["kind"] as? String == "circle" }.count == 3)
        #expect(status.lines.allSatisfy { $0["alive"] as? Bool == true }, "\(status.lines)")

        let greeting = try fixture.run("circles-dispatch", ["--circle", "alpha", "-e", #"db_get("greeting")"#])
        #expect(greeting.exitCode == 0, "\(greeting.stderr)")
        #expect(greeting.stdout.trimmingWhitespace == "hello from alpha")

        let cleanup = try fixture.run("circles-cleanup", [])
        #expect(cleanup.exitCode == 0, "\(cleanup.stderr)")
        let again = try fixture.spawnDetached([examples, "--json"])
        #expect(again.exitCode == 0, "\(again.stderr)")
        let second = LaunchFixture.jsonLines(again.stdout)
        #expect(second.map { $0["public_key"] as? String } == circles.map { $0["public_key"] as? String })
        // Same key, same database: the init script sees its first launch.
        #expect(second[0]["init_output"] as? String == "alpha ready, launch number 2")
    }

    @Test func killedWorkerIsRestartedAndCountedOthersUntouched() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["-c", freshPublicKey(), "-c", freshPublicKey()])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let before = try #require(try fixture.state())
        let victim = try #require(before.circles[0].worker.pid)
        let bystander = try #require(before.circles[1].worker.pid)
        kill(victim, SIGKILL)

        let restarted = try eventually(timeout: 20) {
            guard let worker = try fixture.state()?.circles[0].worker else { return false }
            return worker.restarts == 1 && worker.pid != nil && worker.pid != victim
        }
        #expect(restarted)
        let recovered = try eventually(timeout: 20) { try fixture.statusLines().code == 0 }
        #expect(recovered)
        let status = try fixture.statusLines().lines.filter { $0["kind"] as? String == "circle" }
        #expect(status.map { $0["restarts"] as? Int } == [1, 0])
        let after = try #require(try fixture.state())
        #expect(after.circles[1].worker.pid == bystander)
        #expect(after.circles[1].worker.restarts == 0)
    }

    @Test func foregroundRunStopsEveryChildOnSIGINT() throws {
        let fixture = try LaunchFixture()
        let spawn = try RunningProcess("circles-spawn", ["-c", freshPublicKey(), "-c", freshPublicKey(), "-p", String(fixture.port)] + fixture.common)
        let ready = try eventually(timeout: 60) { try fixture.statusLines().code == 0 }
        #expect(ready, "\(spawn.stderr)")
        let state = try #require(try fixture.state())
        let groups = state.circles.compactMap(\.worker.pid) + state.servers.compactMap(\.pid)
        #expect(groups.count == 3)
        #expect(groups.allSatisfy { !processes(inGroup: $0).isEmpty })

        spawn.kill(SIGINT)
        #expect(spawn.wait(timeout: 30) == 0, "\(spawn.stderr)")
        for group in groups { #expect(processes(inGroup: group).isEmpty, "group \(group) still has processes") }
        let stopped = try #require(try fixture.state())
        #expect(stopped.circles.allSatisfy { $0.worker.status == .stopped && $0.worker.pid == nil })
        #expect(stopped.supervisor == nil)

        let first = try fixture.run("circles-cleanup", [])
        let second = try fixture.run("circles-cleanup", [])
        #expect(first.exitCode == 0)
        #expect(second.exitCode == 0)
        #expect(second.stderr.contains("nothing to clean up"), "\(second.stderr)")
    }

    @Test func childrenDieWithAKilledLauncher() throws {
        let fixture = try LaunchFixture()
        let spawn = try RunningProcess("circles-spawn", ["-c", freshPublicKey(), "-p", String(fixture.port)] + fixture.common)
        let ready = try eventually(timeout: 60) { try fixture.statusLines().code == 0 }
        #expect(ready, "\(spawn.stderr)")
        let state = try #require(try fixture.state())
        let groups = state.circles.compactMap(\.worker.pid) + state.servers.compactMap(\.pid)
        spawn.kill(SIGKILL)
        _ = spawn.wait(timeout: 10)
        let gone = eventually(timeout: 20) { groups.allSatisfy { processes(inGroup: $0).isEmpty } }
        #expect(gone, "PR_SET_PDEATHSIG did not stop the children")
        // The state still names the dead processes: cleanup finds nothing alive and marks it.
        let cleanup = try fixture.run("circles-cleanup", [])
        #expect(cleanup.exitCode == 0)
        #expect(try fixture.state()?.circles.allSatisfy { $0.worker.pid == nil } == true)
    }

    @Test func embeddedRedisWhenNothingAnswersOnTheDefault() throws {
        guard (try? RedisConnection.connect(url: .defaultURL, connectTimeout: 0.5, commandTimeout: 1)) == nil else {
            print("SKIPPED: a Redis answers on 127.0.0.1:6379, so circles-spawn would use it rather than start its own")
            return
        }
        let fixture = try LaunchFixture()
        let arguments = ["-c", freshPublicKey(), "--detach", "-p", String(fixture.port), "--launch-data", fixture.launchData]
        let spawn = try BuiltExecutable.run("circles-spawn", arguments, timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let redis = try #require(try fixture.state()?.redis)
        #expect(redis.managed)
        #expect(redis.dir == fixture.launchData + "/redis")
        let pid = try #require(redis.pid)
        #expect(kill(pid, 0) == 0)
        // It requires a generated password: the state's URL, without it, is refused; the env file
        // (0600) has the whole URL, which no process list shows.
        #expect(throws: RedisError.self) { try RedisConnection.connect(url: try RedisURL(parsing: redis.url)) }
        let whole = try RedisURL(parsing: redis.connectionText())
        let password = try #require(whole.password)
        #expect(password.count == 32)
        #expect(try RedisConnection.connect(url: whole).command(["PING"]) == .status("PONG"))
        // The fleet registry is written through the whole URL too (it was refused with NOAUTH).
        let circles = try FleetRegistry.read(on: RedisConnection.connect(url: whole)).map(\.publicKey)
        #expect(circles == [arguments[1]], "\(circles)")
        var info = stat()
        #expect(stat(fixture.launchData + "/redis/redis.conf", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try !BuiltExecutable.run("/bin/ps", ["-eo", "args"]).stdout.contains(password))
        let cleanup = try BuiltExecutable.run("circles-cleanup", ["--launch-data", fixture.launchData])
        #expect(cleanup.exitCode == 0)
        #expect(eventually(timeout: 10) { kill(pid, 0) != 0 })
    }
}
