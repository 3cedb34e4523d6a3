import CirclesCore
import Foundation

/// `circles spawn` while the supervisor of its launch_data runs (direct mode, foreground or
/// detached): the circles that do not run yet join that launch (`ControlChannel` additions), the
/// ones that run are left alone. Returns when the new workers are ready, their servers serve
/// them and their init scripts are done.
public enum JoinRunningLaunch {
    /// The running direct-mode launch of `launchData` (its state and live supervisor), or nil.
    public static func running(launchData: String) throws -> (state: LaunchState, supervisor: ProcessIdentity)? {
        guard let state = try LaunchData(launchData).stateStore.read(), state.mode == .direct, let record = state.supervisor else { return nil }
        let supervisor = ProcessIdentity(pid: record.pid, startTime: record.pidStartTime)
        return supervisor.isAlive ? (state, supervisor) : nil
    }

    /// - Parameters:
    ///   - port: the `-p` given, for circles that name no port (nil: the running launch's default).
    /// - Throws: `LaunchError` for a name that runs with another key, a busy new port, a circle the
    ///   supervisor could not start, or what does not get ready within `timeout`.
    public static func join(_ planned: [PlannedCircle], into state: LaunchState, supervisor: ProcessIdentity, launchData: String,
                            host: String, port: Int?, timeout: Double) async throws -> LaunchState {
        let files = LaunchData(launchData)
        let running = Set(state.circles.map(\.publicKey))
        var fresh = planned.filter { !running.contains($0.key.hex) }
        for circle in fresh {
            if let running = state.circles.first(where: { $0.name == circle.name }) {
                throw LaunchError.nameTaken(name: circle.name, publicKey: running.publicKey)
            }
        }
        if let port {
            for index in fresh.indices where fresh[index].request.port == nil { fresh[index].request.port = port }
        }
        let served = Set(state.servers.map(\.port))
        for newPort in Set(fresh.compactMap(\.request.port)).subtracting(served).sorted() where !Network.isPortFree(host: host, port: newPort) {
            throw LaunchError.portInUse(host: host, port: newPort)
        }
        guard !fresh.isEmpty, let redis = state.redis else { return state }
        let url = try RedisURL(parsing: redis.connectionText())
        try LaunchPlan.checkDataHomes(fresh.map(\.key), hostName: state.hostName ?? ProcessIdentity.hostName, redis: url)

        let outcomes = try ControlChannel.send(.init(adding: fresh), to: supervisor, files: files, timeout: timeout).outcomes
        if let (circle, outcome) = zip(fresh, outcomes).first(where: { $0.1.result == .failed }) {
            throw LaunchError.controlFailed(circle: circle.name, action: "add", reason: outcome.error ?? "")
        }
        let workers = zip(fresh, outcomes).compactMap { circle, outcome in
            outcome.workerId.map { id in Readiness.Worker(name: circle.workerLabel, key: circle.key) { id } }
        }
        try await Readiness(redisURL: url, timeout: timeout).wait(workers: workers, servers: [])
        try waitUntilServed(fresh, state: try files.stateStore.read() ?? state, host: Network.connectableHost(host), timeout: timeout)
        let results = try await InitScriptRunner.run(fresh, redisURL: url, timeout: timeout)
        return try files.stateStore.update { state in
            for index in state.circles.indices {
                if let result = results[state.circles[index].name] { state.circles[index].initResult = result }
            }
            return state
        }
    }

    /// Polls each circle's server until it serves the circle (`GET /<pk>` answers 426, "upgrade
    /// required", where a circle it does not serve gets 404): a running server reloads its list on SIGHUP.
    private static func waitUntilServed(_ circles: [PlannedCircle], state: LaunchState, host: String, timeout: Double) throws {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var pending = circles
        while true {
            pending.removeAll { circle in
                guard let port = state.circles.first(where: { $0.publicKey == circle.key.hex })?.port else { return true }
                return Network.httpStatus(host: host, port: port, path: "/" + circle.key.hex) == 426
            }
            if pending.isEmpty { return }
            guard Date() < deadline else { throw LaunchError.notReady(what: pending.map { "the server of \($0.name)" }, seconds: timeout) }
            usleep(20_000)
        }
    }
}
