import Foundation

/// Whether the worker can finish tasks, for its liveness hash: `degraded` (with Redis' reason)
/// while Redis refuses to store a finished task, until a finish lands again.
final class WorkerHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var reason: String?

    /// Nil while the worker is fine; else why it is degraded.
    var problem: String? {
        lock.withLock { reason }
    }

    /// Marks the worker degraded; returns true when it was not already.
    @discardableResult
    func degrade(_ reason: String) -> Bool {
        lock.withLock {
            defer { self.reason = reason }
            return self.reason == nil
        }
    }

    /// Marks the worker fine again; returns true when it was degraded.
    @discardableResult
    func recover() -> Bool {
        lock.withLock {
            defer { reason = nil }
            return reason != nil
        }
    }
}
