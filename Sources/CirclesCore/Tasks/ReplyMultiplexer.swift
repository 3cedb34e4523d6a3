import Foundation

/// Waits for the replies of many tasks on one thread and one connection: a single
/// `BLPOP wake k1 … kN` over every pending reply list, so that hundreds of concurrent waits
/// need no more threads than one.
///
/// A waiter whose key is not part of the `BLPOP` in flight asks for a wake-up: one element
/// pushed onto this multiplexer's own wake list (`RedisKeys.dispatcherWake`), which is always
/// among the keys, so the wait ends and starts again with the new key. A push that lands
/// before the `BLPOP` reaches the server just ends the next one at once: nothing is missed.
final class ReplyMultiplexer: @unchecked Sendable {
    /// The list whose elements only mean "look at the keys again".
    let wakeKey = RedisKeys.dispatcherWake(TaskClock.newTaskId())

    private let url: RedisURL
    private let condition = NSCondition()
    private var waiters: [String: [Waiter]] = [:]
    private var keyOfWaiter: [UInt64: String] = [:]
    private var nextWaiterId: UInt64 = 0
    /// The keys of the `BLPOP` in flight; nil while none is.
    private var keysInFlight: Set<String>?
    private var wakeRequested = false
    private var isRunning = false
    private var isClosed = false

    /// The longest single `BLPOP`, so that deadlines and `close()` are noticed.
    private static let longestWait = 1.0

    private struct Waiter {
        let id: UInt64
        let taskId: String
        let timeout: Double
        /// Monotonic seconds; infinity for no limit.
        let deadline: Double
        let continuation: CheckedContinuation<String, Error>
    }

    init(url: RedisURL) {
        self.url = url
    }

    /// Registers a wait for one element of `key` and returns its id, and whether the caller
    /// must push onto `wakeKey` (see `wakeCommands`) for the wait to begin promptly.
    /// `timeout` ≤ 0 means no limit. The continuation gets the element, `DispatchError.timedOut`,
    /// a `RedisError` when Redis is lost, or `CancellationError` after `cancel`.
    func add(key: String, taskId: String, timeout: Double, continuation: CheckedContinuation<String, Error>) -> (id: UInt64, needsWake: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if isClosed {
            continuation.resume(throwing: CancellationError())
            return (0, false)
        }
        nextWaiterId += 1
        let deadline = timeout > 0 ? Self.monotonicNow() + timeout : .infinity
        waiters[key, default: []].append(Waiter(id: nextWaiterId, taskId: taskId, timeout: timeout, deadline: deadline, continuation: continuation))
        keyOfWaiter[nextWaiterId] = key
        startIfNeeded()
        condition.signal()
        var needsWake = false
        if let keysInFlight, !keysInFlight.contains(key), !wakeRequested {
            wakeRequested = true
            needsWake = true
        }
        return (nextWaiterId, needsWake)
    }

    /// The commands that wake the multiplexer (the list expires in case nobody pops it).
    var wakeCommands: [[String]] {
        [["LPUSH", wakeKey, "1"], ["EXPIRE", wakeKey, "60"]]
    }

    /// Ends one wait with `result` (an element or an error) unless it already ended.
    func finish(_ id: UInt64, with result: Result<String, Error>) {
        condition.lock()
        let waiter = remove(id)
        condition.unlock()
        waiter?.continuation.resume(with: result)
    }

    /// Ends every wait with `CancellationError` and lets the thread stop.
    func close() {
        condition.lock()
        isClosed = true
        let all = waiters.values.flatMap { $0 }
        waiters = [:]
        keyOfWaiter = [:]
        condition.broadcast()
        condition.unlock()
        for waiter in all { waiter.continuation.resume(throwing: CancellationError()) }
    }

    // MARK: - The thread

    private func startIfNeeded() {
        guard !isRunning else { return }
        isRunning = true
        let thread = Thread { [self] in loop() }
        thread.name = "circles-replies"
        thread.start()
    }

    private func loop() {
        let link = RedisLink(url: url)
        var backoff = 0.05
        while let (keys, timeout) = nextWait() {
            do {
                let connection = try link.current()
                let popped = try connection.blpop([wakeKey] + keys, timeout: timeout)
                backoff = 0.05
                if let popped, popped.key != wakeKey { deliver(popped.value, to: popped.key) }
            } catch let error as RedisError where error.isConnectionLoss && (try? link.current()) != nil {
                // Reconnected at once (a stale socket after a Redis restart): wait again.
            } catch {
                failAll(with: error)
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            }
            expireOverdue()
        }
    }

    /// Blocks until there is something to wait for; nil when closed.
    private func nextWait() -> ([String], Double)? {
        condition.lock()
        defer { condition.unlock() }
        keysInFlight = nil
        while waiters.isEmpty && !isClosed { condition.wait() }
        if isClosed {
            isRunning = false
            return nil
        }
        // BLPOP serves the first non-empty key in argument order: a fresh random order each time
        // keeps a key late in a fixed order from starving while earlier keys keep getting replies.
        let keys = waiters.keys.shuffled()
        keysInFlight = Set(keys)
        wakeRequested = false
        let nearest = waiters.values.lazy.flatMap { $0 }.map(\.deadline).min() ?? .infinity
        let timeout = min(Self.longestWait, max(0.01, nearest - Self.monotonicNow()))
        return (keys, (timeout * 1000).rounded(.up) / 1000)
    }

    private func deliver(_ value: String, to key: String) {
        condition.lock()
        let ready = waiters.removeValue(forKey: key) ?? []
        for waiter in ready { keyOfWaiter[waiter.id] = nil }
        condition.unlock()
        for waiter in ready { waiter.continuation.resume(returning: value) }
    }

    private func expireOverdue() {
        let now = Self.monotonicNow()
        condition.lock()
        let overdue = waiters.values.flatMap { $0 }.filter { $0.deadline <= now }
        for waiter in overdue { _ = remove(waiter.id) }
        condition.unlock()
        for waiter in overdue {
            waiter.continuation.resume(throwing: DispatchError.timedOut(taskId: waiter.taskId, timeout: waiter.timeout))
        }
    }

    private func failAll(with error: Error) {
        condition.lock()
        let all = waiters.values.flatMap { $0 }
        waiters = [:]
        keyOfWaiter = [:]
        condition.unlock()
        for waiter in all { waiter.continuation.resume(throwing: error) }
    }

    /// Removes one waiter (lock held) and returns it.
    private func remove(_ id: UInt64) -> Waiter? {
        guard let key = keyOfWaiter.removeValue(forKey: id), var list = waiters[key],
              let index = list.firstIndex(where: { $0.id == id }) else { return nil }
        let waiter = list.remove(at: index)
        waiters[key] = list.isEmpty ? nil : list
        return waiter
    }

    static func monotonicNow() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
