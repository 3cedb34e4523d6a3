import CirclesCore
import Foundation
import NIOConcurrencyHelpers

/// The circles the server serves: the keys given on the command line plus those of a state file,
/// which `reload()` reads again (on SIGHUP), plus, with a fleet Redis, every circle of the fleet
/// registry (`FleetRegistry`), which `reloadFleet()` reads again (`FleetPollService`). Safe to use
/// from any thread.
public final class CircleRegistry: Sendable {
    /// A served circle: its key and the name it has in the state file (or nil).
    public struct Entry: Sendable, Equatable {
        public let key: PublicKey
        public let name: String?
    }

    private let fixed: [PublicKey]
    private let store: StateStore?
    /// The Redis whose fleet registry is served too; nil when it is not.
    public let fleet: RedisURL?
    /// The circles of the state file and of the fleet registry as last read.
    private let read: NIOLockedValueBox<(state: [LaunchState.Circle], fleet: [FleetRegistry.Entry])>
    private let entries: NIOLockedValueBox<[PublicKey: Entry]>

    /// - Parameters:
    ///   - keys: circles to serve always (`-c`).
    ///   - stateFile: a `state.json` whose circles are served too; it need not exist yet.
    ///   - fleet: a Redis whose fleet registry's circles are served too (read by `reloadFleet()`).
    /// - Throws: `StateError`/`FileError` when the state file exists but cannot be used.
    public init(keys: [PublicKey], stateFile: String?, fleet: RedisURL? = nil) throws {
        fixed = keys
        store = stateFile.map { LaunchData(stateFile: $0).stateStore }
        self.fleet = fleet
        read = NIOLockedValueBox(([], []))
        entries = NIOLockedValueBox([:])
        try reload()
    }

    /// Reads the state file again. On failure the served set stays as it was.
    public func reload() throws {
        let circles = try store?.read()?.circles ?? []
        read.withLockedValue { $0.state = circles }
        rebuild()
    }

    /// Reads the fleet registry again (blocking: call it off the event loops) and returns whether
    /// the served set changed. On failure the served set stays as it was.
    /// - Throws: `RedisError` when Redis cannot be reached or answers wrongly.
    @discardableResult
    public func reloadFleet(timeout: Double = 2) throws -> Bool {
        guard let fleet else { return false }
        let circles = try FleetRegistry.read(on: RedisConnection.connect(url: fleet, connectTimeout: timeout, commandTimeout: timeout))
        let before = all
        read.withLockedValue { $0.fleet = circles }
        rebuild()
        return all != before
    }

    /// What the launchers say of each fleet circle's worker (`FleetRegistry.Entry.state`), as last read.
    private func fleetWorkerStatus() -> [PublicKey: LaunchState.WorkerStatus] {
        var statuses: [PublicKey: LaunchState.WorkerStatus] = [:]
        for entry in read.withLockedValue({ $0.fleet }) {
            if let key = try? PublicKey(parsing: entry.publicKey), let status = LaunchState.WorkerStatus(rawValue: entry.state) { statuses[key] = status }
        }
        return statuses
    }

    /// The served set from `-c`, the fleet registry and the state file (a name from the state file wins).
    private func rebuild() {
        let (state, fleet) = read.withLockedValue { $0 }
        var fresh: [PublicKey: Entry] = [:]
        for key in fixed { fresh[key] = Entry(key: key, name: nil) }
        for circle in fleet {
            guard let key = try? PublicKey(parsing: circle.publicKey) else { continue }
            fresh[key] = Entry(key: key, name: circle.name)
        }
        for circle in state {
            guard let key = try? PublicKey(parsing: circle.publicKey) else { continue }
            fresh[key] = Entry(key: key, name: circle.name)
        }
        entries.withLockedValue { $0 = fresh }
    }

    /// The launcher's record of each circle's worker in the state file, read afresh (a `failed`
    /// worker is one its supervisor gave up on), over the fleet registry's as last read; empty
    /// without either.
    public func recordedWorkerStatus() -> [PublicKey: LaunchState.WorkerStatus] {
        var statuses = fleetWorkerStatus()
        for circle in (try? store?.read())??.circles ?? [] {
            if let key = try? PublicKey(parsing: circle.publicKey) { statuses[key] = circle.worker.status }
        }
        return statuses
    }

    /// Whether `key` is served.
    public func contains(_ key: PublicKey) -> Bool {
        entries.withLockedValue { $0[key] != nil }
    }

    /// The served circles, ordered by name, then key.
    public var all: [Entry] {
        entries.withLockedValue { Array($0.values) }.sorted {
            ($0.name ?? "~", $0.key.hex) < ($1.name ?? "~", $1.key.hex)
        }
    }
}
