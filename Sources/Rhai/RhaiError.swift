/// A position in script text: 1-based line and column.
public struct Position: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// No known position.
    public static let none = Position(line: 0, column: 0)

    public var isNone: Bool { line == 0 }
}

/// An error raised while parsing or evaluating a Rhai script.
public struct RhaiError: Error, CustomStringConvertible {
    /// What went wrong, named after Rhai's `EvalAltResult` / `ParseErrorType`.
    public enum Kind: Equatable, Sendable {
        case parse
        case variableNotFound, functionNotFound, propertyNotFound, moduleNotFound
        case mismatchedType, indexOutOfBounds, indexingType
        case arithmetic
        case assignmentToConstant, unboundThis, dotExpr, forLoop
        case tooManyOperations, stackOverflow, dataTooLarge, terminated, tooManyModules
        case runtime
        case inFunctionCall
    }

    public var kind: Kind
    /// The message without position, e.g. "Variable not found: x".
    public var message: String
    public var line: Int?
    public var column: Int?
    /// The value given to `throw` (or the host error message as a string).
    public var thrownValue: Dynamic?

    public init(_ kind: Kind, _ message: String, at position: Position = .none, thrownValue: Dynamic? = nil) {
        self.kind = kind
        self.message = message
        self.thrownValue = thrownValue
        if !position.isNone {
            line = position.line
            column = position.column
        }
    }

    /// A runtime error with a message, as a registered Swift function raises it.
    public static func runtime(_ message: String) -> RhaiError {
        RhaiError(.runtime, message, thrownValue: .string(message))
    }

    /// The position, if known.
    public var position: Position {
        guard let line, let column else { return .none }
        return Position(line: line, column: column)
    }

    /// Rhai's rendering: "Variable not found: x (line 2, position 5)".
    public var description: String {
        guard let line, let column else { return renderedMessage }
        return "\(renderedMessage) (line \(line), position \(column))"
    }

    /// The message as Rhai displays it, without position ("Syntax error: …", "Runtime error: …").
    public var renderedMessage: String {
        switch kind {
        case .runtime:
            if let value = thrownValue {
                if value == .unit || value == .string("") { return "Runtime error" }
                return "Runtime error: \(value.description)"
            }
            return message
        case .parse:
            return "Syntax error: \(message)"
        default:
            return message
        }
    }

    /// The same error with a position filled in when it has none yet.
    func positioned(_ position: Position) -> RhaiError {
        if line != nil || position.isNone { return self }
        var copy = self
        copy.line = position.line
        copy.column = position.column
        return copy
    }

    /// Whether `try … catch` may catch this error (limits and parse errors cannot be caught).
    var isCatchable: Bool {
        switch kind {
        case .parse, .tooManyOperations, .stackOverflow, .dataTooLarge, .terminated, .tooManyModules:
            return false
        default:
            return true
        }
    }

    /// The value a `catch (e)` block receives: the thrown value, or the error message.
    var caughtValue: Dynamic {
        if kind == .runtime, let value = thrownValue { return value }
        return .string(message)
    }
}

extension RhaiError {
    static func parse(_ message: String, _ position: Position) -> RhaiError {
        RhaiError(.parse, message, at: position)
    }

    static func mismatch(expected: String, actual: String, _ position: Position = .none) -> RhaiError {
        RhaiError(.mismatchedType, "Data type incorrect: \(actual) (expecting \(expected))", at: position)
    }

    static func arithmetic(_ message: String, _ position: Position = .none) -> RhaiError {
        RhaiError(.arithmetic, message, at: position)
    }

    static func arrayBounds(_ count: Int, _ index: Int64, _ position: Position = .none) -> RhaiError {
        let detail: String
        switch count {
        case 0: detail = "array is empty"
        case 1: detail = "only 1 element in array"
        default: detail = "only \(count) elements in array"
        }
        return RhaiError(.indexOutOfBounds, "Array index \(index) out of bounds: \(detail)", at: position)
    }

    static func stringBounds(_ count: Int, _ index: Int64, _ position: Position = .none) -> RhaiError {
        let detail: String
        switch count {
        case 0: detail = "string is empty"
        case 1: detail = "only 1 character in string"
        default: detail = "only \(count) characters in string"
        }
        return RhaiError(.indexOutOfBounds, "String index \(index) out of bounds: \(detail)", at: position)
    }
}
