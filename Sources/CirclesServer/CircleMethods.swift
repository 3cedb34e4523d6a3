import CirclesCore

/// The methods of docs/PROTOCOL.md §4: fetch_nonce, authenticate, whoami, play.
public struct CircleMethods: Sendable {
    /// Every method with its parameters: the one list that help texts, the index page and the
    /// "method not found" error name.
    public enum Method: String, CaseIterable, Sendable {
        case fetchNonce = "fetch_nonce"
        case authenticate
        case whoami
        case play

        /// The parameter names, in positional order.
        public var parameters: [String] {
            switch self {
            case .fetchNonce: ["pubkey"]
            case .authenticate: ["pubkey", "signature"]
            case .whoami: []
            case .play: ["script"]
            }
        }

        /// `name(param, …)`, as help texts show it.
        public var signature: String { "\(rawValue)(\(parameters.joined(separator: ", ")))" }

        /// The names as a sentence ends them: `fetch_nonce, authenticate, whoami or play`.
        public static var namesInProse: String {
            let names = allCases.map(\.rawValue)
            return names.dropLast().joined(separator: ", ") + " or " + names.last!
        }
    }

    let dispatcher: Dispatcher
    let authRequired: Bool
    let requestTimeout: Double
    /// Largest script `play` sends; a bigger one fails with -32602.
    var maximumScript = ScriptSize.defaultLimit

    /// The session a call belongs to.
    struct Session: Sendable {
        let circle: PublicKey
        let auth: SessionAuth
    }

    func call(_ request: RPCRequest, in session: Session) async throws(RPCError) -> JSONValue {
        guard let method = Method(rawValue: request.method) else { throw .methodNotFound(request.method) }
        let given = try request.params.strings(method.parameters)
        switch method {
        case .fetchNonce:
            let key = try publicKey(given[0])
            let issued = session.auth.issueNonce(for: key)
            return .object(["nonce": .string(issued.nonce), "expires_at": .integer(Int64(issued.expiresAt))])
        case .authenticate:
            try session.auth.authenticate(key: publicKey(given[0]), signature: given[1])
            return .object(["authenticated": true])
        case .whoami:
            let key = session.auth.authenticatedKey
            return .object([
                "circle": .string(session.circle.hex),
                "authenticated": .bool(key != nil),
                "pubkey": key.map { .string($0.hex) } ?? .null,
            ])
        case .play:
            return try await play(script: given[0], in: session)
        }
    }

    private func publicKey(_ text: String) throws(RPCError) -> PublicKey {
        do {
            return try PublicKey(parsing: text)
        } catch {
            throw .invalidParams("\(error)")
        }
    }

    private func play(script: String, in session: Session) async throws(RPCError) -> JSONValue {
        let caller = session.auth.authenticatedKey
        if authRequired && caller == nil { throw .authenticationRequired }
        if let problem = ScriptSize.problem(script, limit: maximumScript) { throw .invalidParams(problem) }
        let timeout = requestTimeout
        // Chosen here so that a -32004 can name a task that Redis may have taken before it went away.
        let taskId = TaskClock.newTaskId()
        let record: TaskRecord
        do {
            record = try await dispatcher.run(script: script, circle: session.circle, caller: caller?.hex ?? "", timeout: timeout, taskId: taskId)
        } catch {
            throw Self.rpcError(error, taskId: taskId)
        }
        switch record.status {
        case .completed:
            return .object(["output": .string(record.output ?? ""), "task_id": .string(taskId)])
        case .error:
            throw .execution(taskId: taskId, error: record.error ?? "the worker gave no reason")
        case .pending, .processing:
            throw .internalError("task \(taskId) came back unfinished (status \(record.status.rawValue)); check the worker's log")
        }
    }

    /// The JSON-RPC error for a failure of the dispatcher.
    private static func rpcError(_ error: Error, taskId: String?) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let DispatchError.timedOut(id, seconds):
            return .timedOut(taskId: id, seconds: seconds)
        case let error as RedisError:
            switch error {
            case .unavailable, .timeout, .authFailed:
                return .circleUnavailable("\(error)", taskId: taskId)
            default:
                return .internalError("\(error)")
            }
        default:
            return .internalError("\(error)")
        }
    }
}
