import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-status",
        abstract: "Show what circles-spawn started and whether it is alive.",
        discussion: """
            Reads launch_data/state.json and checks each part: a worker is alive when its process (pid and start time) runs and its liveness key in Redis is fresh; a server when GET /livez answers 200. Shows restarts and init script results: a table on a terminal, NDJSON otherwise or with --json (one line per circle, "kind":"circle", then the servers and Redis). Exit 1 when anything is down or nothing was launched.

            Examples:
              circles-status
              circles-status --json | jq 'select(.kind == "circle") | .alive'
              circles-status --launch-data /srv/circles/launch_data

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    func run() throws {
        try reportingFailures {
            guard let state = try LaunchData(shared.launchData).stateStore.read(), !state.circles.isEmpty else {
                StandardStreams.error.line("circles-status: nothing was launched from \(shared.launchData); start circles with circles-spawn (or pass --launch-data)")
                throw ExitCode.failure
            }
            let report = StatusReport.collect(state)
            if shared.json || !StandardStreams.output.isTerminal {
                StandardStreams.output.write(report.ndjson())
            } else {
                StandardStreams.output.write(report.table(color: TextTable.colorsOutput(shared.color)))
            }
            if !report.allAlive { throw ExitCode.failure }
        }
    }
}
