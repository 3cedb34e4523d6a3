import ArgumentParser
import CirclesCore
import Foundation

/// The options of `circles stop|start|restart`.
public struct CircleControlOptions: ParsableArguments, Sendable {
    @OptionGroup public var shared: SharedOptions

    @Argument(help: ArgumentHelp("Circles by name or public key, as circles-status lists them.", valueName: "name|pk"))
    public var circles: [String] = []

    @Flag(help: "Every circle of the launch.")
    public var all = false

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds to wait for the supervisor and for started workers to be ready.", valueName: "seconds"))
    public var timeout = 60.0

    public init() {}

    public func validate() throws {
        if all == !circles.isEmpty { throw ValidationError(all ? "Give either circle names or --all, not both." : "Name the circles to act on, or pass --all.") }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds, got \(timeout).") }
    }
}

/// `circles stop|start|restart NAME…`: one circle's worker stopped, started or restarted by the
/// running supervisor of a direct-mode launch (`ControlChannel`), the others left running with
/// their pids. Start and restart return once the new workers are ready (heartbeat).
public enum CircleControl {
    /// The `CommandConfiguration` of `circles-<action>`.
    public static func configuration(_ action: ControlChannel.Action, version: String) -> CommandConfiguration {
        let (what, effect) = switch action {
        case .stop: ("Stop", "stops the worker (SIGTERM, the launch's --grace, then SIGKILL) and keeps it down; tasks sent to the circle wait in its queue")
        case .start: ("Start", "starts the worker of a stopped or failed circle again and waits until it is ready; a running one is left alone")
        case .restart: ("Restart", "stops the worker and starts a new one (new pid and worker id), waiting until it is ready")
        }
        return CommandConfiguration(
            commandName: "circles-\(action.rawValue)",
            abstract: "\(what) one or more circles of a running launch; the others keep running.",
            discussion: """
                Asks the supervisor of the launch in --launch-data (a foreground or --detach circles-spawn), which \(effect). A launch with --use-service-manager is handled through systemctl (`systemctl \(action.rawValue)` on the circles' worker units) or launchctl. Prints one line per circle (--json: NDJSON with name, public_key, result, pid).

                Examples:
                  circles-\(action.rawValue) beta
                  circles \(action.rawValue) "Dunia Cybercity" gamma
                  circles \(action.rawValue) --all --json

                Exit codes: 0 ok, 1 the supervisor is not running or a circle could not be \(action == .stop ? "stopped" : "started"), 64 usage (an unknown circle, nothing launched from --launch-data), 75 timed out.
                """,
            version: version)
    }

    public static func run(_ action: ControlChannel.Action, _ options: CircleControlOptions) async throws {
        let files = LaunchData(options.shared.launchData)
        guard let state = try files.stateStore.read(), !state.circles.isEmpty else {
            throw UsageError("nothing was launched from \(options.shared.launchData); start circles with circles-spawn (or pass --launch-data)")
        }
        let circles = options.all ? state.circles : try state.circles(named: options.circles, stateFile: files.stateFile)
        let outcomes: [ControlChannel.Outcome]
        if let manager = ServiceManagers.forMode(state.mode) {
            outcomes = try throughServiceManager(manager, action, circles, state: state, files: files)
        } else {
            guard let record = state.supervisor else { throw LaunchError.supervisorNotRunning(directory: files.directory, pid: nil) }
            let supervisor = ProcessIdentity(pid: record.pid, startTime: record.pidStartTime)
            let request = ControlChannel.Request(action: action, circles: circles.map(\.publicKey))
            outcomes = try ControlChannel.send(request, to: supervisor, files: files, timeout: options.timeout).outcomes
        }

        let started = zip(circles, outcomes).compactMap { circle, outcome -> Readiness.Worker? in
            guard let id = outcome.workerId, let key = try? PublicKey(parsing: circle.publicKey) else { return nil }
            return Readiness.Worker(name: "worker \(circle.name)", key: key) { id }
        }
        if !started.isEmpty, let url = try state.redis.map({ try RedisURL(parsing: $0.connectionText()) }) {
            try await Readiness(redisURL: url, timeout: options.timeout).wait(workers: started, servers: [])
        }
        for (circle, outcome) in zip(circles, outcomes) {
            if options.shared.json {
                var object: [String: JSONValue] = ["name": .string(circle.name), "public_key": .string(circle.publicKey), "result": .string(outcome.result.rawValue)]
                if let pid = outcome.pid { object["pid"] = .integer(Int64(pid)) }
                if let error = outcome.error { object["error"] = .string(error) }
                StandardStreams.output.line(JSONValue.object(object).jsonText)
            } else {
                StandardStreams.output.line("\(circle.name): \(describe(outcome))")
            }
        }
        StandardStreams.output.flush()
        if let failed = zip(circles, outcomes).first(where: { $0.1.result == .failed || $0.1.result == .unknown }) {
            throw LaunchError.controlFailed(circle: failed.0.name, action: action.rawValue, reason: failed.1.error ?? "the supervisor does not run it")
        }
    }

    /// Service-manager mode: `systemctl stop|start|restart` (or launchctl's equivalents) on the
    /// circles' worker units, and their status in the state. A unit keeps its worker id.
    private static func throughServiceManager(_ manager: ServiceManager, _ action: ControlChannel.Action, _ circles: [LaunchState.Circle],
                                              state: LaunchState, files: LaunchData) throws -> [ControlChannel.Outcome] {
        let units = try circles.map { circle in
            let key = try PublicKey(parsing: circle.publicKey)
            let label = ServiceDefinition.workerLabel(key)
            guard let file = state.serviceFiles?.first(where: { ($0 as NSString).lastPathComponent.hasPrefix(label + ".") }) else {
                throw LaunchError.serviceMissing(name: label, circle: circle.name)
            }
            return file
        }
        try manager.control(action, files: units)
        let keys = Set(circles.map(\.publicKey))
        try files.stateStore.updateMirrored { state in
            for index in state.circles.indices where keys.contains(state.circles[index].publicKey) {
                state.circles[index].worker.status = action == .stop ? .stopped : .running
            }
        }
        return circles.map { circle in
            let result: ControlChannel.Outcome.Result = switch action {
            case .stop: .stopped
            case .start: .started
            case .restart: .restarted
            }
            return .init(publicKey: circle.publicKey, result: result, workerId: action == .stop ? nil : circle.worker.workerId)
        }
    }

    private static func describe(_ outcome: ControlChannel.Outcome) -> String {
        let pid = outcome.pid.map { " (pid \($0))" } ?? ""
        return switch outcome.result {
        case .stopped: "stopped"
        case .alreadyStopped: "stopped (it was not running)"
        case .started: "started" + pid
        case .alreadyRunning: "already running" + pid
        case .restarted: "restarted" + pid
        case .removed: "removed"
        case .unknown: "unknown to the supervisor"
        case .failed: "failed: \(outcome.error ?? "")"
        }
    }
}
