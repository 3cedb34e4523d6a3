/// One line of a circles program's log, the one format every program writes (through
/// `LineLogHandler`) and `circles logs` reads back:
/// `2026-01-31T12:00:00.123Z info circles-worker: task 0f8f… from anonymous completed in 1.2 ms`
/// — an RFC 3339 UTC timestamp with milliseconds (so text order is time order), the swift-log
/// level, the program's label, and the message with any metadata as ` key=value` after it.
public struct LogLine: Equatable, Sendable {
    public var timestamp: String
    public var level: String
    public var label: String
    public var message: String

    public init(timestamp: String = TaskClock.now(), level: String, label: String, message: String) {
        self.timestamp = timestamp
        self.level = level
        self.label = label
        self.message = message
    }

    /// The line as written, without the newline.
    public var text: String { "\(timestamp) \(level) \(label): \(message)" }

    /// Reads a line in this format back; nil for anything else (a child's raw output, a crash trace).
    public init?(parsing line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].count == 24, parts[0].hasSuffix("Z"), parts[0].dropFirst(10).first == "T",
              Self.levels.contains(String(parts[1])), parts[2].hasSuffix(":") else { return nil }
        self.init(timestamp: String(parts[0]), level: String(parts[1]), label: String(parts[2].dropLast()), message: String(parts[3]))
    }

    /// swift-log's level names, as the lines spell them.
    static let levels: Set = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}
