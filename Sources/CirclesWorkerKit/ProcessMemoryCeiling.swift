import CirclesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The backstop behind the task memory account: a hard ceiling on the worker process's data
/// (RLIMIT_DATA: heap and private writable mappings), so that even a path the account misses
/// ends in a failed allocation of this one process (it exits and is restarted) and never in
/// the kernel's OOM killer picking processes across the machine.
public enum ProcessMemoryCeiling {
    /// Room above the task limit for everything else the worker holds (its stacks among them).
    public static let headroom = 1 << 30

    /// Sets the ceiling to what the process holds now, plus twice `taskLimit`, plus `headroom`.
    /// Returns the ceiling in bytes, or nil when it could not be set (or `taskLimit` is 0).
    @discardableResult
    public static func apply(taskLimit: Int) -> Int? {
        guard taskLimit > 0 else { return nil }
        let ceiling = currentData() + 2 * taskLimit + headroom
        var limit = rlimit()
        #if os(Linux)
        let resource = Int32(RLIMIT_DATA.rawValue)
        #else
        let resource = RLIMIT_DATA
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        guard rlim_t(ceiling) <= limit.rlim_max else { return nil }  // RLIM_INFINITY is the largest value
        limit.rlim_cur = rlim_t(ceiling)
        return setrlimit(resource, &limit) == 0 ? ceiling : nil
    }

    /// The process's data size now (Linux: VmData of /proc/self/status; elsewhere 0).
    static func currentData() -> Int {
        guard let status = FileSystem.readText("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmData:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
