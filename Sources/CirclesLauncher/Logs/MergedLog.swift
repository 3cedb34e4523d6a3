import CirclesCore

/// The lines of several log files in time order, each with its source's prefix, for
/// `circles logs`: first the last ones (`tail`), then, to follow, what is appended (`appended`).
/// Lines are ordered by their `LogLine` timestamp; a line without one (a child's raw output, a
/// crash trace) takes the time of the line before it in the same file, so it stays where it was.
public final class MergedLog {
    public struct Line: Sendable, Equatable {
        public var prefix: String
        /// The line's time, or that of the line before it in its file; nil when none is known.
        public var timestamp: String?
        public var text: String
    }

    public let sources: [LogSource]
    private let readers: [LogFileReader]
    private var lastTimestamps: [String?]

    public init(sources: [LogSource]) {
        self.sources = sources
        readers = sources.map { LogFileReader(path: $0.path) }
        lastTimestamps = sources.map { _ in nil }
    }

    /// The last lines of all files in time order: at most `limit` (nil: all), none before `since`
    /// (a `LogLine` timestamp; lines of unknown time are left out too then).
    public func tail(limit: Int?, since: String?) -> [Line] {
        var lines: [(Line, Int, Int)] = []
        for index in readers.indices {
            let texts = readers[index].tail { lines in
                if let limit, lines.count >= limit { return true }
                guard let since, let oldest = lines.lazy.compactMap({ LogLine(parsing: $0) }).first else { return false }
                return oldest.timestamp < since
            }
            lines += stamped(texts, source: index).enumerated().map { ($1, index, $0) }
        }
        if let since { lines.removeAll { ($0.0.timestamp ?? "") < since } }
        let ordered = Self.ordered(lines)
        return limit.map { Array(ordered.suffix($0)) } ?? ordered
    }

    /// The whole lines appended to any file since the last call, in time order.
    public func appended() -> [Line] {
        Self.ordered(readers.indices.flatMap { index in stamped(readers[index].appended(), source: index).enumerated().map { ($1, index, $0) } })
    }

    /// `prefix | text`, the prefixes padded to one width and coloured when `color` is set.
    public func render(_ line: Line, color: Bool) -> String {
        let width = sources.map(\.prefix.count).max() ?? 0
        let padded = line.prefix.padding(toLength: width, withPad: " ", startingAt: 0)
        guard color, let index = sources.firstIndex(where: { $0.prefix == line.prefix }) else { return "\(padded) | \(line.text)" }
        return "\u{1b}[\(LogSource.palette[index % LogSource.palette.count])m\(padded) |\u{1b}[0m \(line.text)"
    }

    private func stamped(_ texts: [String], source: Int) -> [Line] {
        texts.map { text in
            if let parsed = LogLine(parsing: Substring(text)) { lastTimestamps[source] = parsed.timestamp }
            return Line(prefix: sources[source].prefix, timestamp: lastTimestamps[source], text: text)
        }
    }

    /// By time, then by source, then by position in the file.
    private static func ordered(_ lines: [(line: Line, source: Int, position: Int)]) -> [Line] {
        lines.sorted { ($0.line.timestamp ?? "", $0.source, $0.position) < ($1.line.timestamp ?? "", $1.source, $1.position) }.map(\.line)
    }
}
