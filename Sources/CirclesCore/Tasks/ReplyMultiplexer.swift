import Foundation

/// Waits for the replies of many tasks on one thread and one connection.
///
/// Tasks started through this multiplexer name its own list (`ownKey`) as their
/// `replyToQueue`, so one `BLPOP` on that list serves any number of them; a reply is routed by
/// the task id it carries, and replies that queued up meanwhile are taken in one `LPOP … COUNT`.
/// Waits for tasks submitted elsewhere (`Dispatcher.awaitResult`) add the task's own reply key to
/// the `BLPOP`. A waiter whose key is not part of the `BLPOP` in flight asks for a wake-up: the
/// element `wake` pushed onto the own list ends that wait, and the next one includes the new key.
/// A push that lands before the `BLPOP` reaches the server just ends the next one at once.
///
/// After the last reply the thread keeps waiting on the own list for `lingering` seconds, so
/// that a caller sending one task after another never waits for the thread to wake up.
final class ReplyMultiplexer: @unchecked Sendable {
    /// Where a waiter's reply arrives.
    enum Route: Hashable {
        /// On the own list, recognised by this task id.
        case ownList(taskId: String)
        /// As the first element pushed onto this key (a task's default reply list).
        case key(String)
    }

    /// The list that receives the replies of the tasks routed to it, and wake-ups.
    let ownKey = RedisKeys.dispatcherReplies(TaskClock.newTaskId())
    private static let wakeElement = "wake"
    /// The longest single `BLPOP`, so that deadlines and `close()` are noticed.
    private static let longestWait = 1.0
    /// How long the thread keeps listening after the last reply.
    private static let lingering = 1.0
    /// Most replies taken at once after a `BLPOP`.
    private static let batch = 128

    private let url: RedisURL
    private let commandTimeout: Double
    private let condition = NSCondition()
    private var waiters: [Route: [Waiter]] = [:]
    private var routeOfWaiter: [UInt64: Route] = [:]
    /// The routes of waiters that wait on a key of their own (`Route.key`), with their count.
    private var otherKeys: [String: Int] = [:]
    /// No waiter's deadline is earlier (one may be later: removals do not update it).
    private var nearestDeadline = Double.infinity
    private var nextWaiterId: UInt64 = 0
    /// The keys of the `BLPOP` in flight; nil while none is.
    private var keysInFlight: Set<String>?
    private var wakeRequested = false
    private var lastReplyAt = -Double.infinity
    private var isRunning = false
    private var isClosed = false

    private struct Waiter {
        let id: UInt64
        let taskId: String
        let timeout: Double
        /// Monotonic seconds; infinity for no limit.
        let deadline: Double
        let continuation: CheckedContinuation<String, Error>
    }

    init(url: RedisURL, commandTimeout: Double) {
        self.url = url
        self.commandTimeout = commandTimeout
    }

    /// Registers a wait for the reply of `taskId` arriving by `route` and returns its id, and
    /// whether the caller must send `wakeCommands` for the wait to begin promptly.
    /// `timeout` ≤ 0 means no limit. The continuation gets the reply text, `DispatchError.timedOut`,
    /// a `RedisError` when Redis is lost, or `CancellationError` after `finish`/`close`.
    func add(route: Route, taskId: String, timeout: Double, continuation: CheckedContinuation<String, Error>) -> (id: UInt64, needsWake: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if isClosed {
            continuation.resume(throwing: CancellationError())
            return (0, false)
        }
        nextWaiterId += 1
        let deadline = timeout > 0 ? MonotonicClock.now() + timeout : .infinity
        waiters[route, default: []].append(Waiter(id: nextWaiterId, taskId: taskId, timeout: timeout, deadline: deadline, continuation: continuation))
        routeOfWaiter[nextWaiterId] = route
        if case let .key(key) = route { otherKeys[key, default: 0] += 1 }
        nearestDeadline = min(nearestDeadline, deadline)
        startIfNeeded()
        condition.signal()
        var needsWake = false
        if case let .key(key) = route, let keysInFlight, !keysInFlight.contains(key), !wakeRequested {
            wakeRequested = true
            needsWake = true
        }
        return (nextWaiterId, needsWake)
    }

