import CirclesCore

/// The answer of `GET /api/circles` (docs/PROTOCOL.md §4), which the page at `/` polls: the
/// server's view of Redis and authentication, and per circle its endpoint, workers, queue and counters.
struct CirclesOverview {
    let snapshot: CirclesSnapshot
    /// What the state file records about each circle's worker (`failed` shows as such).
    let recorded: [PublicKey: LaunchState.WorkerStatus]
    let authRequired: Bool
    /// `host:port` the client reached us by, for the circles' `ws://` URLs.
    let authority: String

    var json: JSONValue {
        .object([
            "redis": .string(snapshot.redisUp ? "ok" : "down"),
            "authRequired": .bool(authRequired),
            "healthy": .bool(HealthReport(snapshot: snapshot, strict: true).healthy),
            "circles": .array(snapshot.circles.map(circle)),
        ])
    }

    private func circle(_ circle: CirclesSnapshot.Circle) -> JSONValue {
        let key = circle.entry.key
        let state = circle.isUp ? "alive" : recorded[key] == .failed ? "failed" : "down"
        var members: [String: JSONValue] = [
            "name": circle.entry.name.map { .string($0) } ?? .null,
            "pk": .string(key.hex),
            "url": .string("ws://\(authority)/\(key.hex)"),
            "state": .string(state),
            "workersAlive": .integer(Int64(circle.liveWorkers)),
        ]
        guard let activity = circle.activity else { return .object(members) }
        let statistics = activity.statistics
        let youngest = activity.workers.filter(CirclesSnapshot.isLive).compactMap(\.heartbeatAge).min()
        members["workers"] = .integer(Int64(activity.workers.count))
        members["heartbeatAge"] = youngest.map { .number($0) } ?? .null
        members["queued"] = .integer(Int64(activity.queued))
        members["processing"] = .integer(Int64(activity.processing))
        members["completed"] = .integer(Int64(statistics.completed))
        members["errored"] = .integer(Int64(statistics.errored))
        members["lastError"] = statistics.lastError.map { .string($0) } ?? .null
        members["lastErrorAt"] = statistics.lastErrorAt.map { .string($0) } ?? .null
        return .object(members)
    }
}
