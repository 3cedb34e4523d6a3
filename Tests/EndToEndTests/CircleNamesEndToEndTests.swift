import CirclesCore
import Foundation
import Testing
import TestSupport

/// Circle names are for people: any printable text comes up, and nothing on disk is named after it.
@Suite(.serialized) struct CircleNamesEndToEndTests {
    @Test func seedConfigWithSpacesPerEntryPortsAndScriptsInASubfolderComesUp() throws {
        let fixture = try LaunchFixture()
        let seedPort = try TestRedis.freeLoopbackPort()
        try FileManager.default.createDirectory(atPath: fixture.directory + "/scripts", withIntermediateDirectories: true)
        try fixture.write("scripts/dunia_cybercity.rhai", #"db_set("motto", "welcome to " + "Dunia"); "Dunia Cybercity ready""#)
        let config = try fixture.write("circles.json", """
            [
              {"name": "Dunia Cybercity", "port": \(seedPort), "script_path": "scripts/dunia_cybercity.rhai"},
              {"name": "Ωmega 東京 / 2"}
            ]
            """)
        let spawn = try fixture.spawnDetached([config, "--json"])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let circles = LaunchFixture.jsonLines(spawn.stdout)
        #expect(circles.map { $0["name"] as? String } == ["Dunia Cybercity", "Ωmega 東京 / 2"])
        #expect(circles[0]["init_output"] as? String == "Dunia Cybercity ready")
        #expect(circles[0]["ws_url"] as? String == "ws://127.0.0.1:\(seedPort)/\(circles[0]["public_key"] as? String ?? "")", "\(circles)")

        let motto = try fixture.run("circles-dispatch", ["--circle", "Dunia Cybercity", "-e", #"db_get("motto")"#])
        #expect(motto.exitCode == 0, "\(motto.stderr)")
        #expect(motto.stdout.trimmingWhitespace == "welcome to Dunia")
        let other = try fixture.run("circles-dispatch", ["--circle", "Ωmega 東京 / 2", "-e", "40 + 2"])
        #expect(other.stdout.trimmingWhitespace == "42", "\(other.stderr)")

        let status = try fixture.statusLines()
        #expect(status.code == 0)
        #expect(status.lines.compactMap { $0["name"] as? String }.contains("Ωmega 東京 / 2"))

        // Logs and databases are named after the keys; no file carries a name.
        let keys = circles.compactMap { $0["public_key"] as? String }
        let logs = try FileManager.default.contentsOfDirectory(atPath: fixture.launchData + "/logs")
        #expect(Set(keys.map { "worker-\($0).log" }).isSubset(of: Set(logs)), "\(logs)")
        let everything = try FileManager.default.subpathsOfDirectory(atPath: fixture.launchData)
        #expect(!everything.contains { $0.contains("Dunia") || $0.contains("Ωmega") || $0.contains(" ") }, "\(everything)")
    }

    @Test func unusableNameIsRefusedWithASuggestion() throws {
        let fixture = try LaunchFixture()
        let config = try fixture.write("circles.json", #"[{"name": "tab\there "}]"#)
        let spawn = try fixture.spawnDetached([config])
        #expect(spawn.exitCode == ExitStatus.usage)
        #expect(spawn.stderr.contains(#"the name "tab\there " has a control or invisible character; use, say, "tab here""#), "\(spawn.stderr)")
        #expect(try fixture.state() == nil)
    }
}
