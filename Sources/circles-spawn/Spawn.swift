import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion
import Foundation
import Logging

@main
struct Spawn: AsyncParsableCommand {
    /// The program's entry: `run()` as a task, without `dispatch_main` (see `runAsProgram`).
    static func main() { runAsProgram() }

    static let configuration = CommandConfiguration(
        commandName: "circles-spawn",
        abstract: "Bring circles up: a worker per circle and a WebSocket server, ready, init scripts run.",
        discussion: """
            Circles come from any mix of: -c PUBLIC_KEY[:init_script.rhai] (repeatable); a config file [{"name", "port", "script_path"}] whose keys are generated on first start and kept in launch_data/keys/; or - to read circles-keygen NDJSON from stdin. Every init script is parsed before anything starts.

            circles-spawn shows the circles (a table on a terminal, else NDJSON) once every worker has a heartbeat, every server answers /livez and the init scripts (run with CALLER_ID = CONTEXT_ID) are done. In the foreground, Ctrl+C stops everything gracefully; with --detach a background circles-spawn keeps supervising. Without --redis-url, when nothing answers on the default URL, a private redis-server runs under launch_data/redis/. With -p 0 a free port is picked once, shown in the output and the state, and kept when the server restarts. While the circles-spawn of the same --launch-data runs (foreground or --detach), the circles that do not run yet join that launch instead (new workers; the server of their port serves them without a restart, a new port gets a server), those that run are left alone, and this command returns once they are ready. Every circle is recorded in the fleet registry in Redis (name, public key, home host --host-name, ws URL, state; docs/PROTOCOL.md §2), which every host on that Redis reads.

            Examples:
              circles-spawn examples/circles.json --detach
              circles-spawn -c 02ab…:init.rhai -c 03cd…
              circles-spawn circles.json --detach --host-name web-2 \\
                  --redis-url redis://10.0.0.1:6379
              circles-keygen -n 3 --out launch_data/keys | circles-spawn -
              circles-spawn circles.json --detach --json | jq .public_key
              circles-spawn circles.json --use-service-manager \\
                  --worker-binary /usr/local/bin/circles-worker

            \(ExitStatus.helpText) circles-spawn: 75 also when a circle's database lives on another host (its data-home lease circles:home:<pk> names another --host-name): nothing is started or written.
            """,
        version: CirclesVersion.current)

    @Argument(help: ArgumentHelp("A circles.json config file, or - for circles-keygen NDJSON on stdin.", valueName: "config"))
    var config: String?

    @Option(name: [.customShort("c"), .customLong("circle")], help: ArgumentHelp("A circle: PUBLIC_KEY or PUBLIC_KEY:init_script.rhai (repeatable).", valueName: "pk[:script]"))
    var circles: [String] = []

    @Option(name: .shortAndLong, help: "The WebSocket port of circles whose config names none (default 8080; joining a running launch: its port).")
    var port: Int?

    @Option(help: "The address the WebSocket servers listen on.")
    var host = LaunchPlan.defaultHost

    @Flag(help: "Require authentication (signed nonce) on the WebSocket servers.")
    var enableAuth = false

    @Flag(help: "Install systemd units (launchd plists on macOS) instead of running children.")
    var useServiceManager = false

    @Option(help: ArgumentHelp("The circles-worker to run (default: next to circles-spawn, then PATH; required with --use-service-manager).", valueName: "path"))
    var workerBinary: String?

    @Flag(help: "Return once all is ready; a background circles-spawn keeps supervising (stop it with circles-cleanup).")
    var detach = false

    @Option(help: ArgumentHelp("Seconds between SIGTERM and SIGKILL when stopping.", valueName: "seconds"))
    var grace = LaunchPlan.defaultGrace

    @Option(help: "Restart crashed workers: never, on-failure or always (exponential backoff, then `failed`).")
    var restart = LaunchPlan.defaultRestart

    @Option(help: ArgumentHelp("Seconds to wait for readiness and for the init scripts.", valueName: "seconds"))
    var readyTimeout = LaunchPlan.defaultReadyTimeout

    @Option(help: ArgumentHelp("The circles' home host in the fleet registry in Redis (default: this machine's host name).", valueName: "name"))
    var hostName = ProcessIdentity.hostName

    @OptionGroup var shared: SharedOptions

    @Option(name: .customLong(String(Detach.statusOption.dropFirst(2))), help: .hidden)
    var detachedStatusDescriptor: Int32?

    /// Option checks that ArgumentParser cannot do, as one-line usage errors (exit 64).
    private func checkOptions() throws {
        if let port, !(0...65535).contains(port) { throw UsageError("--port must be from 1 to 65535, or 0 for a free port, got \(port)") }
        guard grace >= 0 else { throw UsageError("--grace must be 0 or more seconds, got \(grace)") }
        guard readyTimeout > 0 else { throw UsageError("--ready-timeout must be more than 0 seconds, got \(readyTimeout)") }
        guard !hostName.isEmpty, hostName.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else {
            throw UsageError("--host-name must be a host name without spaces, got \"\(hostName)\"")
        }
        if useServiceManager && workerBinary == nil {
            throw UsageError("--use-service-manager needs --worker-binary PATH, since the units name the worker by its absolute path")
        }
        if useServiceManager && detach {
            throw UsageError("--detach is for direct mode; drop it, with --use-service-manager the services run on their own")
        }
    }

