import CirclesCore
import CirclesLauncher
import Foundation
import Testing
import TestSupport

/// Service-manager mode: the generated unit files and plists, and a whole launch and cleanup
/// against a recording `systemctl` stand-in on PATH that runs each unit's ExecStart.
@Suite(.serialized) struct SpawnServiceTests {
    private func plan(_ launchData: String, circles: Int = 2) -> LaunchPlan {
        let planned = (0..<circles).map { index in
            PlannedCircle(request: CircleRequest(name: "c\(index)", publicKey: PrivateKey.generate().publicKey), script: nil)
        }
        return LaunchPlan(circles: planned, launchData: launchData, host: "127.0.0.1", defaultPort: 8080, enableAuth: true,
                          workerBinary: BuiltExecutable.path("circles-worker"), serverBinary: BuiltExecutable.path("circles-ws"),
                          grace: 5, restart: .onFailure, readyTimeout: 30)
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
            #expect(text.contains("WorkingDirectory=\(plan.launchData)\n"))
            #expect(text.contains("EnvironmentFile=\(launcher.environmentFile)\n"))
            #expect(text.contains("WantedBy=multi-user.target"))
            #expect(!text.contains("secret") && !text.contains("redis://"))
            try text.write(toFile: manager.filePath(for: service), atomically: true, encoding: .utf8)
        }
        #expect(manager.fileContents(for: services[0]).contains("--worker-id w0"))
        #expect(manager.fileContents(for: services[2]).contains("--enable-auth"))
        #expect(SystemdServiceManager(unitDirectory: "/u", userUnits: true).fileContents(for: services[0]).contains("WantedBy=default.target"))

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            print("SKIPPED: systemd-analyze is not installed (bin/test installs the systemd package); unit files were not verified")
            return
        }
        let verify = try BuiltExecutable.run("/usr/bin/systemd-analyze", ["verify"] + services.map(manager.filePath), timeout: 60)
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(!verify.stderr.contains(".service:"), "\(verify.stderr)")
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
        let plist = try #require(try PropertyListSerialization.propertyList(from: Data(text.utf8), format: nil) as? [String: Any])
        #expect(plist["Label"] as? String == service.label)
        #expect((plist["ProgramArguments"] as? [String])?.first == plan.workerBinary)
        #expect((plist["KeepAlive"] as? [String: Bool])?["SuccessfulExit"] == false)
        #expect(plist["ExitTimeOut"] as? Int == 5)
        #expect((plist["EnvironmentVariables"] as? [String: String])?["CIRCLES_REDIS_URL"] == "redis://127.0.0.1:7")
        #expect(plist["WorkingDirectory"] as? String == plan.launchData)
    }

    /// A `systemctl` that records its arguments and starts/stops each unit's ExecStart itself.
    private static let systemctlStandIn = #"""
        #!/bin/bash
        echo "systemctl $*" >> "$STANDIN_RECORD"
        mkdir -p "$STANDIN_PIDS"
        if [[ $1 == enable && $2 == --now ]]; then
          shift 2
          for unit in "$@"; do
            file="$CIRCLES_SERVICE_DIR/$unit"
            command=$(sed -n 's/^ExecStart=//p' "$file")
            environment=$(sed -n 's/^EnvironmentFile=//p' "$file")
            log=$(sed -n 's/^StandardOutput=append://p' "$file")
            ( set -a; . "$environment"; set +a; exec setsid $command >>"$log" 2>&1 ) &
            echo $! > "$STANDIN_PIDS/$unit"
          done
        elif [[ $1 == disable && $2 == --now ]]; then
          # SIGKILL, not systemd's SIGTERM: processes started from a test may have SIGTERM blocked.
          shift 2
          for unit in "$@"; do
            kill -KILL -- "-$(cat "$STANDIN_PIDS/$unit")" 2>/dev/null || true
          done
        fi
        """#

    @Test func spawnAndCleanupDriveSystemctlInOrder() throws {
        let fixture = try LaunchFixture()
        let standIn = fixture.directory + "/bin"
        try FileManager.default.createDirectory(atPath: standIn, withIntermediateDirectories: true)
        try fixture.write("bin/systemctl", Self.systemctlStandIn)
        chmod(standIn + "/systemctl", 0o755)
        let units = fixture.directory + "/units"
        let record = fixture.directory + "/systemctl.calls"
        let environment = [
            "PATH": standIn + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "CIRCLES_SERVICE_DIR": units, "CIRCLES_SERVICE_MANAGER": "systemd",
            "STANDIN_RECORD": record, "STANDIN_PIDS": fixture.directory + "/pids",
        ]
        let script = try fixture.write("init.rhai", #"db_set("mode", "service"); "ok""#)
        let first = freshPublicKey(), second = freshPublicKey()
        let spawn = try fixture.run("circles-spawn", ["-c", "\(first):\(script)", "-c", second, "-p", String(fixture.port), "--json",
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")],
                                    environment: environment, timeout: 90)
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let lines = LaunchFixture.jsonLines(spawn.stdout)
        #expect(lines.count == 2)
        #expect(lines.first?["init_status"] as? String == "completed")

        let workerUnits = [first, second].map { "tf.ourworld.circles.circle-worker-\($0).service" }
        let allUnits = workerUnits + ["tf.ourworld.circles.circle-ws-server.service"]
        let calls = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(calls == ["systemctl daemon-reload", "systemctl enable --now " + allUnits.joined(separator: " ")])
        for unit in allUnits { #expect(FileManager.default.fileExists(atPath: units + "/" + unit)) }
        #expect(try fixture.state()?.mode == .systemd)

        // Starting again over installed units is refused, and nothing is overwritten.
        let again = try fixture.run("circles-spawn", ["-c", second, "-p", String(try TestRedis.freeLoopbackPort()),
                                                      "--use-service-manager", "--worker-binary", BuiltExecutable.path("circles-worker")],
                                    environment: environment)
        #expect(again.exitCode == 1)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")

        let cleanup = try fixture.run("circles-cleanup", [], environment: environment)
        #expect(cleanup.exitCode == 0, "\(cleanup.stderr)")
        let after = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Array(after.dropFirst(2)) == ["systemctl disable --now " + allUnits.joined(separator: " "), "systemctl daemon-reload"])
        for unit in allUnits { #expect(!FileManager.default.fileExists(atPath: units + "/" + unit)) }
        let secondCleanup = try fixture.run("circles-cleanup", [], environment: environment)
        #expect(secondCleanup.exitCode == 0)
        #expect(try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").count == 4)
    }

    @Test func serviceModeNeedsTheWorkerBinary() throws {
        let fixture = try LaunchFixture()
        let result = try fixture.run("circles-spawn", ["-c", freshPublicKey(), "--use-service-manager"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--worker-binary"))
    }
}
