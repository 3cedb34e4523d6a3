import Foundation

/// What `circles-spawn` started, as recorded in `launch_data/state.json` (docs/PROTOCOL.md §5).
///
/// Read and change it only through `StateStore`. Fields a newer version adds are ignored when
/// decoding; a file whose `version` is newer than `LaunchState.currentVersion` is refused.
public struct LaunchState: Codable, Equatable, Sendable {
    /// The schema version this build writes and reads.
    public static let currentVersion = 1

    public var version: Int
    /// How the processes are run.
    public var mode: Mode
    /// The Redis the circles use; `managed` when circles-spawn started it.
    public var redis: RedisServer?
    /// The home host of this launch's circles in the fleet registry (`circles-spawn --host-name`,
    /// default the machine's host name); nil in a state written before it existed.
    public var hostName: String?
    public var circles: [Circle]
    public var servers: [Server]
    /// The circles-spawn process that supervises the direct-mode children (foreground or
    /// `--detach`ed); nil in service-manager mode and once it stopped.
    public var supervisor: SupervisorProcess?
    /// The unit files / plists written in service-manager mode, so cleanup removes exactly those.
    public var serviceFiles: [String]?
    public var createdAt: Date
    /// Set by `StateStore.update` on every write.
    public var updatedAt: Date

    public init(mode: Mode = .direct, redis: RedisServer? = nil, hostName: String? = nil, circles: [Circle] = [], servers: [Server] = [], createdAt: Date = Date()) {
        self.version = Self.currentVersion
        self.mode = mode
        self.redis = redis
        self.hostName = hostName
        self.circles = circles
        self.servers = servers
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Who supervises the processes.
    public enum Mode: String, Codable, Sendable {
        /// Children of circles-spawn.
        case direct
        case systemd
        case launchd
    }

    /// One circle: its identity, its init script and its worker.
    public struct Circle: Codable, Equatable, Sendable {
        public var name: String
        /// Canonical compressed public key (66 lowercase hex).
        public var publicKey: String
        public var port: Int?
        public var scriptPath: String?
        public var worker: Worker
        /// The outcome of the init script, once it ran.
        public var initResult: InitResult?

        public init(name: String, publicKey: String, port: Int? = nil, scriptPath: String? = nil, worker: Worker, initResult: InitResult? = nil) {
            self.name = name
            self.publicKey = publicKey
            self.port = port
            self.scriptPath = scriptPath
            self.worker = worker
            self.initResult = initResult
        }
    }

    /// The worker process serving a circle. A pid is trusted only together with its start time.
    public struct Worker: Codable, Equatable, Sendable {
        /// The `--worker-id` it was given; its liveness key is `circles:worker:<pk>:<workerId>`.
        public var workerId: String
        public var pid: Int32?
        /// The process start time as the platform reports it (Linux: clock ticks since boot).
        public var pidStartTime: UInt64?
        public var restarts: Int
        public var status: WorkerStatus

        public init(workerId: String, pid: Int32? = nil, pidStartTime: UInt64? = nil, restarts: Int = 0, status: WorkerStatus = .starting) {
            self.workerId = workerId
            self.pid = pid
            self.pidStartTime = pidStartTime
            self.restarts = restarts
            self.status = status
        }
    }

    public enum WorkerStatus: String, Codable, Sendable {
        case starting, running, stopped, failed
    }

    /// What the init script of a circle returned.
    public struct InitResult: Codable, Equatable, Sendable {
        public var taskId: String
        /// `completed` or `error`, as in the task record.
        public var status: String
        public var output: String?
        public var error: String?

        public init(taskId: String, status: String, output: String? = nil, error: String? = nil) {
            self.taskId = taskId
            self.status = status
            self.output = output
            self.error = error
        }
    }

    /// A WebSocket server process (circles-ws).
    public struct Server: Codable, Equatable, Sendable {
        public var port: Int
        public var pid: Int32?
        public var pidStartTime: UInt64?
        /// Where clients connect, e.g. `ws://127.0.0.1:8080`.
        public var url: String

        public init(port: Int, pid: Int32? = nil, pidStartTime: UInt64? = nil, url: String) {
            self.port = port
            self.pid = pid
            self.pidStartTime = pidStartTime
            self.url = url
        }
    }

    /// A supervising circles-spawn process. Its pid is trusted only with its start time.
    public struct SupervisorProcess: Codable, Equatable, Sendable {
        public var pid: Int32
        public var pidStartTime: UInt64

        public init(pid: Int32, pidStartTime: UInt64) {
            self.pid = pid
            self.pidStartTime = pidStartTime
        }
    }

    /// The Redis server the circles use.
    public struct RedisServer: Codable, Equatable, Sendable {
        /// The URL without its password (`RedisServer.recording`); `connectionText()` has it whole.
        public var url: String
        /// True when circles-spawn started this redis-server, so circles-cleanup stops it.
        public var managed: Bool
        public var pid: Int32?
        public var pidStartTime: UInt64?
        /// The folder of a managed server's files (`launch_data/redis`).
        public var dir: String?
        /// The file that holds the whole URL when it has a password (`launch_data/circles.env`).
        public var environmentFile: String?

        public init(url: String, managed: Bool, pid: Int32? = nil, pidStartTime: UInt64? = nil, dir: String? = nil, environmentFile: String? = nil) {
            self.url = url
            self.managed = managed
            self.pid = pid
            self.pidStartTime = pidStartTime
            self.dir = dir
            self.environmentFile = environmentFile
        }
    }
}
