import CirclesCore
import Foundation

/// A circle ready to launch: checked inputs and its parsed init script.
public struct PlannedCircle: Sendable {
    public var request: CircleRequest
    public var script: InitScript?

    public init(request: CircleRequest, script: InitScript?) {
        self.request = request
        self.script = script
    }

    public var name: String { request.name }
    public var key: PublicKey { request.publicKey }
    /// The supervisor's and the log file's name for this circle's worker: from the public key,
    /// never from the name (which may hold spaces, slashes or any other printable character).
    public var workerName: String { LaunchPlan.workerName(key) }
    /// How messages and echoed log lines name this circle's worker.
    public var workerLabel: String { "worker \(request.name)" }
}

/// Everything `circles-spawn` decided before starting anything.
public struct LaunchPlan: Sendable {
    /// The defaults of circles-spawn's options (the host and port are circles-ws's too).
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultGrace = 5.0
    public static let defaultRestart = RestartPolicy.onFailure
    public static let defaultReadyTimeout = 30.0

    public var circles: [PlannedCircle]
    /// Absolute path of the launch_data folder.
    public var launchData: String
    /// The address the WebSocket servers listen on.
    public var host: String
    /// The port of circles that name none.
    public var defaultPort: Int
    public var enableAuth: Bool
    public var workerBinary: String
    public var serverBinary: String
    public var grace: Double
    public var restart: RestartPolicy
    public var readyTimeout: Double
    /// The circles' home host in the fleet registry (`--host-name`).
    public var hostName: String

    public init(circles: [PlannedCircle], launchData: String, host: String, defaultPort: Int, enableAuth: Bool,
                workerBinary: String, serverBinary: String, grace: Double, restart: RestartPolicy, readyTimeout: Double,
                hostName: String = ProcessIdentity.hostName) {
        self.circles = circles
        self.launchData = launchData
        self.host = host
        self.defaultPort = defaultPort
        self.enableAuth = enableAuth
        self.workerBinary = workerBinary
        self.serverBinary = serverBinary
        self.grace = grace
        self.restart = restart
        self.readyTimeout = readyTimeout
        self.hostName = hostName
    }

    /// The files and folders of `launchData`.
    public var files: LaunchData { LaunchData(launchData) }
    public var logFolder: String { files.logsFolder }
    public var stateStore: StateStore { files.stateStore }

    /// The port that serves `circle`.
    public func port(of circle: PlannedCircle) -> Int { circle.request.port ?? defaultPort }

    /// One WebSocket server per distinct port, in order of first use, with the circles it serves.
    public var serverPorts: [(port: Int, circles: [PlannedCircle])] {
        var ports: [Int] = []
        var byPort: [Int: [PlannedCircle]] = [:]
        for circle in circles {
            let port = port(of: circle)
            if byPort[port] == nil { ports.append(port) }
            byPort[port, default: []].append(circle)
        }
        return ports.map { ($0, byPort[$0]!) }
    }

    /// `ws://host:port`, the address clients use (a wildcard host becomes loopback, `::1` is `[::1]`).
    public func serverURL(port: Int) -> String { "ws://\(Network.urlHost(Network.connectableHost(host))):\(port)" }

    /// The supervisor's and the log file's name for the worker of the circle `key`.
    public static func workerName(_ key: PublicKey) -> String { workerName(hex: key.hex) }
    static func workerName(hex: String) -> String { "worker-\(hex)" }

    /// The supervisor's and the log file's name for the server on `port`.
    public static func serverName(port: Int) -> String { "ws-\(port)" }

    /// `launch_data/circle_db_<pk>.db`.
    public func databasePath(_ key: PublicKey) -> String { files.database(key) }

    /// The Redis URL goes to children through the environment (CIRCLES_REDIS_URL), so a password
    /// in it never shows in a process list or a unit file.
    public static func redisEnvironment(_ url: String) -> [String: String] { ["CIRCLES_REDIS_URL": url] }

    /// How a circle's worker is started: with `-v`, so its log has a line per task, and with
    /// `--host-name`, the host its data-home lease names.
    public func workerCommand(_ circle: PlannedCircle, workerId: String, redisURL: String) -> ChildCommand {
        ChildCommand(
            executable: workerBinary,
            arguments: ["--circle-public-key", circle.key.hex, "--db-path", databasePath(circle.key), "--worker-id", workerId, "--host-name", hostName, "-v"],
            environment: Self.redisEnvironment(redisURL), guardsStartupSignals: ChildCommand.guardsStartupSignals(workerBinary))
    }

    /// How the WebSocket server of one port is started: it serves the circles of its own state
    /// file (`writeServerState`), which lists those of its port.
    public func serverCommand(port: Int, redisURL: String) -> ChildCommand {
        ChildCommand(
            executable: serverBinary,
            arguments: ["--host", host, "--port", String(port)] + (enableAuth ? ["--enable-auth"] : []) + ["--state", files.serverState(port: port)],
            environment: Self.redisEnvironment(redisURL), guardsStartupSignals: ChildCommand.guardsStartupSignals(serverBinary))
    }

    /// Writes the state file of the server on `port` (`LaunchData.serverState`): `circles`, added
    /// to those it lists already unless `replacing`.
    public func writeServerState(port: Int, circles: [PlannedCircle], replacing: Bool) throws {
        let path = files.serverState(port: port)
        try FileSystem.makeDirectory(LaunchData(stateFile: path).directory, mode: 0o700)
        try LaunchData(stateFile: path).stateStore.update { state in
            if replacing { state = LaunchState() }
            state.circles += circles.map { LaunchState.Circle(name: $0.name, publicKey: $0.key.hex, port: port, worker: .init(workerId: "")) }
        }
    }

    /// A new worker id (a UUID, docs/PROTOCOL.md §2).
    public static func newWorkerId() -> String { UUID().uuidString.lowercased() }

    /// The state at the start of a launch: every circle `starting`.
    public func initialState(mode: LaunchState.Mode, redis: LaunchState.RedisServer, workerIds: [String: String]) -> LaunchState {
        LaunchState(
            mode: mode, redis: redis, hostName: hostName,
            circles: circles.map { circle in
                LaunchState.Circle(name: circle.name, publicKey: circle.key.hex, port: port(of: circle), scriptPath: circle.script?.path,
                                   worker: .init(workerId: workerIds[circle.name] ?? Self.newWorkerId()))
            },
            servers: serverPorts.map { LaunchState.Server(port: $0.port, url: serverURL(port: $0.port)) })
    }
}
