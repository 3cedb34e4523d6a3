import CirclesCore
import Foundation
import NIOConcurrencyHelpers

/// The circles the server serves: the keys given on the command line plus those of a state file,
/// which `reload()` reads again (on SIGHUP). Safe to use from any thread.
public final class CircleRegistry: Sendable {
    /// A served circle: its key and the name it has in the state file (or nil).
    public struct Entry: Sendable, Equatable {
        public let key: PublicKey
        public let name: String?
    }

    private let fixed: [PublicKey]
    private let store: StateStore?
    private let entries: NIOLockedValueBox<[PublicKey: Entry]>

    /// - Parameters:
    ///   - keys: circles to serve always (`-c`).
    ///   - stateFile: a `state.json` whose circles are served too; it need not exist yet.
    /// - Throws: `StateError`/`FileError` when the state file exists but cannot be used.
    public init(keys: [PublicKey], stateFile: String?) throws {
        fixed = keys
        store = stateFile.map { LaunchData(stateFile: $0).stateStore }
        entries = NIOLockedValueBox([:])
        try reload()
    }

    /// Reads the state file again. On failure the served set stays as it was.
    public func reload() throws {
        var fresh: [PublicKey: Entry] = [:]
        for key in fixed { fresh[key] = Entry(key: key, name: nil) }
        for circle in try store?.read()?.circles ?? [] {
            guard let key = try? PublicKey(parsing: circle.publicKey) else { continue }
            fresh[key] = Entry(key: key, name: circle.name)
        }
        entries.withLockedValue { $0 = fresh }
    }

    /// The launcher's record of each circle's worker in the state file, read afresh (a `failed`
    /// worker is one its supervisor gave up on); empty without a state file or when it cannot be read.
    public func recordedWorkerStatus() -> [PublicKey: LaunchState.WorkerStatus] {
        var statuses: [PublicKey: LaunchState.WorkerStatus] = [:]
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
