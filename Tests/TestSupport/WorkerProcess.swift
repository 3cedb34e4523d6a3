import CirclesCore
import Foundation

/// A `circles-worker` process serving one circle on a test Redis, started and ready
/// (its liveness key exists). Killed with SIGKILL when the value goes away.
public final class WorkerProcess {
    public let circle: PublicKey
    public let workerId: String
    public let process: RunningProcess

    /// Starts `circles-worker --circle-public-key … --redis-url … --worker-id …` plus `arguments`
    /// and waits up to `readyWithin` seconds for its liveness key.
    public init(
        circle: PublicKey, redis: TestRedis, workerId: String = UUID().uuidString, databasePath: String,
        arguments: [String] = [], environment: [String: String] = [:], readyWithin: Double = 15
    ) throws {
        self.circle = circle
        self.workerId = workerId
        process = try RunningProcess("circles-worker", [
            "--circle-public-key", circle.hex, "--redis-url", redis.urlText, "--worker-id", workerId, "--db-path", databasePath,
        ] + arguments, environment: environment)
        let connection = try redis.connect()
        let key = RedisKeys.worker(circle, workerId)
        let deadline = Date(timeIntervalSinceNow: readyWithin)
        while (try? connection.command(["EXISTS", key])) != .integer(1) {
            guard process.isRunning else { throw TestRedisError("circles-worker exited before it was ready: \(process.stderr)") }
            guard Date() < deadline else { throw TestRedisError("circles-worker was not ready within \(readyWithin) s: \(process.stderr)") }
            usleep(10_000)
        }
    }

    /// Sends a signal and waits for the exit; returns the exit code (128 + signal when signalled).
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM, within seconds: Double = 20) -> Int32? {
        process.kill(signal)
        return process.wait(timeout: seconds)
    }
}
