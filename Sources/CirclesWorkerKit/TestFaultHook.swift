import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A crash on demand, for the tests of recovery and quarantine (docs/PROTOCOL.md §2), in debug
/// builds only: when the environment variable `CIRCLES_TEST_ABORT_MARKER` is set to a non-empty
/// text, a task whose script contains that text makes the worker `abort()` as it starts running
/// it, the way a crash in the engine would. Release builds have no such hook.
enum TestFaultHook {
    #if DEBUG
    private static let abortMarker = ProcessInfo.processInfo.environment["CIRCLES_TEST_ABORT_MARKER"].flatMap { $0.isEmpty ? nil : $0 }
    #endif

    /// Aborts the process when `script` carries the marker (debug builds with the variable set).
    static func beforeRunning(_ script: String) {
        #if DEBUG
        guard let abortMarker, script.contains(abortMarker) else { return }
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        #else
        setrlimit(RLIMIT_CORE, &noCore)
        #endif
        abort()
        #endif
    }
}
