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
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func append(_ value: Int32, _ width: Int32, then separator: Character) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            text.append(separator.asciiValue!)
        }
        append(parts.tm_year + 1900, 4, then: "-")
        append(parts.tm_mon + 1, 2, then: "-")
        append(parts.tm_mday, 2, then: "T")
        append(parts.tm_hour, 2, then: ":")
        append(parts.tm_min, 2, then: ":")
        append(parts.tm_sec, 2, then: ".")
        append(Int32(time.tv_nsec / 1_000_000), 3, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }

    /// A new random UUID v4 in lowercase text.
    public static func newTaskId() -> String {
        UUID().uuidString.lowercased()
    }
}
