import CirclesCore
import CirclesLauncher
import Foundation
import Testing
import TestSupport

/// Service-manager mode: the generated unit files and plists, and a whole launch and cleanup
/// against recording `systemctl` and `launchctl` stand-ins on PATH that run the services themselves.
@Suite(.serialized) struct SpawnServiceTests {
    private func plan(_ launchData: String, circles: Int = 2) -> LaunchPlan {
        let planned = (0..<circles).map { index in
            PlannedCircle(request: CircleRequest(name: "c\(index)", publicKey: PrivateKey.generate().publicKey), script: nil)
        }
        return LaunchPlan(circles: planned, launchData: launchData, host: "127.0.0.1", defaultPort: 8080, enableAuth: true,
                          workerBinary: BuiltExecutable.path("circles-worker"), serverBinary: BuiltExecutable.path("circles-ws"),
                          grace: 5, restart: .onFailure, readyTimeout: 30, hostName: "web-2")
    }

    @Test func systemdUnitsAreNamedAsTheProtocolSaysAndPassVerify() throws {
        let fixture = try LaunchFixture()
        let plan = plan(fixture.launchData)
        let manager = SystemdServiceManager(unitDirectory: fixture.directory + "/units", userUnits: false)
        let launcher = ServiceLauncher(plan: plan, manager: manager)
        let services = launcher.services(workerIds: ["c0": "w0", "c1": "w1"])
        #expect(services.map(\.label) == plan.circles.map { "tf.ourworld.circles.circle-worker-\($0.key.hex)" } + ["tf.ourworld.circles.circle-ws-server"])
        try FileManager.default.createDirectory(atPath: fixture.directory + "/units", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: plan.logFolder, withIntermediateDirectories: true)
        try "CIRCLES_REDIS_URL=redis://:secret@127.0.0.1:1\n".write(toFile: launcher.environmentFile, atomically: true, encoding: .utf8)
        for service in services {
            let text = manager.fileContents(for: service)
            #expect(text.contains("Restart=on-failure\n"))
            #expect(text.contains("KillMode=control-group\n"))
            #expect(text.contains("LimitNOFILE=65536\n"))
            #expect(text.contains("WorkingDirectory=\(plan.launchData)\n"))
            #expect(text.contains("EnvironmentFile=\(launcher.environmentFile)\n"))
            #expect(text.contains("WantedBy=multi-user.target"))
            #expect(!text.contains("secret") && !text.contains("redis://"))
            try text.write(toFile: manager.filePath(for: service), atomically: true, encoding: .utf8)
        }
        #expect(manager.fileContents(for: services[0]).contains("--worker-id w0 --host-name web-2"))
        #expect(manager.fileContents(for: services[2]).contains("--enable-auth"))
        #expect(SystemdServiceManager(unitDirectory: "/u", userUnits: true).fileContents(for: services[0]).contains("WantedBy=default.target"))

        try verifyWithSystemdAnalyze(services.map(manager.filePath))
    }

    @Test func launchdPlistsAreValidPropertyLists() throws {
        let fixture = try LaunchFixture()
        let plan = plan(fixture.launchData, circles: 1)
        let manager = LaunchdServiceManager(plistDirectory: fixture.directory + "/agents")
        let launcher = ServiceLauncher(plan: plan, manager: manager)
        try FileManager.default.createDirectory(atPath: fixture.launchData, withIntermediateDirectories: true)
        try "CIRCLES_REDIS_URL=redis://127.0.0.1:7\n".write(toFile: launcher.environmentFile, atomically: true, encoding: .utf8)
        let service = launcher.services(workerIds: ["c0": "w0"])[0]
        #expect(manager.filePath(for: service) == fixture.directory + "/agents/\(service.label).plist")
        let text = manager.fileContents(for: service)
        let plist = try propertyList(Data(text.utf8))
        #expect(plist["Label"] as? String == service.label)
        #expect((plist["ProgramArguments"] as? [String])?.first == plan.workerBinary)
        #expect((plist["KeepAlive"] as? [String: Bool])?["SuccessfulExit"] == false)
        #expect(plist["ExitTimeOut"] as? Int == 5)
        #expect((plist["SoftResourceLimits"] as? [String: Any])?["NumberOfFiles"] as? Int == 65536)
        #expect((plist["HardResourceLimits"] as? [String: Any])?["NumberOfFiles"] as? Int == 65536)
        #expect((plist["EnvironmentVariables"] as? [String: String])?["CIRCLES_REDIS_URL"] == "redis://127.0.0.1:7")
        #expect(plist["WorkingDirectory"] as? String == plan.launchData)
    }

