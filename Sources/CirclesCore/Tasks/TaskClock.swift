import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Task ids and timestamps as the protocol writes them.
public enum TaskClock {
    /// Now as RFC 3339 UTC with milliseconds, e.g. `2025-01-31T12:00:00.123Z`.
    public static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1, 2) + "-" + padded(parts.tm_mday, 2)
            + "T" + padded(parts.tm_hour, 2) + ":" + padded(parts.tm_min, 2) + ":" + padded(parts.tm_sec, 2)
            + "." + padded(Int32(time.tv_nsec / 1_000_000), 3) + "Z"
    }

    /// A new random UUID v4 in lowercase text.
    public static func newTaskId() -> String {
        UUID().uuidString.lowercased()
    }
}
