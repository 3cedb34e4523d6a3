import CirclesCore
import Dispatch

/// What Redis says about every served circle right now — queue, workers, counters — read on demand
/// for `/health`, `/metrics` and `/api/circles` (docs/PROTOCOL.md §4).
struct CirclesSnapshot: Sendable {
    /// One served circle.
    struct Circle: Sendable {
        let entry: CircleRegistry.Entry
        /// Nil when Redis could not be read.
        let activity: CircleActivity?
        /// Workers that are live (`isLive`).
        let liveWorkers: Int

        /// The circle can run tasks: at least one live worker.
        var isUp: Bool { liveWorkers > 0 }
    }

    /// Redis answered the reads.
    let redisUp: Bool
    /// The served circles, in the registry's order.
    let circles: [Circle]

    /// Reads every circle of `registry` in two round trips on a fresh connection. The blocking
    /// hiredis calls run on a Dispatch thread, never on an event loop or the cooperative pool.
    /// - Parameter timeout: seconds allowed for connecting and for each round trip.
    static func read(registry: CircleRegistry, redisURL: RedisURL, timeout: Double = 1) async -> CirclesSnapshot {
        let entries = registry.all
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let activities = try? CircleActivity.read(
                    entries.map(\.key),
                    on: RedisConnection.connect(url: redisURL, connectTimeout: timeout, commandTimeout: timeout))
                let circles = entries.indices.map { index in
                    let activity = activities?[index]
                    return Circle(entry: entries[index], activity: activity, liveWorkers: activity?.workers.filter(isLive).count ?? 0)
                }
                continuation.resume(returning: CirclesSnapshot(redisUp: activities != nil, circles: circles))
            }
        }
    }

    /// A worker is live when its liveness key exists (it beat within `RedisKeys.livenessTTL` s)
    /// and, when it runs on this host, its pid is a running process: a killed worker is seen at
    /// once, not only when its key expires.
    static func isLive(_ worker: CircleActivity.WorkerState) -> Bool {
        guard worker.alive else { return false }
        if worker.liveness["host"] == ProcessIdentity.hostName, let pid = worker.liveness["pid"].flatMap({ Int32($0) }) {
            return ProcessIdentity.isRunning(pid: pid)
        }
        return true
    }
}
