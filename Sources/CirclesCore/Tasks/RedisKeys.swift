/// The Redis key names of docs/PROTOCOL.md §2 — the only place they are spelled.
public enum RedisKeys {
    /// `rhai_tasks:<pk>`: the circle's queue of task ids (producers LPUSH, workers take from the right).
    public static func tasks(_ circle: PublicKey) -> String { "rhai_tasks:\(circle.hex)" }

    /// `rhai_processing:<pk>:<worker_id>`: the ids one worker instance has taken and not finished.
    public static func processing(_ circle: PublicKey, _ workerId: String) -> String { "rhai_processing:\(circle.hex):\(workerId)" }

    /// `rhai_task_details:<task_id>`: the task record hash.
    public static func taskDetails(_ taskId: String) -> String { "rhai_task_details:\(taskId)" }

    /// `rhai_reply:<task_id>`: the default reply list of a task.
    public static func reply(_ taskId: String) -> String { "rhai_reply:\(taskId)" }

    /// `circles:workers:<pk>`: the ids of the worker instances serving the circle.
    public static func workers(_ circle: PublicKey) -> String { "circles:workers:\(circle.hex)" }

    /// `circles:worker:<pk>:<worker_id>`: one worker instance's liveness hash.
    public static func worker(_ circle: PublicKey, _ workerId: String) -> String { "circles:worker:\(circle.hex):\(workerId)" }

    /// `circles:stats:<pk>`: the circle's task counters (`CircleStatistics`); never expires.
    public static func statistics(_ circle: PublicKey) -> String { "circles:stats:\(circle.hex)" }

    /// How long a liveness key lives after the last heartbeat, in seconds.
    public static let livenessTTL = 10
    /// How long a reply list lives, in seconds.
    public static let replyTTL = 300
    /// How long a finished record lives by default, in seconds (24 h).
    public static let defaultResultTTL = 86_400
}

extension RedisKeys {
    /// `circles:dispatcher:<id>:replies`: a Dispatcher's private reply list. Tasks it runs name
    /// it as `replyToQueue`, so one `BLPOP` serves all of them; the element `wake` only interrupts
    /// that `BLPOP`. It expires like any reply list (`replyTTL` after the last push).
    public static func dispatcherReplies(_ dispatcherId: String) -> String { "circles:dispatcher:\(dispatcherId):replies" }
}

extension RedisKeys {
    /// `circles:registry`: the public keys of every circle in the fleet registry (`FleetRegistry`).
    public static let registry = "circles:registry"

    /// `circles:registry:<pk>`: one circle's registry hash (name, home host, ws URL, state).
    public static func registryEntry(_ publicKeyHex: String) -> String { "circles:registry:\(publicKeyHex)" }
}

extension RedisKeys {
    /// `circles:home:<pk>`: the data-home lease, the host name of the host whose workers hold the
    /// circle's database (`DataHomeLease`); renewed by their heartbeats, lapses `homeLeaseTTL`
    /// seconds after the last one.
    public static func home(_ circle: PublicKey) -> String { "circles:home:\(circle.hex)" }

    /// How long the data-home lease lives after the last renewal, in seconds (default).
    public static let homeLeaseTTL = 60
}
