import Foundation

/// A task executor with a thread of its own. The whole test run shares one cooperative pool (two
/// threads on a 2-core machine) and many tests block it (sockets, polls, long scripts); a server
/// under test that runs with this executor as its preference (`Task(executorPreference:)`, which
/// its child tasks and default actors inherit) answers however busy that pool is.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts the thread, named `name`; it lives as long as the test process.
    public init(name: String) {
        let thread = Thread { [self] in serve() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
