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

/// An error raised while parsing or evaluating a Rhai script, modelled on the Rust engine's
/// `EvalAltResult`: the same kinds, messages, positions, and the same wrapping of errors that
/// leave a script function (`… in call to function 'f'`).
public struct RhaiError: Error, CustomStringConvertible {
    /// What went wrong, named after the Rust engine's `EvalAltResult` variants.
    public enum Kind: Equatable, Sendable {
        case parse
        case variableNotFound, functionNotFound, propertyNotFound, moduleNotFound
        case mismatchedType, mismatchedOutputType, indexOutOfBounds, indexingType
        case arithmetic
        case assignmentToConstant, nonPureMethodCallOnConstant, unboundThis, dotExpr, forLoop
        case tooManyOperations, tooManyVariables, stackOverflow, dataTooLarge, terminated, tooManyModules
        case runtime
        case inFunctionCall, inModule
        case dataRace
    }

    /// The error's parts, kept behind one reference so that an error (and every `Result` or
    /// typed throw that can hold one) stays a single word on the evaluator's hot paths.
    private final class Storage {
        var kind: Kind
        var message: String
        var line: Int?
        var column: Int?
        var thrownValue: Dynamic?
        var variantName: String
        var fields: [(String, Dynamic)] = []
        var wrapped: [RhaiError] = []
        var functionSource = ""

        init(kind: Kind, message: String, thrownValue: Dynamic?) {
            self.kind = kind
            self.message = message
            self.thrownValue = thrownValue
            self.variantName = kind.defaultVariantName
        }

        func copy() -> Storage {
            let copy = Storage(kind: kind, message: message, thrownValue: thrownValue)
            copy.line = line
            copy.column = column
            copy.variantName = variantName
            copy.fields = fields
            copy.wrapped = wrapped
            copy.functionSource = functionSource
            return copy
        }
    }

    private var storage: Storage

    /// The storage, copied first when another error shares it.
    private var writable: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    public var kind: Kind {
        get { storage.kind }
        set { writable.kind = newValue }
    }
    /// The message without position or call context, e.g. "Variable not found: x".
    public var message: String {
        get { storage.message }
        set { writable.message = newValue }
    }
    public var line: Int? {
        get { storage.line }
        set { writable.line = newValue }
    }
    public var column: Int? {
        get { storage.column }
        set { writable.column = newValue }
    }
    /// The value given to `throw` (or the host error message as a string).
    public var thrownValue: Dynamic? {
        get { storage.thrownValue }
        set { writable.thrownValue = newValue }
    }
    /// The Rust variant's name (`ErrorArrayBounds`), for the map a `catch` receives.
    var variantName: String {
        get { storage.variantName }
        set { writable.variantName = newValue }
    }
    /// The variant's fields (`index`, `length`, `function`, …), for the map a `catch` receives.
    var fields: [(String, Dynamic)] {
        get { storage.fields }
        set { writable.fields = newValue }
    }
    /// For `inFunctionCall` / `inModule`: the error raised inside, and the function's source.
    private var wrapped: [RhaiError] {
        get { storage.wrapped }
        set { writable.wrapped = newValue }
    }
    var functionSource: String {
        get { storage.functionSource }
        set { writable.functionSource = newValue }
    }

    public init(_ kind: Kind, _ message: String, at position: Position = .none, thrownValue: Dynamic? = nil) {
        storage = Storage(kind: kind, message: message, thrownValue: thrownValue)
        if !position.isNone {
            storage.line = position.line
            storage.column = position.column
        }
    }

    /// A runtime error with a message, as a registered Swift function raises it.
    public static func runtime(_ message: String) -> RhaiError {
        RhaiError(.runtime, message, thrownValue: .string(message))
    }

    /// The position, if known.
    public var position: Position {
        get {
            guard let line, let column else { return .none }
            return Position(line: line, column: column)
        }
        set {
            if newValue.isNone {
                line = nil
                column = nil
            } else {
                line = newValue.line
                column = newValue.column
            }
        }
    }

    /// The error raised inside a function call or module (nil for other kinds).
    public var inner: RhaiError? { wrapped.first }

    /// The innermost error, through every function-call wrapper (Rust's `unwrap_inner`).
    public var innermost: RhaiError { inner?.innermost ?? self }

    /// Rhai's rendering with the position: "Variable not found: x (line 2, position 5)".
    public var description: String { display(callSource: "") }

    /// The message as Rhai displays it, without this error's position: "Syntax error: …",
    /// "Runtime error: …", or several lines for errors inside function calls.
    public var renderedMessage: String {
        var copy = self
        copy.position = .none
        return copy.display(callSource: "")
    }

