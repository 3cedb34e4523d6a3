import CirclesCore
import Testing

/// The one log line format, written by every program and read back by `circles logs`.
@Suite struct LogLineTests {
    @Test func writtenLinesReadBack() {
        let line = LogLine(timestamp: "2026-01-31T12:00:00.123Z", level: "warning", label: "circles-spawn", message: "worker a b: c (pid 7)")
        #expect(line.text == "2026-01-31T12:00:00.123Z warning circles-spawn: worker a b: c (pid 7)")
        #expect(LogLine(parsing: Substring(line.text)) == line)
        let now = LogLine(level: "info", label: "circles-worker", message: "")
        #expect(LogLine(parsing: Substring(now.text)) == now)
    }

    @Test func otherTextIsNotALine() {
        for text in ["", "Fatal error: boom", "2026-01-31 12:00:00 info x: y", "2026-01-31T12:00:00.123Z loud x: y",
                     "2026-01-31T12:00:00.123Z info x y", "2026-01-31T12:00:00+0000 info x: y"] {
            #expect(LogLine(parsing: Substring(text)) == nil, "\(text)")
        }
    }
}
