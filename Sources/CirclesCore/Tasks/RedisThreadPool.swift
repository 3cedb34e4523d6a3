import Foundation

/// A few dedicated threads, each owning one Redis connection, that run blocking hiredis calls
/// for async callers, so that no cooperative thread ever waits on a socket.
///
/// Threads start on first use. A thread connects lazily and reconnects when its connection was
/// lost; an idempotent job that fails because the connection dropped is retried once on a
/// fresh connection (a stale socket after a Redis restart then costs nothing).
final class RedisThreadPool: @unchecked Sendable {
    private let url: RedisURL
    private let size: Int
    private let name: String
    private let commandTimeout: Double
    private let condition = NSCondition()
    private var jobs = JobQueue()
    private var startedThreads = 0
    private var idleThreads = 0
    private var isClosed = false

    init(url: RedisURL, size: Int, name: String, commandTimeout: Double) {
        self.url = url
        self.commandTimeout = commandTimeout
        self.size = size
        self.name = name
    }

    /// Runs `body` with a connection on one of the pool's threads and returns its result.
    func perform<T>(idempotent: Bool, _ body: @escaping (RedisConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            perform(idempotent: idempotent, body) { continuation.resume(with: $0) }
        }
    }

    /// Runs `body` with a connection on one of the pool's threads, then `completion` (on that thread).
    func perform<T>(idempotent: Bool, _ body: @escaping (RedisConnection) throws -> T, completion: @escaping (Result<T, Error>) -> Void) {
        enqueue { link in
            completion(Result { try link.run(idempotent: idempotent, body) })
        }
    }

    /// Lets the threads finish their queued jobs and end.
    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping (RedisLink) -> Void) {
        condition.lock()
        jobs.append(job)
        if idleThreads == 0 && startedThreads < size {
            startedThreads += 1
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(startedThreads)"
            thread.start()
        } else {
            condition.signal()
        }
        condition.unlock()
    }

    private func work() {
        let link = RedisLink(url: url, commandTimeout: commandTimeout)
        while let job = nextJob() {
            job(link)
        }
    }

    private func nextJob() -> ((RedisLink) -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if isClosed { return nil }
            idleThreads += 1
            condition.wait()
            idleThreads -= 1
        }
        return jobs.removeFirst()
    }
}

/// A FIFO of jobs with O(1) removal at the front.
private struct JobQueue {
    private var items: [(RedisLink) -> Void] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(_ job: @escaping (RedisLink) -> Void) {
        items.append(job)
    }

    mutating func removeFirst() -> (RedisLink) -> Void {
        let job = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return job
    }
}
