import CirclesCore
import Foundation

/// `circles status --fleet`: every circle of the fleet registry in Redis (`FleetRegistry`),
/// whichever host launched it, with what its Redis keys say now (`CircleActivity`).
public struct FleetReport: Sendable {
    public struct Circle: Sendable, Encodable {
        public var kind = "circle"
        public var name: String
        public var publicKey: String
        /// Its home host (`circles-spawn --host-name`).
        public var host: String
        /// What its launcher last recorded: starting, running, stopped or failed.
        public var state: String
        public var wsURL: String
        public var workersAlive: Int
        /// Seconds since the youngest live worker's heartbeat; nil when none lives.
        public var heartbeatAge: Double?
        public var queued: Int
        public var processing: Int
        public var tasksDone: Int
        public var tasksFailed: Int
        /// At least one of its workers beats.
        public var alive: Bool
        public var updatedAt: String
    }

    public var circles: [Circle]

    /// True when every circle its launcher calls running has a live worker.
    public var allAlive: Bool { circles.allSatisfy { $0.alive || $0.state != "running" } }

    /// Reads the registry and each circle's activity (three round trips).
    /// - Throws: `RedisError` when Redis cannot be reached or answers wrongly.
    public static func collect(on connection: RedisConnection) throws -> FleetReport {
        let entries = try FleetRegistry.read(on: connection).filter { (try? PublicKey(parsing: $0.publicKey)) != nil }
        let activities = try CircleActivity.read(entries.map { try PublicKey(parsing: $0.publicKey) }, on: connection)
        return FleetReport(circles: zip(entries, activities).map { entry, activity in
            Circle(name: entry.name, publicKey: entry.publicKey, host: entry.host, state: entry.state, wsURL: entry.wsURL,
                   workersAlive: activity.workersAlive, heartbeatAge: activity.workers.compactMap(\.heartbeatAge).min(),
                   queued: activity.queued, processing: activity.processing,
                   tasksDone: activity.statistics.completed, tasksFailed: activity.statistics.errored,
                   alive: activity.workersAlive > 0, updatedAt: entry.updatedAt)
        })
    }

    /// One NDJSON line per circle (snake_case keys).
    public func ndjson() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return circles.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) + "\n" }.joined()
    }

    /// The table of circles by host; narrower terminals lose the URL, then the heartbeat and counts.
    public func table(color: Bool, wide: Bool = false, width: Int? = TextTable.terminalWidth) -> String {
        let rows: [[TextTable.Cell]] = circles.sorted { ($0.host, $0.name) < ($1.host, $1.name) }.map { circle in
            let state = circle.alive ? TextTable.Cell("alive", color: TextTable.green)
                : TextTable.Cell(circle.state == "running" ? "down" : circle.state, color: circle.state == "stopped" ? nil : TextTable.red)
            let done = "\(circle.tasksDone)" + (circle.tasksFailed > 0 ? " (\(circle.tasksFailed) failed)" : "")
            return [
                TextTable.Cell(circle.host), TextTable.Cell(circle.name), TextTable.Cell(wide ? circle.publicKey : TextTable.short(circle.publicKey)),
                state, TextTable.Cell(String(circle.workersAlive)), TextTable.Cell(circle.heartbeatAge.map { String(format: "%.1fs", $0) } ?? "-"),
                TextTable.Cell(String(circle.queued)), TextTable.Cell(String(circle.processing)), TextTable.Cell(done),
                TextTable.Cell(circle.wsURL.isEmpty ? "-" : circle.wsURL),
            ]
        }
        let table = TextTable(headers: ["HOST", "NAME", "PUBLIC KEY", "STATE", "WORKERS", "HEARTBEAT", "QUEUED", "RUNNING", "DONE", "WEBSOCKET"], rows: rows)
        guard !wide, let width else { return table.render(color: color) }
        let rendered = table.render(color: color, width: width, dropOrder: [9, 5, 8, 7])
        return rendered.text + (rendered.dropped.isEmpty ? "" : "(left out to fit \(width) columns: \(rendered.dropped.joined(separator: ", ")); --wide shows them)\n")
    }
}
