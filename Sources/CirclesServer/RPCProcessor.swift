import CirclesCore

/// Turns one WebSocket text frame into its reply: a single request, a notification (no reply)
/// or a batch (docs/PROTOCOL.md §4, JSON-RPC 2.0). Never throws: every bad frame gets an error reply.
struct RPCProcessor: Sendable {
    /// Most requests one batch may hold.
    static let maximumBatchSize = 100

    let methods: CircleMethods
    let metrics: ServerMetrics

    /// The reply text for `frame`, or nil when nothing is to be sent (notifications only).
    func reply(to frame: String, in session: CircleMethods.Session) async -> String? {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: frame)
        } catch {
            metrics.refused(.notJSON)
            return Self.errorReply(id: .null, .parseError("the frame is not valid JSON (or nests too deeply); send one JSON-RPC request object or an array of them"))
        }
        guard case let .array(elements) = value else {
            return await answer(value, in: session)
        }
        guard !elements.isEmpty else {
            metrics.refused(.badBatch)
            return Self.errorReply(id: .null, .invalidRequest("the batch is an empty array; send at least one request"))
        }
        guard elements.count <= Self.maximumBatchSize else {
            metrics.refused(.badBatch)
            return Self.errorReply(id: .null, .invalidRequest("the batch has \(elements.count) requests; send at most \(Self.maximumBatchSize) per batch"))
        }
        let replies = await withTaskGroup(of: (Int, String?).self) { group in
            for (index, element) in elements.enumerated() {
                group.addTask { (index, await answer(element, in: session)) }
            }
            var replies = [String?](repeating: nil, count: elements.count)
            for await (index, reply) in group { replies[index] = reply }
            return replies.compactMap { $0 }
        }
        return replies.isEmpty ? nil : "[" + replies.joined(separator: ",") + "]"
    }

    /// The reply for one request object, or nil for a notification.
    private func answer(_ value: JSONValue, in session: CircleMethods.Session) async -> String? {
        let request: RPCRequest
        do {
            request = try RPCRequest(value)
        } catch {
            metrics.request(method: "", error: error.error)
            return Self.errorReply(id: error.id, error.error)
        }
        do {
            let result = try await methods.call(request, in: session)
            metrics.request(method: request.method, error: nil)
            guard let id = request.id else { return nil }
            return Self.reply(id: id, member: "result", result)
        } catch {
            metrics.request(method: request.method, error: error)
            guard let id = request.id else { return nil }
            return Self.errorReply(id: id, error)
        }
    }

    /// The reply for a frame that is not JSON-RPC text at all (for example a binary frame).
    static func errorReply(id: JSONValue, _ error: RPCError) -> String {
        reply(id: id, member: "error", error.json)
    }

    private static func reply(id: JSONValue, member: String, _ value: JSONValue) -> String {
        var out = "{\"jsonrpc\":\"2.0\",\"id\":"
        id.write(to: &out)
        out += ",\"\(member)\":"
        value.write(to: &out)
        out += "}"
        return out
    }
}
