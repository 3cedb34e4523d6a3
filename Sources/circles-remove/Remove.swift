import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-remove",
        abstract: "Take circles out of a running launch; the others keep running.",
        discussion: """
            Asks the supervisor of the launch in --launch-data (a foreground or --detach circles-spawn) to stop the circles' workers and forget them: they leave the state and their server's list (the server reloads it, no restart). Their database, key, log and Redis keys stay, so circles-spawn brings them back as they were; --purge deletes those too (the queue and counters in Redis, circle_db_<pk>.db, the log, the private key file and the name's entry in keys/names.json). Direct mode only.

            Examples:
              circles-remove beta
              circles remove "Dunia Cybercity" --purge

            Exit codes: 0 ok, 1 the supervisor is not running or could not remove a circle, 64 usage (an unknown circle, nothing launched, a service-manager launch), 69 Redis unavailable (--purge), 75 timed out.
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("Circles by name or public key, as circles-status lists them.", valueName: "name|pk"))
    var circles: [String]

    @Flag(help: "Also delete the circles' Redis keys, database, log, key file and names.json entry.")
    var purge = false

    @Option(help: ArgumentHelp("Seconds to wait for the supervisor.", valueName: "seconds"))
    var timeout = 60.0

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds, got \(timeout).") }
    }

    func run() throws {
        try reportingFailures { try CircleRemoval.run(circles, purge: purge, shared: shared, timeout: timeout) }
    }
}