    /// The Rust engine's `Display`, where `callSource` names the script the call came from.
    private func display(callSource: String) -> String {
        var text: String
        switch kind {
        case .runtime:
            if let value = thrownValue {
                let shown = value.valueDisplay
                text = shown.isEmpty ? "Runtime error" : "Runtime error: \(shown)"
            } else {
                text = message
            }
        case .parse:
            text = "Syntax error: \(message)"
        case .inFunctionCall:
            text = inner?.display(callSource: functionSource) ?? ""
            text += message.hasPrefix(RhaiError.anonymousPrefix) ? "\nin closure call" : "\nin call to function '\(message)'"
            if !functionSource.isEmpty { text += " (from '\(functionSource)')" }
        case .inModule:
            text = (inner?.description ?? "") + (message.isEmpty ? "\nin module" : "\nin module '\(message)'")
        default:
            text = message
        }
        if !callSource.isEmpty { text += " @ '\(callSource)'" }
        if let line, let column { text += " (line \(line), position \(column))" }
        return text
    }

    /// Prefix of the names given to anonymous functions and closures.
    static let anonymousPrefix = "anon$"

    /// The same error with a position filled in when it has none yet.
    func positioned(_ position: Position) -> RhaiError {
        if line != nil || position.isNone { return self }
        var copy = self
        copy.position = position
        return copy
    }

    /// The error as it leaves a script function called at `position`: system errors pass
    /// through with the call's position, others are wrapped (`… in call to function 'name'`).
    func leavingFunction(_ name: String, source: String?, at position: Position) -> RhaiError {
        if isSystemError {
            var copy = self
            copy.position = position
            return copy
        }
        return raised(inFunction: name, source: source, at: position)
    }

    /// This error wrapped as raised in a call to `name` (`inFunctionCall`).
    func raised(inFunction name: String, source: String?, at position: Position) -> RhaiError {
        var wrapper = RhaiError(.inFunctionCall, name, at: position)
        wrapper.wrapped = [self]
        wrapper.functionSource = source ?? ""
        wrapper.fields = [("function", .string(name)), ("source", .string(source ?? ""))]
        return wrapper
    }

    /// This error wrapped as raised while loading the module `name` (`inModule`).
    func raised(inModule name: String, at position: Position) -> RhaiError {
        var wrapper = RhaiError(.inModule, name, at: position)
        wrapper.wrapped = [self]
        wrapper.fields = [("module", .string(name))]
        return wrapper
    }

    /// Whether `try … catch` may catch this error (limits and parse errors cannot be caught).
    var isCatchable: Bool { !isSystemError }

    /// Errors that stop a script whatever it does: parse errors and exceeded limits.
    var isSystemError: Bool {
        switch kind {
        case .parse, .tooManyOperations, .tooManyVariables, .stackOverflow, .dataTooLarge, .terminated, .tooManyModules:
            return true
        default:
            return false
        }
    }

    /// The value a `catch (e)` block receives: the thrown value, or (as in Rhai) a map with
    /// `message`, `error` (the variant's name), `source`, `line`, `position` and its fields.
    func caughtValue(source: String?) -> Dynamic {
        let base = innermost
        if base.kind == .runtime, let value = base.thrownValue { return value }
        var map: [String: Dynamic] = ["message": .string(renderedMessage), "error": .string(variantName)]
        if let source { map["source"] = .string(source) }
        if let line, let column {
            map["line"] = .int(Int64(line))
            map["position"] = .int(Int64(column))
        }
        for (key, value) in fields { map[key] = value }
        return .map(map)
    }
}

extension RhaiError.Kind {
    /// The Rust variant a kind stands for, when only one does.
    var defaultVariantName: String {
        switch self {
        case .parse: return "ErrorParsing"
        case .variableNotFound: return "ErrorVariableNotFound"
        case .functionNotFound: return "ErrorFunctionNotFound"
        case .propertyNotFound: return "ErrorPropertyNotFound"
        case .moduleNotFound: return "ErrorModuleNotFound"
        case .mismatchedType: return "ErrorMismatchDataType"
        case .mismatchedOutputType: return "ErrorMismatchOutputType"
        case .indexOutOfBounds: return "ErrorArrayBounds"
        case .indexingType: return "ErrorIndexingType"
        case .arithmetic: return "ErrorArithmetic"
        case .assignmentToConstant: return "ErrorAssignmentToConstant"
        case .nonPureMethodCallOnConstant: return "ErrorNonPureMethodCallOnConstant"
        case .unboundThis: return "ErrorUnboundThis"
        case .dotExpr: return "ErrorDotExpr"
        case .forLoop: return "ErrorFor"
        case .tooManyOperations: return "ErrorTooManyOperations"
        case .tooManyVariables: return "ErrorTooManyVariables"
        case .stackOverflow: return "ErrorStackOverflow"
        case .dataTooLarge: return "ErrorDataTooLarge"
        case .terminated: return "ErrorTerminated"
        case .tooManyModules: return "ErrorTooManyModules"
        case .runtime: return "ErrorRuntime"
        case .inFunctionCall: return "ErrorInFunctionCall"
        case .inModule: return "ErrorInModule"
        case .dataRace: return "ErrorDataRace"
        }
    }
}

