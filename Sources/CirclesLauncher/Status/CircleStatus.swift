import CirclesCore
import Foundation

/// What runs, alive or not: the state file checked against the processes (pid with start time),
/// the workers' liveness keys and the servers' `/livez`.
public struct StatusReport: Sendable {
    public struct Circle: Sendable, Encodable {
        public var kind = "circle"
        public var name: String
        public var publicKey: String
        public var queue: String
        public var wsURL: String?
        public var workerStatus: String
        public var pid: Int32?
        /// The pid is ours and runs (direct mode); nil when the service manager owns the process.
        public var processAlive: Bool?
        /// Seconds since the last heartbeat; nil when there is no liveness key.
        public var heartbeatAge: Double?
        public var restarts: Int
        public var alive: Bool
        public var initStatus: String?
        public var initOutput: String?
        public var initError: String?
        /// From the circle's Redis keys (`CircleActivity`); nil while Redis does not answer.
        public var queued: Int?
        public var processing: Int?
        public var workersAlive: Int?
        /// Tasks finished, and of those finished as `error` (`circles:stats:<pk>`).
        public var tasksDone: Int?
        public var tasksFailed: Int?
        public var lastError: String?
        public var lastErrorTask: String?
        public var lastErrorAt: String?

        mutating func add(_ activity: CircleActivity) {
            queued = activity.queued
            processing = activity.processing
            workersAlive = activity.workersAlive
            tasksDone = activity.statistics.finished
            tasksFailed = activity.statistics.errored
            lastError = activity.statistics.lastError
            lastErrorTask = activity.statistics.lastErrorTask
            lastErrorAt = activity.statistics.lastErrorAt
        }
    }

    public struct Server: Sendable, Encodable {
        public var kind = "server"
        public var port: Int
        public var url: String
        public var pid: Int32?
        public var alive: Bool
    }

    public struct Redis: Sendable, Encodable {
        public var kind = "redis"
        public var url: String
        public var managed: Bool
        public var pid: Int32?
        public var alive: Bool
    }

    public var mode: String
    public var circles: [Circle]
    public var servers: [Server]
    public var redis: Redis?

    /// True when every circle, server and Redis is alive.
    public var allAlive: Bool {
        !circles.isEmpty && circles.allSatisfy(\.alive) && servers.allSatisfy(\.alive) && (redis?.alive ?? true)
    }

    /// Checks everything the state names.
    public static func collect(_ state: LaunchState) -> StatusReport {
        let direct = state.mode == .direct
        let redisURL = state.redis.flatMap { try? RedisURL(parsing: $0.connectionText()) }
        let connection = redisURL.flatMap { try? RedisConnection.connect(url: $0, connectTimeout: 1, commandTimeout: 2) }
        let keys = state.circles.map { try? PublicKey(parsing: $0.publicKey) }
        let ttls: [RedisReply]? = connection.flatMap { connection in
            try? connection.pipeline(zip(state.circles, keys).map { circle, key in
                ["PTTL", key.map { RedisKeys.worker($0, circle.worker.workerId) } ?? ""]
            })
        }
        let known = keys.compactMap { $0 }
        let activities = connection.flatMap { try? CircleActivity.read(known, on: $0) }
            .map { Dictionary(zip(known, $0), uniquingKeysWith: { first, _ in first }) } ?? [:]
        var circles = state.circles.enumerated().map { index, circle in
            let processAlive: Bool? = direct ? identity(circle.worker.pid, circle.worker.pidStartTime)?.isAlive ?? false : nil
            // The liveness key expires `livenessTTL` after the last heartbeat, so its TTL tells the age.
            let age: Double? = ttls.flatMap { $0[index].integer }.flatMap {
                $0 >= 0 ? Double(max(0, Int64(RedisKeys.livenessTTL) * 1000 - $0)) / 1000 : nil
            }
            let server = state.servers.first { $0.port == circle.port } ?? state.servers.first
            return Circle(
                name: circle.name, publicKey: circle.publicKey, queue: keys[index].map(RedisKeys.tasks) ?? "",
                wsURL: server.map { "\($0.url)/\(circle.publicKey)" }, workerStatus: circle.worker.status.rawValue,
                pid: circle.worker.pid, processAlive: processAlive, heartbeatAge: age, restarts: circle.worker.restarts,
                alive: age != nil && processAlive != false,
                initStatus: circle.initResult?.status, initOutput: circle.initResult?.output, initError: circle.initResult?.error)
        }
        for index in circles.indices {
            if let activity = keys[index].flatMap({ activities[$0] }) { circles[index].add(activity) }
        }
        let servers = state.servers.map { server in
            let port = server.port
            let healthy = Network.httpStatus(url: server.url.replacingOccurrences(of: "ws://", with: "http://") + "/livez", timeout: 1) == 200
            let processAlive = direct ? identity(server.pid, server.pidStartTime)?.isAlive ?? false : true
            return Server(port: port, url: server.url, pid: server.pid, alive: healthy && processAlive)
        }
        let redis = state.redis.map { record in
            Redis(url: redisURL?.redacted ?? record.url, managed: record.managed, pid: record.pid, alive: connection != nil)
        }
        return StatusReport(mode: state.mode.rawValue, circles: circles, servers: servers, redis: redis)
    }

