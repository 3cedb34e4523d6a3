import Logging

/// The swift-log handler of every circles program: one `LogLine` per message on stderr, written
/// and flushed at once (a pipe to the supervisor gets whole lines, in order).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let given = event.metadata { all.merge(given) { $1 } }
        let extra = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let line = LogLine(level: event.level.rawValue, label: label, message: "\(event.message)\(extra)")
        StandardStreams.error.write(line.text + "\n")  // one write: lines of several threads never interleave
        StandardStreams.error.flush()
    }

    /// Makes every `Logger` of this process a `LineLogHandler`: `-v` shows debug lines, `-vv` and
    /// more trace lines, none of them only info and above. Call once, first thing.
    public static func bootstrap(verbosity: Int) {
        let level: Logger.Level = [.info, .debug, .trace][min(max(verbosity, 0), 2)]
        LoggingSystem.bootstrap { LineLogHandler(label: $0, level: level) }
    }
}
