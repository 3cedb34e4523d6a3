import ArgumentParser
import CirclesCore

/// `circles-dispatch [--circle] …`: submit a script and (unless --no-wait) print its result.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a script to a circle (the default command).")

    @OptionGroup var shared: SharedOptions

    @Option(help: ArgumentHelp("The circle: its public key, or its name (in <launch-data>/state.json, else in the fleet registry in Redis).", valueName: "pk|name"))
    var circle: String

    @Option(name: [.customShort("e"), .customLong("eval")], help: ArgumentHelp("The script text.", valueName: "script"))
    var script: String?

    @Argument(help: ArgumentHelp("A script file, or - for stdin (the default when stdin is piped).", valueName: "file"))
    var file: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds to wait for the result.", valueName: "seconds"))
    var timeout = Dispatcher.defaultTimeout

    @Option(help: ArgumentHelp("The caller's public key, or \"\" for an anonymous caller (default: the circle's own key, full access).", valueName: "pk"))
    var caller: String?

    @Flag(name: .customLong("no-wait"), help: "Print the task id and exit without waiting.")
    var noWait = false

    @Option(name: .customLong("max-script-bytes"), help: ArgumentHelp("Largest script to send; a bigger one is refused (exit 64).", valueName: "bytes"))
    var maxScriptBytes = ScriptSize.defaultLimit

    func validate() throws {
        if script != nil && file != nil { throw ValidationError("Give the script either with -e or as a file, not both.") }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds, got \(timeout).") }
        guard maxScriptBytes > 0 else { throw ValidationError("--max-script-bytes must be more than 0, got \(maxScriptBytes).") }
    }

    func run() async throws {
        try await reportingFailures {
            let target = try CircleTarget(shared: shared)
            let circleKey = try target.resolveCircle(circle)
            let callerId = try caller.map { $0.isEmpty ? "" : try PublicKey(parsing: $0).hex } ?? circleKey.hex
            let text = try scriptText()
            if text.trimmingWhitespace.isEmpty {
                throw UsageError("the script is empty; pass -e SCRIPT, a script file, or pipe a script on stdin")
            }
            if let problem = ScriptSize.problem(text, limit: maxScriptBytes) { throw UsageError(problem) }
            // Redis' answers are bounded by the wait too: a stuck server is a timeout (75) at --timeout.
            let dispatcher = Dispatcher(url: target.redisURL, connections: 1, commandTimeout: min(5, timeout))
            defer { dispatcher.close() }
            if try await dispatcher.registeredWorkers(circle: circleKey) == 0 {
                StandardStreams.error.line("circles-dispatch: no worker serves this circle (\(circle)); the task waits in its queue until a worker starts (circles-spawn, circles start)")
            }
            if noWait {
                let taskId = try await dispatcher.submit(script: text, circle: circleKey, caller: callerId, timeout: timeout)
                StandardStreams.output.line(shared.json ? "{\"taskId\":\(JSONText.quote(taskId))}" : taskId)
                return
            }
            let record = try await dispatcher.run(script: text, circle: circleKey, caller: callerId, timeout: timeout)
            try TaskPrinter(json: shared.json).printResult(record)
        }
    }

    private func scriptText() throws -> String {
        if let script { return script }
        if let file, file != "-" {
            guard let text = FileSystem.readText(file) else {
                throw UsageError("\(file): cannot be read (\(FileSystem.lastErrorText())); give a readable script file, -e SCRIPT, or - for stdin")
            }
            return text
        }
        guard file == "-" || InputReader.standardInputIsPiped else {
            throw UsageError("no script given; pass -e SCRIPT, a script file, or pipe the script on stdin")
        }
        return InputReader.argumentOrStandardInput("-")
    }
}
