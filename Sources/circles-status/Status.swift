import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion
import Foundation

@main
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-status",
        abstract: "Show what circles-spawn started and whether it is alive.",
        discussion: """
            Reads launch_data/state.json and checks each part: a worker is alive when its process (pid and start time) runs and its liveness key in Redis is fresh; a server when GET /livez answers 200. Shows restarts, init script results and, per circle, its queue length, tasks processing, workers alive, tasks done (and failed) and the last error (JSON: queued, processing, workers_alive, tasks_done, tasks_failed, last_error, last_error_task, last_error_at; absent while Redis is down): a table on a terminal, NDJSON otherwise or with --json (one line per circle, "kind":"circle", then the servers and Redis). The table fits the terminal: keys are shortened and, when it is still too wide, whole columns are left out (a URL is never cut; the last line says what was left out); --wide shows everything. --watch redraws it every --interval seconds (with --json: one NDJSON snapshot after another). Exit 1 when anything is down or nothing was launched.

            --fleet shows every host's circles instead, from the fleet registry in Redis (the --redis-url, else the one of --launch-data's state): per circle its home host, name, key, state (alive when a worker beats; else what its launcher recorded: down, stopped, failed, starting), workers alive, heartbeat, queue length, tasks running and done, and ws URL (JSON: host, name, public_key, state, alive, workers_alive, heartbeat_age, queued, processing, tasks_done, tasks_failed, ws_url, updated_at). Exit 1 when a circle its launcher calls running has no live worker, 69 when Redis cannot be reached.

            Examples:
              circles-status
              circles-status --json | jq 'select(.kind == "circle") | .alive'
              circles-status --launch-data /srv/circles/launch_data
              circles-status --watch --interval 1
              circles-status --wide
              circles-status --fleet --redis-url redis://10.0.0.1:6379
              circles-status --fleet --json | jq 'select(.alive | not) | .host'

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    @Flag(help: "Show every column in full (keys, URLs, messages), however wide the table gets.")
    var wide = false

    @Flag(help: "Show it again every --interval seconds (the table redrawn, like watch), until Ctrl+C.")
    var watch = false

    @Option(help: ArgumentHelp("Seconds between two looks with --watch.", valueName: "seconds"))
    var interval = 2.0

    @Flag(help: "Every host's circles, from the fleet registry in Redis, instead of this launch_data's.")
    var fleet = false

    func validate() throws {
        guard interval >= 0.1 && interval.isFinite else { throw ValidationError("--interval must be at least 0.1 seconds, got \(interval).") }
    }

    func run() throws {
        if fleet { return try runFleet() }
        try reportingFailures {
            let store = LaunchData(shared.launchData).stateStore
            guard let first = try store.read(), !first.circles.isEmpty else {
                StandardStreams.error.line("circles-status: nothing was launched from \(shared.launchData); start circles with circles-spawn (or pass --launch-data)")
                throw ExitCode.failure
            }
            var state = first
            while true {
                let report = StatusReport.collect(state)
                show(report)
                guard watch else {
                    if !report.allAlive { throw ExitCode.failure }
                    return
                }
                usleep(UInt32(interval * 1_000_000))
                state = try store.read() ?? state
            }
        }
    }

    /// `--fleet`: the registry's circles, once or every --interval seconds.
    private func runFleet() throws {
        try reportingFailures {
            let connection = try RedisConnection.connect(url: try CircleTarget(shared: shared).redisURL, connectTimeout: 2, commandTimeout: 5)
            while true {
                let report = try FleetReport.collect(on: connection)
                if shared.json || !StandardStreams.output.isTerminal {
                    StandardStreams.output.write(report.ndjson())
                } else {
                    let title = watch ? "\u{1b}[H\u{1b}[2JEvery \(interval) s: circles fleet status, \(TaskClock.now())\n\n" : ""
                    let empty = report.circles.isEmpty ? "(no circle in the fleet registry of \(connection.url.redacted))\n" : ""
                    StandardStreams.output.write(title + report.table(color: TextTable.colorsOutput(shared.color), wide: wide) + empty)
                }
                StandardStreams.output.flush()
                guard watch else {
                    if !report.allAlive { throw ExitCode.failure }
                    return
                }
                usleep(UInt32(interval * 1_000_000))
            }
        }
    }

    private func show(_ report: StatusReport) {
        if shared.json || !StandardStreams.output.isTerminal {
            StandardStreams.output.write(report.ndjson())
        } else {
            // Redrawn in place: cursor home, clear the screen, then a title like watch(1)'s.
            let title = watch ? "\u{1b}[H\u{1b}[2JEvery \(interval) s: circles status, \(TaskClock.now())\n\n" : ""
            StandardStreams.output.write(title + report.table(color: TextTable.colorsOutput(shared.color), wide: wide))
        }
        StandardStreams.output.flush()
    }
}
