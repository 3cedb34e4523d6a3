import ArgumentParser
import CirclesCore

/// `circles-dispatch retry TASK_ID`: a task that finished as error runs again.
struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a task that finished as error again (same id, script and caller) and print its new result.",
        discussion: """
            The task goes back on its circle's queue as a new attempt (its record's "retries" counts them). Exit codes as for send; 1 when the task is unknown, expired, or did not finish as error.

            Examples:
              circles-dispatch retry 0f8fad5b-d9cb-469f-a165-70867728950e
              circles-dispatch retry --no-wait "$id"
            """)

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("The id of a task that finished as error.", valueName: "task-id"))
    var taskId: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds to wait for the new result.", valueName: "seconds"))
    var timeout = Dispatcher.defaultTimeout

    @Flag(name: .customLong("no-wait"), help: "Print the task id and exit without waiting.")
    var noWait = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds, got \(timeout).") }
    }

    func run() async throws {
        try await reportingFailures {
            let url = try CircleTarget(shared: shared).redisURL
            let bound = min(5, timeout)
            let connection = try RedisConnection.connect(url: url, connectTimeout: bound, commandTimeout: bound)
            _ = try TaskControl.retry(taskId: taskId, on: connection)
            if noWait {
                StandardStreams.output.line(shared.json ? "{\"taskId\":\(JSONText.quote(taskId))}" : taskId)
                return
            }
            let dispatcher = Dispatcher(url: url, connections: 1, commandTimeout: bound)
            defer { dispatcher.close() }
            try TaskPrinter(json: shared.json).printResult(try await dispatcher.awaitResult(taskId: taskId, timeout: timeout))
        }
    }
}
