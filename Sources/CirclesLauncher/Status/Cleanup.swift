import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops and removes what a launch left: the supervising circles-spawn, every recorded process
/// whose pid *and* start time still match, the units or plists, the private Redis; then marks
/// the state stopped. Idempotent, and tolerant of processes that are long gone.
public struct Cleanup {
    public var launchData: String
    public var grace: Double
    /// Also delete the circles' Redis keys (queue, worker set, liveness keys, processing lists)
    /// and take them out of the fleet registry.
    public var purge: Bool

    public init(launchData: String, grace: Double, purge: Bool) {
        self.launchData = launchData
        self.grace = grace
        self.purge = purge
    }

    /// What was done, one line each (empty when there was nothing to do).
    public func run() throws -> [String] {
        var done: [String] = []
        // A circles-spawn still launching may not be in the state yet: it holds the launch lock.
        if let spawn = LaunchLock.holder(launchData: launchData), stop(spawn, group: false) {
            done.append("stopped circles-spawn (pid \(spawn.pid)) and its children")
        }
        let store = LaunchData(launchData).stateStore
        guard let state = try store.read() else { return done }

        if let supervisor = state.supervisor, stop(ProcessIdentity(pid: supervisor.pid, startTime: supervisor.pidStartTime), group: false) {
            done.append("stopped circles-spawn (pid \(supervisor.pid)) and its children")
        }
        if let files = state.serviceFiles, !files.isEmpty, let manager = ServiceManagers.forMode(state.mode) {
            let present = files.filter(FileSystem.exists)
            try manager.remove(files: present)
            done += present.map { "removed \($0)" }
        }
        // Whatever the supervisor did not stop (it was killed, say): workers and servers, then Redis.
        var processes = state.circles.compactMap { circle in identity(circle.worker.pid, circle.worker.pidStartTime).map { ("worker \(circle.name)", $0) } }
        processes += state.servers.compactMap { server in identity(server.pid, server.pidStartTime).map { ("server on port \(server.port)", $0) } }
        for (name, process) in processes where stop(process, group: true) {
            done.append("stopped \(name) (pid \(process.pid))")
        }
        if purge, let url = state.redis.flatMap({ try? RedisURL(parsing: $0.connectionText()) }) {
            let removed = try purgeKeys(state, url: url)
            done.append("deleted \(removed) Redis keys of \(state.circles.count) circles")
        }
        if let redis = state.redis, redis.managed, let process = identity(redis.pid, redis.pidStartTime), stop(process, group: true) {
            done.append("stopped the private redis-server (pid \(process.pid))")
        }
        let needsMarking = state.supervisor != nil || state.serviceFiles != nil || state.redis?.pid != nil
            || state.circles.contains { $0.worker.pid != nil || $0.worker.status == .running || $0.worker.status == .starting }
            || state.servers.contains { $0.pid != nil }
        if needsMarking {
            // The fleet registry shows the circles `stopped`; with --purge they leave it (`purgeKeys`).
            if purge { try store.update { $0.markStopped() } } else { try store.updateMirrored { $0.markStopped() } }
        }
        return done
    }

    private func identity(_ pid: Int32?, _ start: UInt64?) -> ProcessIdentity? {
        guard let pid, let start else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// SIGTERM (to its group when it leads one), up to `grace` seconds, then SIGKILL. Returns
    /// false when the process was not running (or the pid is someone else's now).
    private func stop(_ process: ProcessIdentity, group: Bool) -> Bool {
        guard process.isAlive else { return false }
        let target = group ? -process.pid : process.pid
        kill(target, SIGTERM)
        // The supervisor stops its own children within its grace; give it that and a little more.
        let deadline = Date(timeIntervalSinceNow: group ? grace : grace + 5)
        while process.isAlive && Date() < deadline { usleep(10_000) }
        if process.isAlive {
            kill(target, SIGKILL)
            while process.isAlive { usleep(10_000) }
        }
        return true
    }

    /// Deletes every key of the circles in `state` (the data-home lease only when this launch's
    /// host holds it); returns how many, the leases aside.
    private func purgeKeys(_ state: LaunchState, url: RedisURL) throws -> Int {
        let redis = try RedisConnection.connect(url: url)
        var removed = 0
        for circle in state.circles {
            guard let key = try? PublicKey(parsing: circle.publicKey) else { continue }
            var keys = [RedisKeys.tasks(key), RedisKeys.workers(key)]
            for pattern in [RedisKeys.worker(key, "*"), RedisKeys.processing(key, "*")] {
                keys += try scan(redis, pattern)
            }
            removed += Int(try redis.command(["DEL"] + keys).integer ?? 0)
            try DataHome.release(key, hostName: state.hostName ?? ProcessIdentity.hostName, on: redis)
        }
        try FleetRegistry.publish([], forgetting: state.circles.map(\.publicKey), on: redis)
        return removed
    }

    private func scan(_ redis: RedisConnection, _ pattern: String) throws -> [String] {
        var cursor = "0"
        var keys: [String] = []
        repeat {
            let reply = try redis.command(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"])
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else { break }
            cursor = next
            keys += parts[1].array?.compactMap(\.string) ?? []
        } while cursor != "0"
        return keys
    }
}
