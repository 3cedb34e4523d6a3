import ArgumentParser
import CirclesCore

/// `circles-dispatch cancel TASK_ID`: a task still in the queue is taken off it.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a pending task off its circle's queue; it finishes as error (\"cancelled\") without running.",
        discussion: """
            A client waiting for the task gets that error as its reply. Prints the task id (--json: the record). Exit 0 when cancelled; 1 when the task is unknown, expired, already running or finished.

            Examples:
              circles-dispatch cancel 0f8fad5b-d9cb-469f-a165-70867728950e
              circles queue alpha --json | jq -r 'select(.state == "pending") | .task_id' | xargs -n1 circles-dispatch cancel
            """)

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("The id of a pending task (circles queue NAME lists them).", valueName: "task-id"))
    var taskId: String

    func run() async throws {
        try await reportingFailures {
            let connection = try RedisConnection.connect(url: try CircleTarget(shared: shared).redisURL)
            let record = try TaskControl.cancel(taskId: taskId, on: connection)
            StandardStreams.output.line(shared.json ? record.jsonText : taskId)
        }
    }
}
