import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl+C, `kill` and a closed terminal: SIGINT, SIGTERM and SIGHUP call one handler, once.
public enum StopSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs `handler` for SIGINT, SIGTERM and SIGHUP; it runs on a queue of its own, once.
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "stop signals")
        let once = Once()
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)  // the dispatch source gets it instead of the default action
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { if once.first() { handler(number) } }
            source.resume()
            sources.append(source)
        }
    }

    private final class Once: @unchecked Sendable {
        private var done = false
        /// True the first time only (called on one serial queue).
        func first() -> Bool {
            defer { done = true }
            return !done
        }
    }
}
