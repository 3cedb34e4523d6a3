import ArgumentParser
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AsyncParsableCommand {
    /// The entry point of every async circles program: `static func main() { runAsProgram() }`.
    ///
    /// Runs `main(nil)` (parse, `run()`, errors reported as ArgumentParser does) as a task while the main
    /// thread waits for it, then exits 0. Swift's own async entry instead parks the main thread in
    /// `dispatch_main()` at the first suspension, which calls `pthread_exit`: a forced unwind, and in a
    /// static executable libgcc then sorts every frame description entry of the binary (crtbeginT.o
    /// registers the whole `.eh_frame`, so the `.eh_frame_hdr` table is not used) — about 15 ms of CPU
    /// per run, most of a short `circles-dispatch`. Nothing here waits on the main queue (no
    /// `@MainActor` code), so the main thread is free to wait.
    public static func runAsProgram() -> Never {
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await main(nil)
            finished.signal()
        }
        // As dispatch_main does: process-directed signals go to the other threads, and a signal that is
        // set to SIG_IGN for a dispatch signal source stays pending for it (a signal is discarded as
        // ignored only when the main thread does not block it).
        blockAsynchronousSignals()
        finished.wait()
        exitProcess(ExitStatus.success)
    }

    private static func blockAsynchronousSignals() {
        var signals = sigset_t()
        sigfillset(&signals)
        for fault in [SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGPIPE, SIGPROF] {
            sigdelset(&signals, fault)
        }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }
}

/// `exit(3)`, which inside a command's extension the name `exit` does not reach.
private func exitProcess(_ code: Int32) -> Never {
    exit(code)
}
