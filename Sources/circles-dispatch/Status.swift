import ArgumentParser
import CirclesCore

/// `circles-dispatch status TASK_ID`: the current record of a task.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a task's record: its status, and its output or error once finished.",
        discussion: "Exit 0 for a pending, running or completed task, 2 for a task that ended in error, 1 for an unknown or expired one.")

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("The task id printed by --no-wait or by a timeout.", valueName: "task-id"))
    var taskId: String

    func run() async throws {
        try await reportingFailures {
            let dispatcher = Dispatcher(url: try CircleTarget(shared: shared).redisURL, connections: 1)
            defer { dispatcher.close() }
            guard let record = try await dispatcher.status(taskId: taskId) else {
                throw TaskControlError.unknownTask(taskId: taskId)
            }
            try TaskPrinter(json: shared.json).printStatus(record)
        }
    }
}
