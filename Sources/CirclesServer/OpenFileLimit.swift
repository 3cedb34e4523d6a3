#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open descriptors (RLIMIT_NOFILE), which bounds the connections a
/// server can accept: past it, accepting fails and nothing new gets in, `/health` included.
public enum OpenFileLimit {
    /// Descriptors kept for what is not a connection (Redis, logs, the listening socket).
    public static let reserve = 64

    /// Raises the soft limit to the hard one (as Go's runtime does at start) and returns the new
    /// soft limit (nil when it cannot be read).
    public static func raiseToHard() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is the largest value: Int.max
    }
}
