import CirclesCore
import CirclesLauncher
import Foundation
import Testing

/// The circle inputs of circles-spawn, checked before anything starts.
@Suite struct SpawnInputTests {
    let key = PrivateKey.generate().publicKey

    @Test func circleSpecWithAndWithoutScript() throws {
        let plain = try CircleSpec.parse(key.hex.uppercased())
        #expect(plain.publicKey == key)
        #expect(plain.scriptPath == nil)
        #expect(plain.name == String(key.hex.prefix(12)))
        let scripted = try CircleSpec.parse("0x\(key.uncompressedHex):init/a.rhai")
        #expect(scripted.publicKey == key)
        #expect(scripted.scriptPath == "init/a.rhai")
    }

    @Test func circleSpecRejectsBadKeysAndEmptyScripts() {
        #expect(throws: KeyError.self) { try CircleSpec.parse("02abc:x.rhai") }
        #expect(throws: UsageError.self) { try CircleSpec.parse(key.hex + ":") }
    }

    @Test func duplicatesAreRefusedByKeyAndByName() throws {
        let one = CircleRequest(name: "a", publicKey: key)
        #expect(throws: LaunchError.duplicateCircle(what: key.hex)) { try [one, CircleRequest(name: "b", publicKey: key)].checkingDuplicates() }
        let other = PrivateKey.generate().publicKey
        #expect(throws: LaunchError.duplicateCircle(what: "named \"a\"")) { try [one, CircleRequest(name: "a", publicKey: other)].checkingDuplicates() }
    }

