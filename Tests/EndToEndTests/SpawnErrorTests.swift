import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad input: a one-line error, the documented exit code, and nothing left running.
@Suite(.serialized) struct SpawnErrorTests {
    /// Runs circles-spawn and checks the exit code, a one-line message containing `expected`, and
    /// that no process of this launch_data runs.
    private func expectRefusal(_ fixture: LaunchFixture, _ arguments: [String], code: Int32, mentioning expected: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try fixture.run("circles-spawn", arguments + ["-p", String(fixture.port)])
        #expect(result.exitCode == code, "\(result.stderr)", sourceLocation: sourceLocation)
        let message = result.stderr.trimmingWhitespace
        #expect(!message.contains("\n"), "more than one line: \(message)", sourceLocation: sourceLocation)
        #expect(message.hasPrefix("circles-spawn: error: "), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(expected), "\(message)", sourceLocation: sourceLocation)
        #expect(processesMentioning(fixture.launchData).isEmpty, "left running", sourceLocation: sourceLocation)
    }

    @Test func missingInitFile() throws {
        let fixture = try LaunchFixture()
        try expectRefusal(fixture, ["-c", "\(freshPublicKey()):/nonexistent/init.rhai"], code: 64, mentioning: "the init script /nonexistent/init.rhai of circle")
    }

    @Test func initScriptSyntaxError() throws {
        let fixture = try LaunchFixture()
        let script = try fixture.write("broken.rhai", "db_set(\"a\", 1);\nlet = 2;\n")
        try expectRefusal(fixture, ["-c", "\(freshPublicKey()):\(script)"], code: 64, mentioning: "\(script):2:")
    }

    @Test func initScriptThatIsAFolder() throws {
        let fixture = try LaunchFixture()
        let folder = fixture.directory + "/scripts"
        try FileSystem.makeDirectory(folder)
        try expectRefusal(fixture, ["-c", "\(freshPublicKey()):\(folder)"], code: 64, mentioning: "the init script \(folder) of circle")
        let config = try fixture.write("circles.json", #"[{"name": "alpha", "script_path": "scripts"}]"#)
        try expectRefusal(fixture, [config], code: 64, mentioning: "\(folder) of circle alpha cannot be read (Is a directory)")
    }

    /// A config file naming a circle twice is refused by the name the user wrote, not by a key.
    @Test func duplicateNameInTheConfigFile() throws {
        let fixture = try LaunchFixture()
        let config = try fixture.write("circles.json", #"[{"name": "alpha"}, {"name": "beta"}, {"name": "alpha", "port": 9000}]"#)
        try expectRefusal(fixture, [config], code: 64, mentioning: #"entry 3 repeats the name "alpha" of entry 1"#)
        #expect(!FileSystem.exists(fixture.launchData + "/keys/names.json"), "keys were made for a refused config")
    }

    @Test func duplicateCircle() throws {
        let fixture = try LaunchFixture()
        let key = freshPublicKey()
        try expectRefusal(fixture, ["-c", key, "-c", key.uppercased()], code: 64, mentioning: "given twice")
    }

    @Test func invalidKey() throws {
        let fixture = try LaunchFixture()
        try expectRefusal(fixture, ["-c", "02abc"], code: 64, mentioning: "invalid public key \"02abc\"")
    }

    @Test func noCircles() throws {
        let fixture = try LaunchFixture()
        try expectRefusal(fixture, [], code: 64, mentioning: "no circles given")
    }

    @Test func portInUse() throws {
        let fixture = try LaunchFixture()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(fixture.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0 && listen(listener, 1) == 0)
        try expectRefusal(fixture, ["-c", freshPublicKey()], code: 1, mentioning: "port \(fixture.port) on 127.0.0.1 is already in use")
    }

    @Test func workerBinaryMissing() throws {
        let fixture = try LaunchFixture()
        try expectRefusal(fixture, ["-c", freshPublicKey(), "--worker-binary", "/nonexistent/circles-worker"], code: 64, mentioning: "/nonexistent/circles-worker is not an executable")
    }

    @Test func workerThatCannotStartStopsTheLaunch() throws {
        let fixture = try LaunchFixture()
        let fake = try fixture.write("fake-worker", "#!/bin/sh\necho 'cannot work today' >&2\nexit 3\n")
        chmod(fake, 0o755)
        try expectRefusal(fixture, ["-c", freshPublicKey(), "--worker-binary", fake], code: 1, mentioning: "cannot work today")
        #expect(try fixture.state()?.supervisor == nil)
    }

    @Test func corruptStateFile() throws {
        let fixture = try LaunchFixture()
        try FileManager.default.createDirectory(atPath: fixture.launchData, withIntermediateDirectories: true)
        try "{\"version\": 1, \"circles\": [".write(toFile: fixture.launchData + "/state.json", atomically: true, encoding: .utf8)
        try expectRefusal(fixture, ["-c", freshPublicKey()], code: 1, mentioning: "state.json is not valid")
        #expect(try String(contentsOfFile: fixture.launchData + "/state.json", encoding: .utf8) == "{\"version\": 1, \"circles\": [")
    }

    @Test func unreachableRedis() throws {
        let fixture = try LaunchFixture()
        let port = try TestRedis.freeLoopbackPort()
        let result = try BuiltExecutable.run("circles-spawn", ["-c", freshPublicKey(), "-p", String(fixture.port), "--launch-data", fixture.launchData,
                                                               "--redis-url", "redis://127.0.0.1:\(port)"])
        #expect(result.exitCode == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach Redis at redis://127.0.0.1:\(port)"))
    }
}

/// Processes whose command line mentions `text` (a launch_data path names all of a launch's children).
func processesMentioning(_ text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
    }
}