    /// The commands that wake the multiplexer (the own list expires in case nobody pops it).
    var wakeCommands: [[String]] {
        [["LPUSH", ownKey, Self.wakeElement], ["EXPIRE", ownKey, String(RedisKeys.replyTTL)]]
    }

    /// Ends one wait with `result` (a reply text or an error) unless it already ended.
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
        let all = takeAllWaiters()
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
        let link = RedisLink(url: url, commandTimeout: commandTimeout)
        var backoff = 0.05
        while let (keys, timeout) = nextWait() {
            do {
                let connection = try link.current()
                if let popped = try connection.blpop(keys, timeout: timeout) {
                    deliver([popped.value], from: popped.key)
                    if popped.key == ownKey && hasWaiters() {
                        let queued = try connection.command(["LPOP", ownKey, String(Self.batch)])
                        deliver(queued.array?.compactMap { $0.string } ?? [], from: ownKey)
                    }
                }
                backoff = 0.05
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

    /// Blocks until there is something to wait for (or lingers on the own list); nil when closed.
    private func nextWait() -> ([String], Double)? {
        condition.lock()
        defer { condition.unlock() }
        keysInFlight = nil
        while waiters.isEmpty && !isClosed && MonotonicClock.now() - lastReplyAt > Self.lingering { condition.wait() }
        if isClosed {
            isRunning = false
            return nil
        }
        // BLPOP serves the first non-empty key in argument order: a fresh random order each time
        // keeps a key late in a fixed order from starving while earlier keys keep getting replies.
        let keys = [ownKey] + otherKeys.keys.shuffled()
        keysInFlight = Set(keys)
        wakeRequested = false
        let timeout = min(Self.longestWait, max(0.01, nearestDeadline - MonotonicClock.now()))
        return (keys, (timeout * 1000).rounded(.up) / 1000)
    }

    private func hasWaiters() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return !waiters.isEmpty
    }

    /// Hands replies to their waiters; a reply nobody waits for (any more) is dropped.
    private func deliver(_ elements: [String], from key: String) {
        guard !elements.isEmpty else { return }
        condition.lock()
        lastReplyAt = MonotonicClock.now()
        var ready: [(Waiter, String)] = []
        for element in elements {
            let route: Route
            if key == ownKey {
                guard element != Self.wakeElement, let taskId = TaskRecord.taskId(inJSONText: element) else { continue }
                route = .ownList(taskId: taskId)
            } else {
                route = .key(key)
            }
            for waiter in waiters[route] ?? [] {
                _ = remove(waiter.id)
                ready.append((waiter, element))
            }
        }
        condition.unlock()
        for (waiter, element) in ready { waiter.continuation.resume(returning: element) }
    }

    /// Ends the waits whose deadline has passed; looks at all waiters only when one may have.
    private func expireOverdue() {
        let now = MonotonicClock.now()
        condition.lock()
        guard now >= nearestDeadline else { return condition.unlock() }
        let all = waiters.values.joined()
        let overdue = all.filter { $0.deadline <= now }
        nearestDeadline = all.lazy.map(\.deadline).filter { $0 > now }.min() ?? .infinity
        for waiter in overdue { _ = remove(waiter.id) }
        condition.unlock()
        for waiter in overdue {
            waiter.continuation.resume(throwing: DispatchError.timedOut(taskId: waiter.taskId, timeout: waiter.timeout))
        }
    }

    private func failAll(with error: Error) {
        condition.lock()
        let all = takeAllWaiters()
        condition.unlock()
        for waiter in all { waiter.continuation.resume(throwing: error) }
    }

    /// Removes every waiter (lock held) and returns them.
    private func takeAllWaiters() -> [Waiter] {
        let all = waiters.values.flatMap { $0 }
        waiters = [:]
        routeOfWaiter = [:]
        otherKeys = [:]
        nearestDeadline = .infinity
        return all
    }

    /// Removes one waiter (lock held) and returns it.
    private func remove(_ id: UInt64) -> Waiter? {
        guard let route = routeOfWaiter.removeValue(forKey: id), var list = waiters[route],
              let index = list.firstIndex(where: { $0.id == id }) else { return nil }
        let waiter = list.remove(at: index)
        waiters[route] = list.isEmpty ? nil : list
        if case let .key(key) = route {
            otherKeys[key]! -= 1
            if otherKeys[key] == 0 { otherKeys[key] = nil }
        }
        return waiter
    }
}
