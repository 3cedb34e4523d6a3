
/// A JSON value: JSON-RPC requests and task replies are parsed into it, JSON-RPC replies are
/// written from it.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON text. Throws `JSONParser.SyntaxError` when it is not valid JSON (or nests
    /// deeper than `JSONParser.maximumDepth`).
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONParser.parse($0) }
    }

    /// The compact JSON text of this value; object keys are sorted so output is deterministic.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The members of an object; nil for anything else.
    public var object: [String: JSONValue]? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The text of a string; nil for anything else.
    public var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    /// The name of this value's JSON type, for error messages ("a string", "an array", …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Appends the compact JSON text of this value to `out`.
    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .integer(value): out += String(value)
        case let .number(value):
            if value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)) } else { out += "\(value)" }
        case let .string(value): out += JSONText.quote(value)
        case let .array(values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quote(key)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}
