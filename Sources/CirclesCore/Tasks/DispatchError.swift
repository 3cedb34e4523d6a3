/// What can go wrong waiting for a task, besides Redis itself (`RedisError`, exit 69).
public enum DispatchError: Failure, Equatable {
    /// No reply came within the timeout (exit 75). The task may still finish: check it later.
    case timedOut(taskId: String, timeout: Double)
    /// The reply pushed for a task is not a task record (exit 1).
    case malformedReply(taskId: String, reason: String)

    public var exitCode: Int32 {
        switch self {
        case .timedOut: ExitStatus.timedOut
        case .malformedReply: ExitStatus.failure
        }
    }

    public var description: String {
        switch self {
        case let .timedOut(taskId, timeout):
            "task \(taskId) did not finish within \(Self.format(timeout)) s; check it later with `circles-dispatch status \(taskId)`, or give a longer --timeout"
        case let .malformedReply(taskId, reason):
            "the reply for task \(taskId) is not a task record (\(reason)); check what else writes to its reply list"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
