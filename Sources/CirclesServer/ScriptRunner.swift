import CirclesCore

/// What the server needs to run a script on a circle: submit it, then wait for its record.
/// In the product this is the shared `Dispatcher` of CirclesCore.
public protocol ScriptRunner: Sendable {
    /// Writes the pending task and queues it; returns the task id.
    /// Throws `RedisError` when Redis cannot be reached.
    func submit(script: String, circle: PublicKey, caller: String, timeout: Double) async throws -> String
    /// Waits for the finished record. Throws `DispatchError.timedOut` after `timeout` seconds,
    /// `RedisError` when Redis cannot be reached.
    func awaitResult(taskId: String, timeout: Double) async throws -> TaskRecord
}

/// The shared Dispatcher is the product's runner.
extension Dispatcher: ScriptRunner {}