    @Test func configFileFieldsAndErrors() throws {
        let config = try CircleConfigFile.parse(#"[{"name":"alpha","port":8081,"script_path":"a.rhai"},{"name":"beta"}]"#, path: "c.json", baseFolder: "/etc/x")
        #expect(config.entries == [.init(name: "alpha", port: 8081, scriptPath: "/etc/x/a.rhai"), .init(name: "beta", port: nil, scriptPath: nil)])
        let cases: [(String, String)] = [
            ("{", "is not valid JSON"),
            (#"{"name":"a"}"#, "must hold a JSON array"),
            ("[]", "lists no circles"),
            (#"[{"name":"a","colour":1}]"#, "unknown field \"colour\""),
            (#"[{"port":80}]"#, "needs a \"name\" string"),
            (#"[{"name":""}]"#, "entry 1: the name is empty"),
            (#"[{"name":"a\u0007 b\nc"}]"#, #"the name "a\u{07} b\nc" has a control or invisible character; use, say, "a b c""#),
            (#"[{"name":" padded "}]"#, #"starts or ends with a space; use, say, "padded""#),
            ("[{\"name\":\"\(String(repeating: "ß", count: 65))\"}]", "is longer than 64 characters; use, say, \"\(String(repeating: "ß", count: 64))\""),
            (#"[{"name":"a","port":70000}]"#, "invalid \"port\""),
            (#"[{"name":"a","port":"80"}]"#, "invalid \"port\""),
        ]
        for (text, expected) in cases {
            do {
                _ = try CircleConfigFile.parse(text, path: "c.json", baseFolder: ".")
                Issue.record("\(text) was accepted")
            } catch let error as LaunchError {
                #expect(error.description.hasPrefix("the config file c.json "))
                #expect(error.description.contains(expected), "\(error)")
                #expect(error.exitCode == ExitStatus.usage)
            }
        }
    }

    @Test func namesOfAnyPrintableCharactersAreAccepted() throws {
        let names = ["Dunia Cybercity", "../x", "Ωmega ☀️ 東京", "a/b:c%d \"q\"", String(repeating: "é", count: 64)]
        for name in names { #expect(CircleName.problem(with: name) == nil, "\(name)") }
        let text = "[" + names.map { "{\"name\": \(JSONText.quote($0))}" }.joined(separator: ",") + "]"
        #expect(try CircleConfigFile.parse(text, path: "c.json", baseFolder: ".").entries.map(\.name) == names)
        let key = PrivateKey.generate().publicKey
        let circle = PlannedCircle(request: CircleRequest(name: "Dunia Cybercity", publicKey: key), script: nil)
        #expect(circle.workerName == "worker-\(key.hex)")
        #expect(try KeygenInput.parse(#"{"public_key":"\#(key.hex)","name":"Dunia Cybercity"}"#).map(\.name) == ["Dunia Cybercity"])
        #expect(throws: LaunchError.keygenLine(number: 1, problem: "cannot be used: the name is empty; give the circle a name such as \"alpha\"")) {
            try KeygenInput.parse(#"{"public_key":"\#(key.hex)","name":""}"#)
        }
    }

    @Test func configFileKeysAreGeneratedOnceAndKept() throws {
        let folder = NSTemporaryDirectory() + "circles-keys-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try CircleConfigFile.parse(#"[{"name":"alpha"},{"name":"beta"}]"#, path: "c.json", baseFolder: ".")
        let files = LaunchData(folder)
        let store = files.keyStore
        let first = try config.resolve(in: files)
        let second = try config.resolve(in: files)
        #expect(first == second)
        #expect(Set(first.map(\.publicKey)).count == 2)
        for circle in first { #expect(try store.load(circle.publicKey) != nil) }
    }

    @Test func keygenNDJSON() throws {
        let other = PrivateKey.generate().publicKey
        let text = """
            {"public_key":"\(key.hex)","private_key_file":"k/\(key.hex).key"}

            {"public_key":"\(other.uncompressedHex)","private_key":"00","name":"second"}
            """
        let requests = try KeygenInput.parse(text)
        #expect(requests.map(\.publicKey) == [key, other])
        #expect(requests[1].name == "second")
        #expect(throws: LaunchError.keygenLine(number: 2, problem: "has no \"public_key\" string")) {
            try KeygenInput.parse("{\"public_key\":\"\(key.hex)\"}\n{\"x\":1}")
        }
    }

    @Test func initScriptSyntaxErrorNamesFileLineAndColumn() throws {
        let path = NSTemporaryDirectory() + "bad-\(UUID().uuidString).rhai"
        defer { unlink(path) }
        try "let a = 1;\nlet b = ;\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try InitScript.load(path: path, circle: "alpha")
            Issue.record("a syntax error was accepted")
        } catch let LaunchError.initScriptSyntax(file, line, column, message) {
            #expect(file == path)
            #expect(line == 2)
            #expect(column > 1)
            #expect(!message.isEmpty)
        }
        #expect(throws: LaunchError.initScriptMissing(path: "/nonexistent.rhai", circle: "alpha")) {
            try InitScript.load(path: "/nonexistent.rhai", circle: "alpha")
        }
    }

    @Test func circlesWithDifferentPortsGetOneServerEach() {
        let keys = (0..<3).map { _ in PrivateKey.generate().publicKey }
        let circles = [
            PlannedCircle(request: CircleRequest(name: "a", publicKey: keys[0], port: 9001), script: nil),
            PlannedCircle(request: CircleRequest(name: "b", publicKey: keys[1]), script: nil),
            PlannedCircle(request: CircleRequest(name: "c", publicKey: keys[2], port: 9001), script: nil),
        ]
        let plan = LaunchPlan(circles: circles, launchData: "/ld", host: "0.0.0.0", defaultPort: 8080, enableAuth: false,
                              workerBinary: "/bin/w", serverBinary: "/bin/s", grace: 5, restart: .onFailure, readyTimeout: 30, hostName: "web-2")
        #expect(plan.serverPorts.map(\.port) == [9001, 8080])
        #expect(plan.serverPorts.map { $0.circles.map(\.name) } == [["a", "c"], ["b"]])
        #expect(plan.serverURL(port: 9001) == "ws://127.0.0.1:9001")
        let server = plan.serverCommand(port: 9001, redisURL: "redis://:pw@h:1")
        #expect(server.arguments == ["--host", "0.0.0.0", "--port", "9001", "--state", "/ld/servers/ws-9001/state.json"])
        #expect(server.environment == ["CIRCLES_REDIS_URL": "redis://:pw@h:1"])
        let worker = plan.workerCommand(circles[1], workerId: "w1", redisURL: "redis://:pw@h:1")
        #expect(worker.arguments == ["--circle-public-key", keys[1].hex, "--db-path", "/ld/circle_db_\(keys[1].hex).db", "--worker-id", "w1", "--host-name", "web-2", "-v"])
        #expect(!worker.arguments.joined().contains("pw"))
    }
}