    private static func identity(_ pid: Int32?, _ start: UInt64?) -> ProcessIdentity? {
        guard let pid, let start else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    // MARK: - Output

    /// One NDJSON line per circle, then (unless `circlesOnly`) per server, then Redis (snake_case keys).
    public func ndjson(circlesOnly: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var items: [any Encodable] = circles
        if !circlesOnly { items += servers as [any Encodable] + (redis.map { [$0] } ?? []) }
        return items.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) + "\n" }.joined()
    }

    /// The table of circles, with a line for the servers and Redis. `wide` shows every column in
    /// full; otherwise keys are shortened, long texts cut, and when the table is wider than
    /// `width` whole columns are left out (a URL is left out, never cut), said in a last line.
    public func table(color: Bool, wide: Bool = false, width: Int? = TextTable.terminalWidth) -> String {
        func cut(_ text: String) -> String { wide ? text.split(separator: "\n").joined(separator: " ") : Self.oneLine(text) }
        let rows: [[TextTable.Cell]] = circles.map { circle in
            let state = circle.alive ? TextTable.Cell("alive", color: TextTable.green)
                : TextTable.Cell(circle.workerStatus == "running" ? "down" : circle.workerStatus, color: TextTable.red)
            let initCell: TextTable.Cell = switch circle.initStatus {
            case "completed"?: TextTable.Cell("ok: " + cut(circle.initOutput ?? ""), color: TextTable.green)
            case "error"?: TextTable.Cell("error: " + cut(circle.initError ?? ""), color: TextTable.red)
            case let other?: TextTable.Cell(other)
            case nil: "-"
            }
            func count(_ value: Int?) -> TextTable.Cell { TextTable.Cell(value.map(String.init) ?? "?") }
            let done = circle.tasksDone.map { done in "\(done)" + (circle.tasksFailed.map { $0 > 0 ? " (\($0) failed)" : "" } ?? "") } ?? "?"
            return [
                TextTable.Cell(circle.name), TextTable.Cell(wide ? circle.publicKey : TextTable.short(circle.publicKey)), state,
                TextTable.Cell(circle.pid.map(String.init) ?? "-"), TextTable.Cell(String(circle.restarts)),
                TextTable.Cell(circle.heartbeatAge.map { String(format: "%.1fs", $0) } ?? "-"),
                count(circle.queued), count(circle.processing), count(circle.workersAlive), TextTable.Cell(done),
                circle.lastError.map { TextTable.Cell(cut($0), color: TextTable.red) } ?? "-",
                TextTable.Cell(circle.wsURL ?? "-"), initCell,
            ]
        }
        let headers = ["NAME", "PUBLIC KEY", "WORKER", "PID", "RESTARTS", "HEARTBEAT", "QUEUED", "RUNNING", "WORKERS", "DONE", "LAST ERROR", "WEBSOCKET", "INIT"]
        let table = TextTable(headers: headers, rows: rows)
        var text: String
        if wide || width == nil {
            text = table.render(color: color)
        } else {
            // Left out first: the init result, the URL, the heartbeat, the restarts, the pid, the worker count, the last error.
            let rendered = table.render(color: color, width: width!, dropOrder: [12, 11, 5, 4, 3, 8, 10])
            text = rendered.text
            if !rendered.dropped.isEmpty {
                text += "(left out to fit \(width!) columns: \(rendered.dropped.joined(separator: ", ")); --wide shows them)\n"
            }
        }
        for server in servers {
            text += "server \(server.url) pid \(server.pid.map(String.init) ?? "-"): \(server.alive ? "healthy" : "down")\n"
        }
        if let redis {
            text += "redis \(redis.url)\(redis.managed ? " (private)" : ""): \(redis.alive ? "up" : "down")\n"
        }
        return text
    }

    static func oneLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}
