import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When a direct-mode child that exited is started again (`--restart`).
public enum RestartPolicy: String, ExpressibleByArgument, CaseIterable, Sendable {
    case never
    /// After a non-zero exit or a signal (the default).
    case onFailure = "on-failure"
    case always

    /// Whether a child that ended with `exit` is restarted.
    public func restarts(after exit: ChildExit) -> Bool {
        switch self {
        case .never: false
        case .onFailure: !exit.isSuccess
        case .always: true
        }
    }
}

/// How a child ended.
public enum ChildExit: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case let .exited(code): "exited with code \(code)"
        case let .signaled(signal): "was killed by signal \(signal)" + (Self.signalNames[signal].map { " (\($0))" } ?? "")
        }
    }

    private static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
        SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
    ]
}

/// Exponential backoff with a crash-loop cap: the n-th restart in a row waits
/// `initialDelay * 2^(n-1)` seconds (at most `maximumDelay`); more than `maximumRestarts` in a
/// row marks the child `failed`. A child that ran `resetAfter` seconds starts a new row.
public struct RestartBackoff: Equatable, Sendable {
    public var initialDelay = 0.2
    public var maximumDelay = 10.0
    public var maximumRestarts = 5
    public var resetAfter = 30.0

    public init() {}

    /// The delay before restart number `attempt` of a row (1-based), or nil when the cap is reached.
    public func delay(attempt: Int) -> Double? {
        guard attempt <= maximumRestarts else { return nil }
        return min(initialDelay * Double(1 << min(attempt - 1, 30)), maximumDelay)
    }
}
