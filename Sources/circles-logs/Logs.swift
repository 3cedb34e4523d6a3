import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion
import Foundation

@main
struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-logs",
        abstract: "Show the logs of circles (and of the servers) merged in time order, each line prefixed by its circle.",
        discussion: """
            Reads launch_data/logs/: a circle's worker log (worker-<pk>.log, which also holds the supervisor's line for every restart), the WebSocket servers' (ws-<port>), the private Redis' and a detached supervisor's (circles-spawn). Without NAME, all of them. Lines are ordered by their timestamp; lines without one (raw output) stay after the line before them. With -f, new lines are shown as they are written, through worker restarts and log truncation, until Ctrl+C. Colour only on a terminal. --json: one object per line (source, timestamp, text).

            Examples:
              circles-logs                           everything, merged
              circles logs alpha -f                  follow one circle
              circles logs "Dunia Cybercity" beta -n 50
              circles logs --since 10m               the last ten minutes
              circles logs --since 2026-01-31T12:00:00Z -f

            Exit codes: 0 ok (Ctrl+C ends -f), 1 nothing was launched, 64 usage (an unknown circle, a bad --since).
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("Circles by name or public key (default: every circle, the servers and Redis).", valueName: "name|pk"))
    var circles: [String] = []

    @Flag(name: [.short, .long], help: "Keep showing new lines as they are written.")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Show the last LINES lines (default: all; with -f, 10).", valueName: "lines"))
    var lines: Int?

    @Option(help: ArgumentHelp("Only lines from this time on: 30s, 10m, 2h, 1d back, or a UTC time like 2026-01-31T12:00:00Z.", valueName: "when"))
    var since: String?

    /// How often -f looks for new lines, in seconds.
    static let followInterval: UInt32 = 100_000

    func validate() throws {
        if let lines, lines < 0 { throw ValidationError("--lines must be 0 or more, got \(lines).") }
    }

    func run() throws {
        try reportingFailures {
            let files = LaunchData(shared.launchData)
            guard let state = try files.stateStore.read(), !state.circles.isEmpty else {
                StandardStreams.error.line("circles-logs: nothing was launched from \(shared.launchData); start circles with circles-spawn (or pass --launch-data)")
                throw ExitCode.failure
            }
            let log = MergedLog(sources: try LogSource.select(circles, state: state, files: files))
            let color = TextTable.colorsOutput(shared.color) && !shared.json
            let since = try self.since.map { try LogSince.timestamp($0) }
            show(log.tail(limit: lines ?? (follow && since == nil ? 10 : nil), since: since), of: log, color: color)
            while follow {
                usleep(Self.followInterval)
                show(log.appended(), of: log, color: color)
            }
        }
    }

    private func show(_ lines: [MergedLog.Line], of log: MergedLog, color: Bool) {
        for line in lines {
            if shared.json {
                let object: JSONValue = .object(["source": .string(line.prefix), "timestamp": line.timestamp.map(JSONValue.string) ?? .null, "text": .string(line.text)])
                StandardStreams.output.line(object.jsonText)
            } else {
                StandardStreams.output.line(log.render(line, color: color))
            }
        }
        StandardStreams.output.flush()
    }
}
