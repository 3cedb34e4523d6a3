import CirclesCore

/// One log file `circles logs` shows, and the prefix its lines get: a circle's name for its
/// worker's log (`worker-<pk>.log`), `ws-<port>`, `redis` or `circles-spawn` for the others.
public struct LogSource: Sendable, Equatable {
    public var prefix: String
    public var path: String

    public init(prefix: String, path: String) {
        self.prefix = prefix
        self.path = path
    }

    /// The ANSI colours prefixes take in turn (the supervisor's echo of `-v` uses them too).
    public static let palette = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94]

    /// The sources of the circles in `selection` (names or public keys, in that order), or with
    /// no selection those of every circle, then the servers, the private Redis and a detached
    /// supervisor's own log.
    /// - Throws: `LaunchError.unknownCircle` naming a selected circle that the state does not list.
    public static func select(_ selection: [String], state: LaunchState, files: LaunchData) throws -> [LogSource] {
        func worker(_ circle: LaunchState.Circle) -> LogSource? {
            (try? PublicKey(parsing: circle.publicKey)).map { LogSource(prefix: circle.name, path: files.log(LaunchPlan.workerName($0))) }
        }
        guard selection.isEmpty else {
            var seen = Set<String>()
            return try state.circles(named: selection, stateFile: files.stateFile).filter { seen.insert($0.publicKey).inserted }.compactMap(worker)
        }
        var sources = state.circles.compactMap(worker)
        sources += state.servers.map { LogSource(prefix: LaunchPlan.serverName(port: $0.port), path: files.log(LaunchPlan.serverName(port: $0.port))) }
        if state.redis?.managed == true { sources.append(LogSource(prefix: "redis", path: files.log("redis"))) }
        let supervisor = files.log("circles-spawn")
        if FileSystem.exists(supervisor) { sources.append(LogSource(prefix: "circles-spawn", path: supervisor)) }
        return sources
    }
}
