/// The files and folders of a launch_data folder (docs/PROTOCOL.md §5) — the only place their
/// names are spelled. `directory` is used as given (relative paths stay relative).
public struct LaunchData: Sendable, Hashable {
    public let directory: String

    /// The folder the programs use when neither --launch-data nor CIRCLES_LAUNCH_DATA names one.
    public static let defaultDirectory = "launch_data"

    public init(_ directory: String) {
        self.directory = directory
    }

    /// The launch_data folder of a `state.json` path (its folder).
    public init(stateFile: String) {
        let folder = stateFile.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        self.init(folder.isEmpty ? (stateFile.hasPrefix("/") ? "/" : ".") : folder)
    }

    /// `state.json`: what runs (`LaunchState`, read and written through `StateStore`).
    public var stateFile: String { directory + "/state.json" }
    /// `.lock`: held while `state.json` is changed.
    public var lockFile: String { directory + "/.lock" }
    /// `.spawn.lock`: held by a running circles-spawn for its whole life (`LaunchLock`), its pid inside.
    public var spawnLockFile: String { directory + "/.spawn.lock" }
    /// `keys/`: private key files (`KeyStore`), folder 0700.
    public var keysFolder: String { directory + "/keys" }
    /// `keys/names.json`: the public key of each named circle of a config file.
    public var namesFile: String { keysFolder + "/names.json" }
    /// `logs/`: the children's logs in direct mode.
    public var logsFolder: String { directory + "/logs" }
    /// `logs/<name>.log`: one child's log (`worker-<pk>`, `ws-<port>`, `redis`, `circles-spawn`).
    public func log(_ name: String) -> String { Self.log(name, in: logsFolder) }
    /// `<folder>/<name>.log`: a child's log in a logs folder of the caller's choice.
    public static func log(_ name: String, in folder: String) -> String { "\(folder)/\(name).log" }
    /// `control/`: requests to a running direct-mode supervisor (`circles stop|start|restart`) and its replies.
    public var controlFolder: String { directory + "/control" }
    /// `control/<id>.request.json`: one request, written before the supervisor gets SIGUSR1.
    public func controlRequest(_ id: String) -> String { "\(controlFolder)/\(id).request.json" }
    /// `control/<id>.reply.json`: the supervisor's answer to that request.
    public func controlReply(_ id: String) -> String { "\(controlFolder)/\(id).reply.json" }
    /// `redis/`: the files of the private redis-server.
    public var redisFolder: String { directory + "/redis" }
    /// `circles.env`: the Redis URL for service units (mode 0600).
    public var environmentFile: String { directory + "/circles.env" }
    /// `circle_db_<pk>.db`: a circle's SQLite database.
    public func database(_ circle: PublicKey) -> String { "\(directory)/circle_db_\(circle.hex).db" }

    /// The store of this folder's `state.json`.
    public var stateStore: StateStore { StateStore(directory: directory) }
    /// The store of this folder's key files.
    public var keyStore: KeyStore { KeyStore(directory: keysFolder) }
}
