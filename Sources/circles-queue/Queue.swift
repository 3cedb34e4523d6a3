import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion
import Foundation

@main
struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-queue",
        abstract: "List a circle's tasks waiting in its queue and in its workers' hands, with their age.",
        discussion: """
            Pending tasks come oldest first (the next one a worker takes is at the top), then the tasks being processed, each with its age: how long it has waited since it was sent, or run since a worker took it. A table on a terminal, else NDJSON (one object per task: task_id, state, age_seconds, created_at, updated_at, caller_id, worker_id, attempts), or with --json. A summary goes to stderr. circles-dispatch retry|cancel TASK_ID acts on a listed task.

            Examples:
              circles-queue alpha
              circles queue "Dunia Cybercity" --limit 0
              circles-queue 02ab… --json | jq -r 'select(.state == "pending") | .task_id'

            Exit codes: 0 ok, 64 usage (an unknown circle name or an invalid key), 69 Redis unavailable.
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    @Argument(help: ArgumentHelp("The circle: its public key, or its name (in <launch-data>/state.json, else in the fleet registry in Redis).", valueName: "name|pk"))
    var circle: String

    @Option(name: [.short, .long], help: ArgumentHelp("List at most this many pending tasks, the oldest (0: all).", valueName: "count"))
    var limit = 100

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more, got \(limit).") }
    }

    func run() throws {
        try reportingFailures {
            let target = try CircleTarget(shared: shared)
            let key = try target.resolveCircle(circle)
            let connection = try RedisConnection.connect(url: target.redisURL)
            let listing = try QueueListing.read(key, limit: limit, on: connection)
            let entries = listing.pending + listing.processing
            if shared.json || !StandardStreams.output.isTerminal {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for entry in entries { StandardStreams.output.line(String(decoding: try encoder.encode(entry), as: UTF8.self)) }
            } else if !entries.isEmpty {
                StandardStreams.output.write(table(entries))
            }
            let hidden = listing.pendingTotal - listing.pending.count
            StandardStreams.error.line("circles-queue: \(circle): \(listing.pendingTotal) pending\(hidden > 0 ? " (the oldest \(listing.pending.count) listed; --limit 0 lists all)" : ""), \(listing.processing.count) processing")
        }
    }

    private func table(_ entries: [QueueListing.Entry]) -> String {
        let rows: [[TextTable.Cell]] = entries.map { entry in
            [TextTable.Cell(entry.state), TextTable.Cell(entry.taskId), TextTable.Cell(entry.ageSeconds.map(Self.age) ?? "?"),
             TextTable.Cell(entry.callerId.map { $0.isEmpty ? "anonymous" : TextTable.short($0) } ?? "?"),
             TextTable.Cell(entry.workerId ?? "-"), TextTable.Cell(entry.attempts.map(String.init) ?? "-")]
        }
        return TextTable(headers: ["STATE", "TASK ID", "AGE", "CALLER", "WORKER", "ATTEMPTS"], rows: rows)
            .render(color: TextTable.colorsOutput(shared.color))
    }

    /// `0.4s`, `12s`, `3m05s`, `2h07m`.
    static func age(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
