import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a launch keeps to itself (docs/PROTOCOL.md §5): the Redis password never shows in a
/// process list, and launch_data's files are its owner's only.
@Suite(.serialized) struct LaunchSecretsTests {
    private func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    @Test func noProcessShowsThePasswordAndTheLaunchFilesAreTheOwnersOnly() throws {
        let password = "pw-\(UUID().uuidString)"
        let fixture = try LaunchFixture(redisPassword: password)
        let key = freshPublicKey()
        let spawn = try fixture.spawnDetached(["-c", key])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let supervisor = try #require(try fixture.state()?.supervisor?.pid)

        let processes = try BuiltExecutable.run("/bin/ps", ["-eo", "pid,args"])
        #expect(processes.exitCode == 0)
        let supervisorLine = processes.stdout.split(separator: "\n").map { String($0).trimmingWhitespace }.first { $0.hasPrefix("\(supervisor) ") }
        #expect(supervisorLine?.contains("circles-spawn") == true && supervisorLine?.contains(fixture.launchData) == true, "\(processes.stdout)")
        #expect(!processes.stdout.contains(password), "a process list shows the Redis password")
        // The supervisor and its children reach Redis all the same.
        let dispatched = try fixture.run("circles-dispatch", ["--circle", key, "-e", "40 + 2"])
        #expect(dispatched.stdout == "42\n", "\(dispatched.stderr)")

        #expect(mode(fixture.launchData) == 0o700)
        let database = LaunchData(fixture.launchData).database(try PublicKey(parsing: key))
        #expect(mode(database) == 0o600, "\(database)")
        let logs = fixture.launchData + "/logs"
        let logFiles = try FileManager.default.contentsOfDirectory(atPath: logs).filter { $0.hasSuffix(".log") }
        #expect(logFiles.contains("circles-spawn.log") && logFiles.count >= 3, "\(logFiles)")
        for file in logFiles {
            #expect(mode(logs + "/" + file) == 0o600, "\(file)")
        }
        #expect(mode(fixture.launchData + "/state.json") == 0o600)

        // The state keeps the URL without its password, and names the 0600 file that has it whole.
        let stateText = try String(contentsOfFile: fixture.launchData + "/state.json", encoding: .utf8)
        #expect(!stateText.contains(password))
        let record = try #require(try fixture.state()?.redis)
        #expect(record.url == "redis://127.0.0.1:\(fixture.redis.port)/0")
        #expect(record.environmentFile == fixture.launchData + "/circles.env")
        #expect(mode(fixture.launchData + "/circles.env") == 0o600)
        #expect(record.connectionText() == fixture.redis.urlText)
        // Commands that find Redis through the state still log in.
        let throughState = try BuiltExecutable.run("circles-dispatch", ["--launch-data", fixture.launchData, "--circle", key, "-e", "6 * 7"])
        #expect(throughState.stdout == "42\n", "\(throughState.stderr)")
        let status = try BuiltExecutable.run("circles-status", ["--launch-data", fixture.launchData, "--json"])
        #expect(status.exitCode == 0 && !status.stdout.contains(password), "\(status.stderr)")
    }
}
