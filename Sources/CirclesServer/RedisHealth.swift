import CirclesCore
import Dispatch

/// Answers "is Redis up?" for `/health` with a PING on a fresh connection. The blocking hiredis
/// call runs on a Dispatch thread, never on an event loop or the cooperative pool.
struct RedisHealth: Sendable {
    let url: RedisURL
    /// Seconds allowed for connecting and for the PING.
    var timeout = 1.0

    func isUp() async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let connection = try? RedisConnection.connect(url: url, connectTimeout: timeout, commandTimeout: timeout)
                continuation.resume(returning: (try? connection?.command(["PING"])) != nil)
            }
        }
    }
}
