import CirclesCore

/// Prints task records: the output on stdout and the rest on stderr, or the record as JSON.
struct TaskPrinter {
    let json: Bool

    /// A finished task: its output (exit 0), or its error as a `ScriptFailure` (exit 2).
    func printResult(_ record: TaskRecord) throws {
        for line in record.logs ?? [] { StandardStreams.error.line(line) }
        if json { StandardStreams.output.line(record.jsonText) }
        if record.status == .error {
            StandardStreams.output.flush()
            throw ScriptFailure(message: record.error ?? "the task failed without a message")
        }
        if !json { StandardStreams.output.line(record.output ?? "") }
    }

    /// Any task: `status: …` and the other fields worth reading, one per line (for a task that
    /// was running when a worker died, how many did and the latest death).
    func printStatus(_ record: TaskRecord) throws {
        guard !json else { return try printResult(record) }
        if !record.status.isFinished {
            StandardStreams.output.line("status: \(record.status.rawValue)")
            StandardStreams.output.line("updatedAt: \(record.updatedAt)")
            if record.attempts > 0 { StandardStreams.output.line("attempts: \(record.attempts)") }
            if let lastDeath = record.lastDeath { StandardStreams.output.line("lastDeath: \(lastDeath)") }
            return
        }
        StandardStreams.output.line("status: \(record.status.rawValue)")
        try printResult(record)
    }
}

/// The worker reported a script error (exit 2); the message is Rhai's, with its position.
struct ScriptFailure: Failure {
    let message: String
    var description: String { message }
    var exitCode: Int32 { ExitStatus.scriptError }
}
