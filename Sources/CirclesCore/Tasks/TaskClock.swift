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
        return text(seconds: time.tv_sec, milliseconds: Int32(time.tv_nsec / 1_000_000))
    }

    /// A time (seconds since 1970, UTC) in the form of `now()`.
    public static func text(ofSeconds value: Double) -> String {
        let milliseconds = Int((value * 1000).rounded())
        return text(seconds: milliseconds / 1000, milliseconds: Int32(milliseconds % 1000))
    }

    private static func text(seconds: Int, milliseconds: Int32) -> String {
        var seconds = seconds
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
        append(milliseconds, 3, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }

    /// Seconds since 1970 of a timestamp written by `now()` (`2025-01-31T12:00:00.123Z`); nil for other text.
    public static func seconds(of text: String) -> Double? {
        let fields = text.split(whereSeparator: { "-T:.Z".contains($0) }).map { Int32($0) }
        guard text.count == 24, text.hasSuffix("Z"), fields.count == 7, fields.allSatisfy({ $0 != nil }) else { return nil }
        var parts = tm()
        parts.tm_year = fields[0]! - 1900
        parts.tm_mon = fields[1]! - 1
        parts.tm_mday = fields[2]!
        parts.tm_hour = fields[3]!
        parts.tm_min = fields[4]!
        parts.tm_sec = fields[5]!
        return Double(timegm(&parts)) + Double(fields[6]!) / 1000
    }

    /// Now in seconds since 1970 (the clock of `now()`).
    public static func currentSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A new random UUID v4 in lowercase text, e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`.
    /// (From the system CSPRNG directly: Foundation's `UUID()` on Linux opens /dev/urandom and
    /// formats through sprintf on every call, a few microseconds on each task's path.)
    public static func newTaskId() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { SecureRandom.fill($0) }
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // RFC 4122 variant
            let hex = Hex.encode(raw)
            let digits = hex.utf8
            var text: [UInt8] = []
            text.reserveCapacity(36)
            for (index, digit) in digits.enumerated() {
                if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
                text.append(digit)
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