    /// A whole launch and cleanup against each service manager's recording stand-in: the exact
    /// calls in order, the files, a refused second start, a service stopped by hand, an idempotent cleanup.
    @Test(arguments: StandInBackend.allCases)
    func spawnAndCleanupDriveTheServiceManagerInOrder(_ backend: StandInBackend) throws {
        let fixture = try LaunchFixture()
        let standIn = try ServiceManagerStandIn(backend, in: fixture)
        let script = try fixture.write("init.rhai", #"db_set("mode", "service"); "ok""#)
        let first = freshPublicKey(), second = freshPublicKey()
        let spawn = try fixture.run("circles-spawn", ["-c", "\(first):\(script)", "-c", second, "-p", String(fixture.port), "--json",
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")],
                                    timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let lines = LaunchFixture.jsonLines(spawn.stdout)
        #expect(lines.count == 2)
        #expect(lines.first?["init_status"] as? String == "completed")

        let labels = [first, second].map { "tf.ourworld.circles.circle-worker-\($0)" } + ["tf.ourworld.circles.circle-ws-server"]
        let files = labels.map(standIn.filePath)
        #expect(try standIn.calls() == backend.startCalls(files))
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect(attributes[.posixPermissions] as? Int == 0o600, "\(file)")
        }
        try backend.verify(files, redisURL: fixture.redis.urlText)
        #expect(try fixture.state()?.mode == backend.mode)
        #expect(try fixture.state()?.serviceFiles == files)

        // Starting again over installed services is refused, and nothing is overwritten or called.
        let installed = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let again = try fixture.run("circles-spawn", ["-c", second, "-p", String(try TestRedis.freeLoopbackPort()),
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")])
        #expect(again.exitCode == 1)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try standIn.calls() == backend.startCalls(files))
        #expect(try files.map { try String(contentsOfFile: $0, encoding: .utf8) } == installed)

        // Someone stops the first worker by hand; cleanup still stops the rest and removes every file.
        let byHand = backend.stopByHand(files[0])
        let stopped = try BuiltExecutable.run(standIn.path, Array(byHand.dropFirst()), environment: fixture.environment)
        #expect(stopped.exitCode == 0, "\(stopped.stderr)")
        let cleanup = try fixture.run("circles-cleanup", [])
        #expect(cleanup.exitCode == 0, "\(cleanup.stderr)")
        let calls = backend.startCalls(files) + [byHand.joined(separator: " ")] + backend.stopCalls(files)
        #expect(try standIn.calls() == calls)
        for file in files { #expect(!FileManager.default.fileExists(atPath: file), "\(file)") }

        let secondCleanup = try fixture.run("circles-cleanup", [])
        #expect(secondCleanup.exitCode == 0, "\(secondCleanup.stderr)")
        #expect(try standIn.calls() == calls)
    }

    /// `-p 0` picks a free port once: the unit names it, the status lines and the state show it,
    /// and the server answers there.
    @Test func portZeroPicksAFreePortTheUnitKeeps() throws {
        let fixture = try LaunchFixture()
        let standIn = try ServiceManagerStandIn(.systemd, in: fixture)
        let key = freshPublicKey()
        let spawn = try fixture.run("circles-spawn", ["-c", key, "-p", "0", "--json",
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")],
                                    timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let url = try #require(LaunchFixture.jsonLines(spawn.stdout).first?["ws_url"] as? String)
        let port = try #require(URLComponents(string: url)?.port)
        #expect(port != 0 && url == "ws://127.0.0.1:\(port)/\(key)")
        let unit = try String(contentsOfFile: standIn.filePath("tf.ourworld.circles.circle-ws-server"), encoding: .utf8)
        #expect(unit.contains("--port \(port) "), "\(unit)")
        #expect(try fixture.state()?.servers.map(\.port) == [port])
        #expect(Network.httpStatus(host: "127.0.0.1", port: port) == 200)
    }

    @Test func serviceModeNeedsTheWorkerBinary() throws {
        let fixture = try LaunchFixture()
        let result = try fixture.run("circles-spawn", ["-c", freshPublicKey(), "--use-service-manager"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--worker-binary"))
    }
}

/// Runs `systemd-analyze verify` on unit files (skipped, and said so, where it is not installed).
private func verifyWithSystemdAnalyze(_ paths: [String]) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
        print("SKIPPED: systemd-analyze is not installed (bin/test installs the systemd package); unit files were not verified")
        return
    }
    let verify = try BuiltExecutable.run("/usr/bin/systemd-analyze", ["verify"] + paths, timeout: 60)
    #expect(verify.exitCode == 0, "\(verify.stderr)")
    #expect(!verify.stderr.contains(".service:"), "\(verify.stderr)")
}

/// An XML property list's top-level dictionary.
private func propertyList(_ data: Data) throws -> [String: Any] {
    try #require(try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any])
}

/// A service manager played by `ServiceManagerStandIn`: how circles-spawn is pointed at it, and
/// the calls the real systemd or launchd expects for a set of installed files.
enum StandInBackend: String, CaseIterable, CustomTestStringConvertible {
    case systemd, launchd

    var testDescription: String { rawValue }
    var program: String { self == .systemd ? "systemctl" : "launchctl" }
    var mode: LaunchState.Mode { self == .systemd ? .systemd : .launchd }
    var fileExtension: String { self == .systemd ? "service" : "plist" }

    /// `systemctl --user` for a user's units, plain `systemctl` as root.
    private var systemctl: String { geteuid() == 0 ? "systemctl" : "systemctl --user" }
    /// launchd's domain: `gui/<uid>` for a user's agents, `system` for root's daemons.
    private var domain: String { geteuid() == 0 ? "system" : "gui/\(getuid())" }

    private func unitName(_ file: String) -> String { (file as NSString).lastPathComponent }
    private func label(_ file: String) -> String { (unitName(file) as NSString).deletingPathExtension }

    func startCalls(_ files: [String]) -> [String] {
        switch self {
        case .systemd: ["\(systemctl) daemon-reload", "\(systemctl) enable --now " + files.map(unitName).joined(separator: " ")]
        case .launchd: files.map { "launchctl bootstrap \(domain) \($0)" }
        }
    }

    func stopCalls(_ files: [String]) -> [String] {
        switch self {
        case .systemd: ["\(systemctl) disable --now " + files.map(unitName).joined(separator: " "), "\(systemctl) daemon-reload"]
        case .launchd: files.map { "launchctl bootout \(domain)/\(label($0))" }
        }
    }

    /// The call `circles stop|start|restart` makes for one installed service.
    func controlCall(_ action: String, _ file: String) -> String {
        switch (self, action) {
        case (.systemd, _): "\(systemctl) \(action) \(unitName(file))"
        case (.launchd, "stop"): "launchctl bootout \(domain)/\(label(file))"
        case (.launchd, "start"): "launchctl bootstrap \(domain) \(file)"
        default: "launchctl kickstart -k \(domain)/\(label(file))"
        }
    }

    /// The name the stand-in keeps a running service's pid under.
    func serviceName(_ file: String) -> String { self == .systemd ? unitName(file) : label(file) }

    /// The command line a person uses to stop one installed service.
    func stopByHand(_ file: String) -> [String] {
        switch self {
        case .systemd: systemctl.split(separator: " ").map(String.init) + ["stop", unitName(file)]
        case .launchd: ["launchctl", "bootout", "\(domain)/\(label(file))"]
        }
    }

    /// Checks the installed files the way the real manager would read them.
    func verify(_ files: [String], redisURL: String) throws {
        switch self {
        case .systemd:
            try verifyWithSystemdAnalyze(files)
        case .launchd:
            for file in files {
                let plist = try propertyList(try Data(contentsOf: URL(fileURLWithPath: file)))
                #expect(plist["Label"] as? String == label(file))
                #expect((plist["EnvironmentVariables"] as? [String: String])?["CIRCLES_REDIS_URL"] == redisURL)
            }
        }
    }
}

/// A recording stand-in for `systemctl` or `launchctl`, first on the PATH of every command a
/// fixture runs: it appends each call to a file, and starts and kills the services named, with
/// the command, environment, working directory and log file their unit file or plist gives.
struct ServiceManagerStandIn {
    let backend: StandInBackend
    /// The stand-in itself, `<fixture>/bin/systemctl` or `<fixture>/bin/launchctl`.
    let path: String
    /// Where circles-spawn writes the unit files or plists (`CIRCLES_SERVICE_DIR`).
    let serviceDirectory: String
    private let record: String
    private let pids: String

    init(_ backend: StandInBackend, in fixture: LaunchFixture) throws {
        self.backend = backend
        let bin = fixture.directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        path = try fixture.write("bin/" + backend.program, Self.script)
        chmod(path, 0o755)
        serviceDirectory = fixture.directory + "/services"
        record = fixture.directory + "/\(backend.program).calls"
        pids = fixture.directory + "/standin-pids"
        fixture.environment = [
            "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "CIRCLES_SERVICE_MANAGER": backend.rawValue, "CIRCLES_SERVICE_DIR": serviceDirectory,
            "STANDIN_RECORD": record, "STANDIN_PIDS": pids,
        ]
    }

    /// The installed file of the service labelled `label`.
    func filePath(_ label: String) -> String { "\(serviceDirectory)/\(label).\(backend.fileExtension)" }

    /// Every call so far, one command line each.
    func calls() throws -> [String] {
        guard FileManager.default.fileExists(atPath: record) else { return [] }
        return try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The process group of the running service `name` (its pid), nil when it is not running.
    func pid(_ name: String) -> Int32? {
        (try? String(contentsOfFile: pids + "/" + name, encoding: .utf8)).flatMap { Int32($0.trimmingWhitespace) }
    }

    /// The stand-in, one script for both names. It answers like the real programs where our
    /// backends depend on it: `systemctl disable --now` and `stop` of a stopped unit succeed;
    /// `launchctl bootout` of a job that is not loaded fails with 113, and `bootstrap` of a loaded one with 5.
    private static let script = #"""
        #!/usr/bin/env python3
        import os, plistlib, shlex, signal, subprocess, sys

        program, arguments = os.path.basename(sys.argv[0]), sys.argv[1:]
        with open(os.environ["STANDIN_RECORD"], "a") as record:
            record.write(" ".join([program] + arguments) + "\n")
        pids = os.environ["STANDIN_PIDS"]
        os.makedirs(pids, exist_ok=True)

        def fail(code, message):
            print(message, file=sys.stderr)
            sys.exit(code)

        def running(name):
            return os.path.exists(os.path.join(pids, name))

        def start(name, command, environment, directory, log):
            """Runs the service in a session of its own, with only the environment it was given."""
            with open(log, "a") as output:
                process = subprocess.Popen(command, env={"PATH": "/usr/bin:/bin", **environment}, cwd=directory,
                                           stdin=subprocess.DEVNULL, stdout=output, stderr=output, start_new_session=True)
            with open(os.path.join(pids, name), "w") as file:
                file.write(str(process.pid))

        def stop(name):
            """Kills the service's process group (SIGKILL: the stand-in waits out no grace period)."""
            with open(os.path.join(pids, name)) as file:
                group = int(file.read())
            os.remove(os.path.join(pids, name))
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass

        def unit(path):
            """A unit file's settings: name -> values in order."""
            settings = {}
            with open(path) as file:
                for line in file:
                    name, equals, value = line.rstrip("\n").partition("=")
                    if equals:
                        settings.setdefault(name, []).append(value)
            return settings

        def environment_file(path):
            with open(path) as file:
                return dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)

        def start_unit(name):
            settings = unit(os.path.join(os.environ["CIRCLES_SERVICE_DIR"], name))
            environment = environment_file(settings["EnvironmentFile"][0])
            environment.update(shlex.split(value)[0].split("=", 1) for value in settings.get("Environment", []))
            start(name, shlex.split(settings["ExecStart"][0].replace("%%", "%")), environment,
                  shlex.split(settings["WorkingDirectory"][0])[0], settings["StandardOutput"][0].removeprefix("append:"))

        def start_job(path):
            with open(path, "rb") as file:
                job = plistlib.load(file)
            start(job["Label"], job["ProgramArguments"], job["EnvironmentVariables"], job["WorkingDirectory"], job["StandardOutPath"])

        if program == "systemctl":
            words = [word for word in arguments if word != "--user"]
            if words[:2] == ["enable", "--now"]:
                for name in words[2:]:
                    start_unit(name)
            elif words[:2] == ["disable", "--now"] or words[:1] == ["stop"]:
                for name in words[2:] if words[0] == "disable" else words[1:]:
                    if running(name):
                        stop(name)
            elif words[:1] in (["start"], ["restart"]):
                for name in words[1:]:
                    if running(name) and words[0] == "restart":
                        stop(name)
                    if not running(name):
                        start_unit(name)
        elif program == "launchctl":
            if arguments[0] == "bootstrap":
                for path in arguments[2:]:
                    with open(path, "rb") as file:
                        label = plistlib.load(file)["Label"]
                    if running(label):
                        fail(5, "Bootstrap failed: 5: Input/output error")
                    start_job(path)
            elif arguments[0] == "bootout":
                label = arguments[1].rpartition("/")[2]
                if not running(label):
                    fail(113, "Boot-out failed: 113: Could not find specified service")
                stop(label)
            elif arguments[:2] == ["kickstart", "-k"]:
                label = arguments[2].rpartition("/")[2]
                if not running(label):
                    fail(113, "Could not find service")
                stop(label)
                start_job(os.path.join(os.environ["CIRCLES_SERVICE_DIR"], label + ".plist"))
        """#
}
