import CirclesCore
import CirclesVersion
import Logging

/// Everything a worker needs to serve one circle's queue.
public struct WorkerConfiguration: Sendable {
    /// The circle whose queue this worker serves.
    public var circle: PublicKey
    public var redisURL: RedisURL
    /// The circle's SQLite file (`launch_data/circle_db_<pk>.db` by default).
    public var databasePath: String
    /// This instance's id; its liveness key is `circles:worker:<pk>:<workerId>`.
    public var workerId: String
    /// Operations one script may run (0: unlimited).
    public var maxOperations = Self.defaultMaxOperations
    /// Wall-clock seconds one script may run.
    public var taskTimeout = Self.defaultTaskTimeout
    /// Largest script run (bytes); a bigger one is finished as `error` without being parsed.
    public var maxScriptBytes = ScriptSize.defaultLimit
    /// Bytes of values one task may hold (the engine's memory account, `Limits.maxMemory`; 0: unlimited).
    public var maxTaskMemory = Self.defaultMaxTaskMemory
    /// Seconds a finished record is kept.
    public var resultTTL: Int = RedisKeys.defaultResultTTL
    /// false (env `PRESERVE_TASKS=false`): queued tasks are finished as `error` at shutdown.
    public var preserveTasks = true
    /// Seconds between liveness writes; the key expires after `livenessTTL` seconds.
    public var heartbeatInterval = 2.0
    public var livenessTTL = RedisKeys.livenessTTL
    /// The host this worker runs on, as the data-home lease `circles:home:<pk>` names it
    /// (`circles-worker --host-name`; default the machine's host name).
    public var hostName = ProcessIdentity.hostName
    /// Seconds the data-home lease lives after the last heartbeat of a worker on its host.
    public var homeLeaseTTL = RedisKeys.homeLeaseTTL
    /// Seconds between checks for dead instances of the circle's workers.
    public var recoveryInterval = 10.0
    /// Seconds one `BLMOVE` waits, so that a shutdown request is noticed this fast.
    public var takeTimeout = 1.0
    /// Where progress lines go (stderr in `circles-worker`; nothing by default). One line per
    /// task (id, caller, status, duration) at the debug level (`circles-worker -v`).
    public var logger = Logger(label: "circles-worker") { _ in SwiftLogNoOpLogHandler() }

    /// The defaults of the configurable limits (circles-worker's option defaults).
    public static let defaultMaxOperations: UInt64 = 50_000_000
    public static let defaultTaskTimeout = 30.0
    public static let defaultMaxTaskMemory = 256 << 20

    /// The limits of docs/PROTOCOL.md §3 that are not configurable.
    public static let maxCallDepth = 128
    public static let maxStringBytes = 10 * 1024 * 1024
    public static let maxCollectionEntries = 10_000
    /// A task that was running when this many workers died is quarantined: finished as `error`, not run again.
    public static let deathsBeforeQuarantine = 2
    /// The version written into the liveness hash.
    public static let version = CirclesVersion.current

    public init(circle: PublicKey, redisURL: RedisURL, databasePath: String, workerId: String) {
        self.circle = circle
        self.redisURL = redisURL
        self.databasePath = databasePath
        self.workerId = workerId
    }

}
