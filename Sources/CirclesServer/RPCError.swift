import CirclesCore

/// A JSON-RPC error reply: the codes of docs/PROTOCOL.md §4, each with a one-sentence message
/// that names the input and says what to do.
public struct RPCError: Error, Sendable, Equatable {
    public let code: Int
    public let message: String
    /// Extra detail for the client (`task_id`, `error`, `timeout_secs`, …).
    public let data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The `error` member of a reply.
    var json: JSONValue {
        var members: [String: JSONValue] = ["code": .integer(Int64(code)), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }

    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: -32700, message: "Parse error: \(detail)")
    }
    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: -32600, message: "Invalid request: \(detail)")
    }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: -32601, message: "Method not found: \(JSONText.quote(method)) is not a method here; use \(CircleMethods.Method.namesInProse)")
    }
    public static func invalidParams(_ detail: String) -> RPCError {
        RPCError(code: -32602, message: "Invalid params: \(detail)")
    }
    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: -32603, message: "Internal error: \(detail)")
    }
    /// The script ran and failed (`data`: `task_id`, `error`).
    public static func execution(taskId: String, error: String) -> RPCError {
        RPCError(code: -32000, message: "Execution error: the script failed: \(error)",
                 data: .object(["task_id": .string(taskId), "error": .string(error)]))
    }
    public static let authenticationRequired = RPCError(
        code: -32001,
        message: "Authentication required: call fetch_nonce, sign the nonce with personal_sign and call authenticate before play")
    public static func invalidCredentials(_ detail: String) -> RPCError {
        RPCError(code: -32002, message: "Invalid credentials: \(detail)")
    }
    /// No reply within the request timeout (`data`: `task_id`, `timeout_secs`).
    public static func timedOut(taskId: String, seconds: Double) -> RPCError {
        RPCError(code: -32003, message: "Timeout: task \(taskId) did not finish within \(format(seconds)) s; it may still finish, try again later or with a shorter script",
                 data: .object(["task_id": .string(taskId), "timeout_secs": .number(seconds)]))
    }
    /// Redis cannot be reached (`data`: `task_id` when the task was already submitted).
    public static func circleUnavailable(_ reason: String, taskId: String? = nil) -> RPCError {
        RPCError(code: -32004, message: "Circle unavailable: \(reason)",
                 data: taskId.map { .object(["task_id": .string($0)]) })
    }

    /// The error's kind in words (`execution_error`, `timeout`, …): the `result` label of `/metrics`.
    var kind: String {
        switch code {
        case -32700: "parse_error"
        case -32600: "invalid_request"
        case -32601: "method_not_found"
        case -32602: "invalid_params"
        case -32603: "internal_error"
        case -32000: "execution_error"
        case -32001: "auth_required"
        case -32002: "invalid_credentials"
        case -32003: "timeout"
        case -32004: "unavailable"
        default: "error"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
