import ArgumentParser
import CirclesCore
import CirclesVersion

@main
struct Dispatch: AsyncParsableCommand {
    /// The program's entry: `run()` as a task, without `dispatch_main` (see `runAsProgram`).
    static func main() { runAsProgram() }

    static let configuration = CommandConfiguration(
        commandName: "circles-dispatch",
        abstract: "Send a Rhai script to a circle's worker and print its result; look up, retry or cancel a task.",
        discussion: """
            The script comes from -e, a file, or stdin ('-', or piped). The output (the script's final value, as Rhai's to_string renders it) goes to stdout, print lines to stderr; --json prints the whole task record instead. A circle is named by its public key or by its name in <launch-data>/state.json or, when that does not know it, in the fleet registry in Redis (any host's circle; a name two circles share there is refused). Options: circles-dispatch send --help.

            Examples:
              echo 'let x = 40; x + 2' | circles-dispatch --circle 02ab…
              circles-dispatch --circle alice -e 'db_set("greeting", "hi"); db_get("greeting")'
              circles-dispatch --circle alice init.rhai --timeout 60 --json
              circles-dispatch --circle bob --redis-url redis://10.0.0.1:6379 -e 1   (bob runs on another host)
              circles-dispatch --circle alice --caller 03cd… -e 'db_keys()'
              id=$(circles-dispatch --circle alice --no-wait -e 'heavy()'); circles-dispatch status "$id"
              circles-dispatch retry "$id"        (a task that finished as error runs again)
              circles-dispatch cancel "$id"       (a task still queued is taken off the queue)

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current,
        subcommands: [Send.self, Status.self, Retry.self, Cancel.self],
        defaultSubcommand: Send.self)
}
