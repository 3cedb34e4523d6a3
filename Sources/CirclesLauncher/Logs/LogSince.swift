import CirclesCore
import Foundation

/// `circles logs --since WHEN`: a time back from now (`30s`, `10m`, `2h`, `1d`) or a UTC time
/// (`2026-01-31T12:00:00Z`, with or without milliseconds, `T` or a space), as the `LogLine`
/// timestamp lines are compared with.
public enum LogSince {
    public static func timestamp(_ text: String, now: Double = TaskClock.currentSeconds()) throws -> String {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count >= 0, count.isFinite {
            return TaskClock.text(ofSeconds: now - count * unit)
        }
        var utc = text.replacingOccurrences(of: " ", with: "T")
        if !utc.hasSuffix("Z") { utc += "Z" }
        if utc.count == 20 { utc.insert(contentsOf: ".000", at: utc.index(utc.startIndex, offsetBy: 19)) }
        guard let seconds = TaskClock.seconds(of: utc) else {
            throw UsageError("--since \"\(text)\" is neither a time back from now (30s, 10m, 2h, 1d) nor a UTC time like 2026-01-31T12:00:00Z")
        }
        return TaskClock.text(ofSeconds: seconds)
    }
}