    func run() async throws {
        LineLogHandler.bootstrap(verbosity: shared.verbosity)
        try reportingFailures { try checkOptions() }
        if detachedStatusDescriptor == nil, !useServiceManager, let running = try reportingFailures({ try JoinRunningLaunch.running(launchData: shared.launchData) }) {
            try await reportingFailures { try await join(running.state, supervisor: running.supervisor) }
            return
        }
        if detach && detachedStatusDescriptor == nil {
            throw ExitCode(try reportingFailures { try Detach.runInBackground() })
        }
        if detachedStatusDescriptor != nil { Detach.leaveSession() }
        try await reportingFailures { try await launch() }
    }

    private func launch() async throws {
        let launchData = ExecutableLocator.absolute(shared.launchData)
        try LaunchLock.acquire(launchData: launchData)  // held from planning on, until this process ends
        let planned = try LaunchInputs.gather(config: config, specs: circles, launchData: launchData)
        let plan = LaunchPlan(
            circles: planned, launchData: launchData, host: host, defaultPort: try resolvedPort ?? LaunchPlan.defaultPort, enableAuth: enableAuth,
            workerBinary: try workerBinary.map(ExecutableLocator.checked) ?? ExecutableLocator.find("circles-worker"),
            serverBinary: try ExecutableLocator.find("circles-ws"),
            grace: grace, restart: restart, readyTimeout: readyTimeout, hostName: hostName)
        try LaunchInputs.checkNothingRunning(launchData: launchData)
        try LaunchInputs.checkPortsFree(plan)
        let redis = try RedisChoice.resolve(text: shared.redisURL.text, explicit: shared.redisURL.explicit)
        if case let .existing(url, _) = redis { try plan.checkDataHomes(redis: url) }

        if useServiceManager {
            guard case let .existing(url, text) = redis else { throw LaunchError.redisRequiredForServices(url: shared.redisURL.text) }
            let state = try await ServiceLauncher(plan: plan, manager: ServiceManagers.current()).launch(redisURL: url, text: text)
            throw ExitCode(show(state))
        }

        ControlChannel.holdRequestsUntilServed()
        let launcher = DirectLauncher(plan: plan, echoLogs: shared.verbosity > 0, colorLogs: shared.colorsStderr)
        StopSignals.install { _ in
            launcher.stop()
            StandardStreams.output.flush()
            Foundation.exit(ExitStatus.success)
        }
        let state: LaunchState
        do {
            guard let me = ProcessIdentity.of(pid: getpid()) else { throw FileError(path: "/proc/self/stat", problem: "cannot be read") }
            state = try await launcher.launch(redis: redis, supervisorProcess: me)
        } catch {
            launcher.stop()
            throw error
        }
        try ControlChannel.serve(files: plan.files) { launcher.control($0) }
        let code = show(state)
        if let descriptor = detachedStatusDescriptor {
            Detach.report(code, statusDescriptor: descriptor, logPath: plan.files.log("circles-spawn"))
        } else {
            Logger(label: "circles-spawn").notice("\(state.circles.count) circles running; logs in \(plan.logFolder); Ctrl+C stops them")
        }
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }

    /// `-p`, with 0 replaced by a free port; nil when not given.
    private var resolvedPort: Int? {
        get throws { try port.map { $0 == 0 ? try Network.freeLoopbackPort() : $0 } }
    }

    /// Adds the circles that do not run yet to the running launch of --launch-data, then shows them all.
    private func join(_ state: LaunchState, supervisor: ProcessIdentity) async throws {
        let launchData = ExecutableLocator.absolute(shared.launchData)
        let planned = try LaunchInputs.gather(config: config, specs: circles, launchData: launchData)
        let joined = try await JoinRunningLaunch.join(planned, into: state, supervisor: supervisor, launchData: launchData,
                                                      host: host, port: try resolvedPort, timeout: readyTimeout)
        throw ExitCode(show(joined))
    }

    /// Prints the circles (table on a terminal, else NDJSON) and returns the exit code: 2 when an
    /// init script failed (the circles keep running).
    private func show(_ state: LaunchState) -> Int32 {
        let report = StatusReport.collect(state)
        if shared.json || !StandardStreams.output.isTerminal {
            StandardStreams.output.write(report.ndjson(circlesOnly: true))
        } else {
            StandardStreams.output.write(report.table(color: TextTable.colorsOutput(shared.color)))
        }
        StandardStreams.output.flush()
        let failed = state.circles.filter { $0.initResult?.status == "error" }
        for circle in failed {
            Logger(label: "circles-spawn").error("the init script of \(circle.name) (\(circle.scriptPath ?? "")) failed: \(circle.initResult?.error ?? ""); the circle keeps running")
        }
        return failed.isEmpty ? ExitStatus.success : ExitStatus.scriptError
    }
}