// MARK: the errors the engine raises, with Rhai's wording and fields

extension RhaiError {
    static func parse(_ message: String, _ position: Position) -> RhaiError {
        RhaiError(.parse, message, at: position)
    }

    static func mismatch(expected: String, actual: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.mismatchedType, "Data type incorrect: \(actual) (expecting \(expected))", at: position)
        error.fields = [("requested", .string(expected)), ("actual", .string(actual))]
        return error
    }

    static func arithmetic(_ message: String, _ position: Position = .none) -> RhaiError {
        RhaiError(.arithmetic, message, at: position)
    }

    static func functionNotFound(_ signature: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.functionNotFound, "Function not found: \(signature)", at: position)
        error.fields = [("function", .string(signature))]
        return error
    }

    static func variableNotFound(_ name: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.variableNotFound, "Variable not found: \(name)", at: position)
        error.fields = [("variable", .string(name))]
        return error
    }

    static func propertyNotFound(_ name: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.propertyNotFound, "Property not found: \(name)", at: position)
        error.fields = [("variable", .string(name))]
        return error
    }

    static func moduleNotFound(_ name: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.moduleNotFound, "Module not found: \(name)", at: position)
        error.fields = [("module", .string(name))]
        return error
    }

    static func assignmentToConstant(_ name: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.assignmentToConstant, "Cannot modify constant \(name)", at: position)
        error.fields = [("variable", .string(name))]
        return error
    }

    static func indexingType(_ typeName: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.indexingType, "Indexer unavailable: \(typeName)", at: position)
        error.fields = [("type", .string(typeName))]
        return error
    }

    /// `ErrorDotExpr`: a property the value does not have (`message` is the whole text).
    static func dotExpression(_ message: String, property: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.dotExpr, message, at: position)
        error.fields = [("property", .string(property))]
        return error
    }

    /// `ErrorDataTooLarge`: `what` is "Size of array", "Length of string", "Size of object map", …
    static func dataTooLarge(_ what: String, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.dataTooLarge, "\(what) too large", at: position)
        error.fields = [("type", .string(what))]
        return error
    }

    /// The memory account's error (`Limits.maxMemory`), a `dataTooLarge` of type "Memory".
    static func memoryLimit(_ limit: Int, _ position: Position = .none) -> RhaiError {
        var error = RhaiError(.dataTooLarge, "Memory of the script's values too large (over the limit of \(limit) bytes)", at: position)
        error.fields = [("type", .string("Memory"))]
        return error
    }

    /// Whether this error, or the one it wraps, is the memory account's (`Limits.maxMemory`).
    public var isMemoryLimit: Bool {
        let base = innermost
        return base.kind == .dataTooLarge && base.fields.contains { $0.0 == "type" && $0.1 == .string("Memory") }
    }

    static func arrayBounds(_ count: Int, _ index: Int64, _ position: Position = .none) -> RhaiError {
        let detail: String
        switch count {
        case 0: detail = "array is empty"
        case 1: detail = "only 1 element in array"
        default: detail = "only \(count) elements in array"
        }
        return bounds("ErrorArrayBounds", "Array index \(index) out of bounds: \(detail)", count, index, position)
    }

    static func stringBounds(_ count: Int, _ index: Int64, _ position: Position = .none) -> RhaiError {
        let detail: String
        switch count {
        case 0: detail = "string is empty"
        case 1: detail = "only 1 character in string"
        default: detail = "only \(count) characters in string"
        }
        return bounds("ErrorStringBounds", "String index \(index) out of bounds: \(detail)", count, index, position)
    }

    static func bitFieldBounds(_ count: Int, _ index: Int64, _ position: Position = .none) -> RhaiError {
        bounds("ErrorBitFieldBounds", "Bit-field index \(index) out of bounds: only \(count) bits in bit-field", count, index, position)
    }

    private static func bounds(_ variant: String, _ message: String, _ count: Int, _ index: Int64, _ position: Position) -> RhaiError {
        var error = RhaiError(.indexOutOfBounds, message, at: position)
        error.variantName = variant
        error.fields = [("length", .int(Int64(count))), ("index", .int(index))]
        return error
    }
}
