import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-cleanup",
        abstract: "Stop and remove what circles-spawn started: processes, units/plists, the private Redis.",
        discussion: """
            Stops the supervising circles-spawn and every recorded process whose pid and start time still match (SIGTERM to its process group, --grace seconds, then SIGKILL), removes the systemd units or launchd plists it installed, stops the private redis-server, and marks the state stopped. Keys, databases and logs stay. Running it again does nothing (exit 0).

            Examples:
              circles-cleanup
              circles-cleanup --purge      also delete the circles' Redis keys
              circles-cleanup --launch-data /srv/circles/launch_data --json

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current)

    @Option(help: ArgumentHelp("Seconds between SIGTERM and SIGKILL.", valueName: "seconds"))
    var grace = LaunchPlan.defaultGrace

    @Flag(help: "Also delete the circles' Redis keys (queues, worker sets, liveness keys, processing lists).")
    var purge = false

    @OptionGroup var shared: SharedOptions

    func run() throws {
        try reportingFailures {
            guard grace >= 0 else { throw UsageError("--grace must be 0 or more seconds, got \(grace)") }
            let done = try Cleanup(launchData: shared.launchData, grace: grace, purge: purge).run()
            if shared.json {
                StandardStreams.output.line("{\"done\":[\(done.map(JSONText.quote).joined(separator: ","))]}")
            } else if done.isEmpty {
                StandardStreams.error.line("circles-cleanup: nothing to clean up in \(shared.launchData)")
            } else {
                done.forEach { StandardStreams.error.line("circles-cleanup: \($0)") }
            }
        }
    }
}
