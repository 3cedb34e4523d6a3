import CirclesCore
import Foundation

/// Cuts the worker's blocking take short when it is asked to stop, so that an idle worker stops
/// within milliseconds rather than at the end of its `BLMOVE` timeout: `CLIENT UNBLOCK` on the
/// taking connection, sent over a short-lived connection of its own. An unblocked `BLMOVE`
/// answers as on a timeout (no id moved), so no task can be lost by it.
///
/// The worker brackets each blocking take with `beginWait`/`endWait`; `interrupt` runs after the
/// stop flag is set. Either the worker sees the flag in `beginWait`, or `interrupt` sees the wait
/// and repeats `CLIENT UNBLOCK` until Redis has blocked the take and lets it go.
final class TakeInterrupter: @unchecked Sendable {
    private let url: RedisURL
    /// How long `interrupt` keeps trying: the take returns by itself after this anyway.
    private let patience: Double
    private let lock = NSLock()
    private var waiting = false
    private var clientId: String?
    /// `RedisLink.connects` when `clientId` was read.
    private var clientOfConnect = 0

    init(url: RedisURL, takeTimeout: Double) {
        self.url = url
        patience = takeTimeout + 1
    }

    /// On the worker's thread, before a blocking take on `link`: learns the connection's client id
    /// (one `CLIENT ID` per connection) and marks the wait begun. Returns false, marking nothing,
    /// when a stop was requested already.
    func beginWait(_ link: RedisLink, unlessStopped stop: StopSignal) -> Bool {
        if link.connects != clientOfConnect || clientId == nil {
            let id = (try? link.current().command(["CLIENT", "ID"]).integer).map { String($0) }
            lock.withLock {
                clientId = id
                clientOfConnect = link.connects
            }
        }
        lock.withLock { waiting = true }
        if stop.isSet {
            endWait()
            return false
        }
        return true
    }

    /// On the worker's thread, once the take has returned.
    func endWait() {
        lock.withLock { waiting = false }
    }

    /// After the stop flag is set: lets a blocked take go. Returns when it did, when the worker
    /// is not waiting, when Redis cannot be reached (the worker's own retry loop wakes on the stop
    /// flag) or after `patience`.
    func interrupt() {
        let deadline = MonotonicClock.now() + patience
        var connection: RedisConnection?
        while MonotonicClock.now() < deadline {
            guard let id = lock.withLock({ waiting ? clientId : nil }) else { return }
            do {
                let unblocker = try connection ?? RedisConnection.connect(url: url, connectTimeout: 1, commandTimeout: 1)
                connection = unblocker
                if try unblocker.command(["CLIENT", "UNBLOCK", id]).integer == 1 { return }
            } catch {
                return
            }
            usleep(2_000)  // the take is on its way to Redis (or behind the previous task's finish)
        }
    }
}
