#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on a monotonic clock (`CLOCK_MONOTONIC`): for deadlines and intervals, which a change
/// of the wall clock must not stretch or cut short. Cheap enough for hot paths (no allocation).
public enum MonotonicClock {
    /// Now, in seconds since an arbitrary fixed point.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
