import NIOCore
import NIOPosix

extension CirclesServer {
    /// Makes NIO's event loops (the ones the server reads and writes on) Swift concurrency's
    /// global executor, so that work resumed from other threads (a reply from the Dispatcher)
    /// lands on a thread that can write to a socket. Call once, first thing in the process's
    /// `main`. Returns false when the platform does not support it (the server works either way).
    @discardableResult
    public static func runConcurrencyOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}

/// Runs the jobs of tasks that prefer it (`Task(executorPreference:)`) on one event loop: a
/// session's tasks then run on its channel's loop, so reading a frame, answering it and writing
/// the reply need no thread hop.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
