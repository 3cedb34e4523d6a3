import Foundation

/// Where a task is in its life (docs/PROTOCOL.md §2): `pending` → `processing` → `completed` | `error`.
public enum TaskStatus: String, Codable, Sendable {
    case pending, processing, completed, error

    /// Whether the task has finished (`completed` or `error`).
    public var isFinished: Bool { self == .completed || self == .error }
}

/// The task record of docs/PROTOCOL.md §2. Every field is a string on the wire: in the Redis hash
/// `rhai_task_details:<task_id>` and in the reply JSON alike (`fields` is the one mapping).
public struct TaskRecord: Sendable, Equatable {
    public var taskId: String
    public var script: String
    public var status: TaskStatus
    /// The caller's public key, or `""` for an anonymous caller.
    public var callerId: String
    /// The circle's public key.
    public var contextId: String
    /// RFC 3339 UTC with milliseconds.
    public var createdAt: String
    public var updatedAt: String
    public var output: String?
    public var error: String?
    public var replyToQueue: String
    /// How long the producer intends to wait, in whole seconds.
    public var timeoutSecs: Int
    /// How many times a worker died while running this task (2 quarantine it).
    public var attempts: Int
    /// The latest of those deaths: which worker, and when the task was recovered from it.
    public var lastDeath: String?
    /// The script's `print` lines (the wire field `logs` holds them joined by newlines).
    public var logs: [String]?
    /// How many times `circles-dispatch retry` re-queued it (each retry is a new run of the same id).
    public var retries: Int

    public init(
        taskId: String, script: String, status: TaskStatus = .pending, callerId: String, contextId: String,
        createdAt: String, updatedAt: String? = nil, output: String? = nil, error: String? = nil,
        replyToQueue: String? = nil, timeoutSecs: Int, attempts: Int = 0, lastDeath: String? = nil, logs: [String]? = nil,
        retries: Int = 0
    ) {
        self.taskId = taskId
        self.script = script
        self.status = status
        self.callerId = callerId
        self.contextId = contextId
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.output = output
        self.error = error
        self.replyToQueue = replyToQueue ?? RedisKeys.reply(taskId)
        self.timeoutSecs = timeoutSecs
        self.attempts = attempts
        self.lastDeath = lastDeath
        self.logs = logs
        self.retries = retries
    }

    // MARK: - The wire form

    /// The record as (field, value) pairs in protocol order; absent optional fields are left out.
    public var fields: [(String, String)] {
        var pairs: [(String, String)] = [
            ("taskId", taskId), ("script", script), ("status", status.rawValue), ("callerId", callerId),
            ("contextId", contextId), ("createdAt", createdAt), ("updatedAt", updatedAt),
        ]
        if let output { pairs.append(("output", output)) }
        if let error { pairs.append(("error", error)) }
        pairs += [("replyToQueue", replyToQueue), ("timeoutSecs", String(timeoutSecs)), ("attempts", String(attempts))]
        if let lastDeath { pairs.append(("lastDeath", lastDeath)) }
        if let logs { pairs.append(("logs", logs.joined(separator: "\n"))) }
        if retries > 0 { pairs.append(("retries", String(retries))) }
        return pairs
    }

    /// Reads a record from its wire fields (a Redis hash or a reply JSON object).
    /// - Throws: `TaskRecordError` naming the first missing or malformed field.
    public init(fields: [String: String]) throws {
        func required(_ name: String) throws -> String {
            guard let value = fields[name] else { throw TaskRecordError(field: name, problem: "is missing") }
            return value
        }
        func integer(_ name: String) throws -> Int {
            guard let text = fields[name] else { return 0 }
            guard let value = Int(text) ?? Double(text).flatMap({ $0.isFinite ? Int($0.rounded(.up)) : nil }) else {
                throw TaskRecordError(field: name, problem: "is not a number: \"\(text.prefix(40))\"")
            }
            return value
        }
        let taskId = try required("taskId")
        let statusText = try required("status")
        guard let status = TaskStatus(rawValue: statusText) else {
            throw TaskRecordError(field: "status", problem: "is not pending, processing, completed or error: \"\(statusText.prefix(40))\"")
        }
        self.init(
            taskId: taskId, script: fields["script"] ?? "", status: status, callerId: fields["callerId"] ?? "",
            contextId: try required("contextId"), createdAt: fields["createdAt"] ?? "", updatedAt: fields["updatedAt"],
            output: fields["output"], error: fields["error"], replyToQueue: fields["replyToQueue"],
            timeoutSecs: try integer("timeoutSecs"), attempts: try integer("attempts"), lastDeath: fields["lastDeath"],
            logs: fields["logs"].map { $0.isEmpty ? [] : $0.components(separatedBy: "\n") },
            retries: try integer("retries"))
    }

    /// The record as one compact JSON object of strings, as pushed to the reply list.
    public var jsonText: String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(256 + script.utf8.count + (output?.utf8.count ?? 0))
        for (name, value) in fields {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `taskId` of a reply's JSON text, found without decoding the whole record when the
    /// field has the compact form workers write (`"taskId":"…"`); nil when there is none.
    public static func taskId(inJSONText text: String) -> String? {
        let bytes = text.utf8
        let marker = #""taskId":""#.utf8
        var start = bytes.startIndex
        while let quote = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) {
            if bytes[quote...].starts(with: marker) {
                let value = bytes.index(quote, offsetBy: marker.count)
                guard let end = bytes[value...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
                      bytes[end] == UInt8(ascii: "\"") else { break }
                return String(text[value..<end])
            }
            start = bytes.index(after: quote)
        }
        guard case let .object(members)? = try? JSONValue(parsing: text), case let .string(id)? = members["taskId"] else {
            return nil
        }
        return id
    }

    /// Parses the JSON object of a reply: string values, as workers write them; numbers and
    /// arrays of lines (`logs`) are accepted too.
    /// - Throws: `TaskRecordError` when it is not a JSON object or a field is missing or malformed.
    public init(jsonText: String) throws {
        guard case let .object(members)? = try? JSONValue(parsing: jsonText) else {
            throw TaskRecordError(field: "", problem: "is not a JSON object: \"\(jsonText.prefix(40))\"")
        }
        var fields: [String: String] = [:]
        for (name, value) in members {
            switch value {
            case let .string(text): fields[name] = text
            case let .integer(number): fields[name] = String(number)
            case let .number(number): fields[name] = String(number)
            case let .array(lines):
                let texts = lines.compactMap { line -> String? in if case let .string(text) = line { text } else { nil } }
                if texts.count == lines.count { fields[name] = texts.joined(separator: "\n") }
            default: continue
            }
        }
        try self.init(fields: fields)
    }
}

/// A task record that cannot be read (exit 1).
public struct TaskRecordError: Failure, Equatable {
    /// The field at fault; empty when the record as a whole cannot be read.
    public let field: String
    public let problem: String
    public var description: String {
        let subject = field.isEmpty ? "the task record" : "the task record's field \"\(field)\""
        return "\(subject) \(problem); the record is damaged or was not written by circles"
    }
    public var exitCode: Int32 { ExitStatus.failure }
}
