import ArgumentParser
import CirclesCore
import Foundation

/// `circles remove NAME… [--purge]`: circles taken out of a running direct-mode launch by its
/// supervisor (worker stopped and forgotten, the circle out of the state and its server's list);
/// the others keep running. `--purge` also deletes what the circle leaves behind.
public enum CircleRemoval {
    public static func run(_ names: [String], purge: Bool, shared: SharedOptions, timeout: Double) throws {
        let files = LaunchData(shared.launchData)
        guard let state = try files.stateStore.read(), !state.circles.isEmpty else {
            throw UsageError("nothing was launched from \(shared.launchData); start circles with circles-spawn (or pass --launch-data)")
        }
        guard state.mode == .direct else {
            throw UsageError("circles-remove works on direct-mode launches; this one runs under \(state.mode.rawValue): run circles-cleanup and circles-spawn without the circle")
        }
        let circles = try state.circles(named: names, stateFile: files.stateFile)
        guard let record = state.supervisor else { throw LaunchError.supervisorNotRunning(directory: files.directory, pid: nil) }
        let supervisor = ProcessIdentity(pid: record.pid, startTime: record.pidStartTime)
        let outcomes = try ControlChannel.send(.init(removing: circles.map(\.publicKey)), to: supervisor, files: files, timeout: timeout).outcomes
        if let (circle, outcome) = zip(circles, outcomes).first(where: { $0.1.result != .removed }) {
            throw LaunchError.controlFailed(circle: circle.name, action: "remove", reason: outcome.error ?? "the supervisor does not run it")
        }
        if purge {
            let redis = try state.redis.map { try RedisConnection.connect(url: try RedisURL(parsing: $0.connectionText())) }
            for circle in circles {
                try Self.purge(try PublicKey(parsing: circle.publicKey), name: circle.name, redis: redis, hostName: state.hostName ?? ProcessIdentity.hostName, files: files)
            }
        }
        for circle in circles {
            if shared.json {
                StandardStreams.output.line(JSONValue.object(["name": .string(circle.name), "public_key": .string(circle.publicKey),
                                                              "result": .string("removed"), "purged": .bool(purge)]).jsonText)
            } else {
                StandardStreams.output.line("\(circle.name): removed\(purge ? " and purged" : "")")
            }
        }
        StandardStreams.output.flush()
    }

    /// Deletes the circle's Redis keys (queue, worker set, liveness and processing lists,
    /// counters, the data-home lease when `hostName` holds it), its database, its log, its private
    /// key file and its entry in `keys/names.json`.
    static func purge(_ key: PublicKey, name: String, redis: RedisConnection?, hostName: String, files: LaunchData) throws {
        if let redis {
            try DataHome.release(key, hostName: hostName, on: redis)
            let workers = (try redis.command(["SMEMBERS", RedisKeys.workers(key)]).array ?? []).compactMap(\.string)
            let keys = [RedisKeys.tasks(key), RedisKeys.workers(key), RedisKeys.statistics(key)]
                + workers.flatMap { [RedisKeys.worker(key, $0), RedisKeys.processing(key, $0)] }
            _ = try redis.command(["DEL"] + keys)
        }
        for path in [files.database(key), files.database(key) + "-wal", files.database(key) + "-shm",
                     files.log(LaunchPlan.workerName(key)), files.keyStore.path(for: key)] {
            unlink(path)
        }
        let names = NameRegistry(path: files.namesFile, folder: files.keysFolder)
        let known = try names.load()
        if known.values.contains(key) { try names.save(known.filter { $0.value != key }) }
    }
}
