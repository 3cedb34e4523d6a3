#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process named by its pid *and* its start time, so that a pid the system has since given to
/// another process is never mistaken for ours (docs/PROTOCOL.md: a pid is trusted only with its start time).
public struct ProcessIdentity: Equatable, Sendable {
    public var pid: Int32
    /// Linux: field 22 of /proc/<pid>/stat (clock ticks after boot).
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of a running process, or nil when there is no such (non-zombie) process.
    public static func of(pid: Int32) -> ProcessIdentity? {
        guard let (state, start) = stat(pid), state != "Z", state != "X" else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// The identity of a process that exists, zombies included (a child that exited but is not reaped yet).
    public static func ofChild(pid: Int32) -> ProcessIdentity? {
        stat(pid).map { ProcessIdentity(pid: pid, startTime: $0.startTime) }
    }

    /// The state letter and start time from /proc/<pid>/stat.
    private static func stat(_ pid: Int32) -> (state: Substring, startTime: UInt64)? {
        guard pid > 0, let stat = FileSystem.readText("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) may hold spaces and ')': the fields after it follow the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return (fields[0], start)
    }

    /// Whether this very process is still running (same pid, same start time, not a zombie).
    public var isAlive: Bool { Self.of(pid: pid) == self }

    /// Whether some process (not a zombie) has this pid now.
    public static func isRunning(pid: Int32) -> Bool { of(pid: pid) != nil }

    /// This machine's host name, as workers write it in their liveness hash (`host`).
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        return gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "unknown"
    }()
}
