import CirclesCore

/// One validated JSON-RPC 2.0 request object.
public struct RPCRequest: Sendable {
    /// Largest numeric id echoed back exactly (2^53: beyond it JSON numbers lose precision).
    static let largestNumericID = 9_007_199_254_740_992.0
    /// Longest string id accepted.
    static let longestStringID = 1024

    public let method: String
    public let params: RPCParams
    /// The id to echo; nil for a notification (no `id` member), which gets no reply.
    public let id: JSONValue?

    /// Validates a decoded request. A failure carries the id to answer with (`null` when the id
    /// itself is unusable).
    public init(_ value: JSONValue) throws(RPCFailure) {
        guard case let .object(members) = value else {
            throw RPCFailure(id: .null, error: .invalidRequest("expected a request object, got \(value.typeName)"))
        }
        var id: JSONValue?
        if let given = members["id"] {
            switch given {
            case .null, .integer:
                id = given
            case let .number(number):
                guard abs(number) <= Self.largestNumericID else {
                    throw RPCFailure(id: .null, error: .invalidRequest("the id \(JSONValue.number(number).jsonText) is too large; use an integer within ±2^53 or a string"))
                }
                id = given
            case let .string(text):
                guard text.utf8.count <= Self.longestStringID else {
                    throw RPCFailure(id: .null, error: .invalidRequest("the id string has \(text.utf8.count) bytes; use at most \(Self.longestStringID)"))
                }
                id = given
            default:
                throw RPCFailure(id: .null, error: .invalidRequest("the id must be a string, a number or null, got \(given.typeName)"))
            }
        }
        let answerID = id ?? .null
        guard members["jsonrpc"] == .string("2.0") else {
            let found = members["jsonrpc"].map { "got \($0.jsonText.prefix(40))" } ?? "it is missing"
            throw RPCFailure(id: answerID, error: .invalidRequest("the member \"jsonrpc\" must be \"2.0\", \(found)"))
        }
        guard case let .string(method)? = members["method"] else {
            let found = members["method"].map { "got \($0.typeName)" } ?? "it is missing"
            throw RPCFailure(id: answerID, error: .invalidRequest("the member \"method\" must be a string, \(found)"))
        }
        switch members["params"] {
        case nil, .array?, .object?: break
        case let other?:
            throw RPCFailure(id: answerID, error: .invalidRequest("the member \"params\" must be an object or an array, got \(other.typeName)"))
        }
        self.method = method
        self.params = RPCParams(members["params"])
        self.id = id
    }
}

/// A request that cannot be served, with the id to answer with.
public struct RPCFailure: Error, Sendable {
    public let id: JSONValue
    public let error: RPCError
}

/// A request's params, given by name (object) or by position (array).
public struct RPCParams: Sendable {
    let value: JSONValue?

    init(_ value: JSONValue?) { self.value = value }

    /// The params as strings named `names` (in positional order), checking that nothing else was
    /// given and that every name in `names` is present.
    public func strings(_ names: [String]) throws(RPCError) -> [String] {
        let named = try byName(names)
        var result: [String] = []
        for name in names {
            guard let value = named[name] else {
                throw .invalidParams("missing parameter \"\(name)\"; give it by name or at position \(names.firstIndex(of: name)! + 1)")
            }
            guard case let .string(text) = value else {
                throw .invalidParams("parameter \"\(name)\" must be a string, got \(value.typeName)")
            }
            result.append(text)
        }
        return result
    }

    /// The params by name; positions are mapped onto `names`.
    private func byName(_ names: [String]) throws(RPCError) -> [String: JSONValue] {
        let expected = names.isEmpty ? "no parameters" : "the parameters " + names.map { "\"\($0)\"" }.joined(separator: ", ")
        switch value {
        case nil:
            return [:]
        case let .array(values)?:
            guard values.count <= names.count else {
                let given = values.count == 1 ? "1 positional parameter" : "\(values.count) positional parameters"
                throw .invalidParams("got \(given); this method takes \(expected)")
            }
            return Dictionary(uniqueKeysWithValues: zip(names, values))
        case let .object(members)?:
            if let unknown = members.keys.sorted().first(where: { !names.contains($0) }) {
                throw .invalidParams("unknown parameter \(JSONText.quote(unknown)); this method takes \(expected)")
            }
            return members
        default:
            return [:]
        }
    }
}
