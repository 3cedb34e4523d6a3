import CStartupSignals
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGTERM, SIGINT and SIGHUP into a call on a dedicated thread (no async-signal-safety limits).
enum SignalWaiter {
    /// Blocks SIGTERM, SIGINT and SIGHUP in this thread and every thread started after, and calls
    /// `handler` on a waiting thread each time one arrives (also for one recorded before `main`,
    /// see CStartupSignals). Call it before starting threads.
    static func onTermination(_ handler: @escaping @Sendable () -> Void) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        circles_startup_signals_replay()
        let waited = signals
        let thread = Thread {
            var signals = waited
            while true {
                var received: Int32 = 0
                if sigwait(&signals, &received) == 0 { handler() }
            }
        }
        thread.name = "circles-signals"
        thread.start()
    }
}

/// A stop request that may arrive before there is anything to stop.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var action: (() -> Void)?

    func fire() {
        let action = lock.withLock { () -> (() -> Void)? in
            fired = true
            return self.action
        }
        action?()
    }

    /// Runs `action` on `fire()`, or now when it already fired.
    func whenFired(_ action: @escaping () -> Void) {
        let alreadyFired = lock.withLock { () -> Bool in
            self.action = action
            return fired
        }
        if alreadyFired { action() }
    }
}
