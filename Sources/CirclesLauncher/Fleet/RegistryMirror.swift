import CirclesCore
import Foundation
import Logging

/// Keeps the fleet registry (`FleetRegistry`) in step with a launch's state file: every write of
/// the state through `StateStore.updateMirrored` publishes its circles (name, key, home host,
/// ws URL, worker status) and forgets those the write took out, while the state's lock is held,
/// so two writers never publish out of order. Best effort: when the launch's Redis cannot be
/// reached the state is still written and a warning is logged; the next write catches up.
enum RegistryMirror {
    /// The registry entries of every circle in `state`.
    static func entries(of state: LaunchState) -> [FleetRegistry.Entry] {
        let host = state.hostName ?? ProcessIdentity.hostName
        return state.circles.map { circle in
            let server = state.servers.first { $0.port == circle.port }
            return FleetRegistry.Entry(name: circle.name, publicKey: circle.publicKey, host: host,
                                        wsURL: server.map { "\($0.url)/\(circle.publicKey)" } ?? "", state: circle.worker.status.rawValue)
        }
    }

    /// Publishes `state`'s circles and forgets `removed` (public keys) on the state's Redis —
    /// through its whole URL (a private Redis requires its password), and not at all once the
    /// launch's private Redis has been stopped (the last write of a stopping launch).
    static func sync(_ state: LaunchState, removed: [String]) {
        guard let redis = state.redis, !(redis.managed && redis.pid == nil) else { return }
        let text = redis.connectionText()
        do {
            let connection = try RedisConnection.connect(url: try RedisURL(parsing: text), connectTimeout: 2, commandTimeout: 2)
            try FleetRegistry.publish(entries(of: state), forgetting: removed, on: connection)
        } catch {
            Logger(label: "circles-registry").warning("the fleet registry could not be updated: \(error); it catches up at the next change")
        }
    }
}

extension StateStore {
    /// `update`, then the fleet registry brought in step with the new state (`RegistryMirror`)
    /// while the lock is still held. Used for every state file a launch owns.
    @discardableResult
    func updateMirrored<T>(_ change: (inout LaunchState) throws -> T) throws -> T {
        try update { state in
            let before = Set(state.circles.map(\.publicKey))
            let result = try change(&state)
            RegistryMirror.sync(state, removed: before.subtracting(state.circles.map(\.publicKey)).sorted())
            return result
        }
    }
}
