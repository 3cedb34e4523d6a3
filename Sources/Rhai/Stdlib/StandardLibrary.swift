/// The built-in functions every engine has (Rhai's standard packages), by name.
final class StandardLibrary {
    static let shared = StandardLibrary()

    private(set) var functions: [String: [NativeFunction]] = [:]

    private init() {
        registerCore()
        registerConversions()
        registerMath()
        registerBitFields()
        registerStrings()
        registerArrays()
        registerMaps()
        registerTime()
        registerBlobs()
    }

    /// Adds an overload; later additions for the same name are tried after earlier ones.
    func add(_ name: String, _ parameters: [ParameterType], _ body: @escaping NativeBody) {
        functions[name, default: []].append(NativeFunction(parameters: parameters, body: body))
    }

    /// Adds the same body under several names.
    func add(_ names: [String], _ parameters: [ParameterType], _ body: @escaping NativeBody) {
        for name in names { add(name, parameters, body) }
    }
}

extension NativeCall {
    func int(_ index: Int) -> Int64 {
        if case .int(let value) = arguments[index] { return value }
        return 0
    }

    func float(_ index: Int) -> Double {
        switch arguments[index] {
        case .float(let value): return value
        case .int(let value): return Double(value)
        default: return 0
        }
    }

    func bool(_ index: Int) -> Bool {
        if case .bool(let value) = arguments[index] { return value }
        return false
    }

    func string(_ index: Int) -> String {
        switch arguments[index] {
        case .string(let value): return value
        case .char(let value): return String(Character(value))
        default: return arguments[index].description
        }
    }

    func char(_ index: Int) -> Unicode.Scalar {
        if case .char(let value) = arguments[index] { return value }
        return " "
    }

    func array(_ index: Int) -> [Dynamic] {
        if case .array(let value) = arguments[index] { return value }
        return []
    }

    func map(_ index: Int) -> [String: Dynamic] {
        if case .map(let value) = arguments[index] { return value }
        return [:]
    }

    /// Mutates the first argument as an array in place (no copy).
    mutating func withArray<R>(_ body: (inout [Dynamic]) throws -> R) rethrows -> R {
        var items = arguments[0].takeArray()
        defer { arguments[0] = .array(items) }
        return try body(&items)
    }

    mutating func withString<R>(_ body: (inout String) throws -> R) rethrows -> R {
        var text = arguments[0].takeString()
        defer { arguments[0] = .string(text) }
        return try body(&text)
    }

    mutating func withMap<R>(_ body: (inout [String: Dynamic]) throws -> R) rethrows -> R {
        var map = arguments[0].takeMap()
        defer { arguments[0] = .map(map) }
        return try body(&map)
    }

    mutating func withBlob<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        var bytes = arguments[0].takeBlob()
        defer { arguments[0] = .blob(bytes) }
        return try body(&bytes)
    }

    /// Calls a callback given as a function pointer or a function name. Extra trailing
    /// arguments (like the optional index) are dropped when the callback takes fewer; a
    /// callback taking none sees the first value as `this`.
    func callback(_ function: Dynamic, _ values: [Dynamic]) throws -> Dynamic {
        switch function {
        case .fnPtr(let pointer):
            var values = values
            if let script = pointer.function {
                let wanted = script.arity - pointer.curried.count
                if wanted == 0 && !values.isEmpty && script.usesThis {
                    var object = values[0]
                    return try runtime.callFunctionPointer(pointer, [], this: &object, bindThis: true, position)
                }
                if wanted >= 0 && wanted < values.count { values.removeLast(values.count - wanted) }
            } else {
                let library = pointer.library ?? runtime.library
                while values.count > 1 && library.lookup(pointer.name, arity: pointer.curried.count + values.count) == nil
                        && runtime.engine.nativeOverloads(pointer.name).first(where: { $0.parameters.count == pointer.curried.count + values.count }) == nil {
                    values.removeLast()
                }
            }
            return try runtime.callFunctionPointer(pointer, values, position)
        case .string(let name):
            return try callback(.fnPtr(FnPtr(name: name, curried: [], function: nil, captures: [], library: runtime.library)), values)
        default:
            throw RhaiError.mismatch(expected: "Fn", actual: function.typeName, position)
        }
    }

    /// A callback result that must be a boolean (predicates).
    func predicate(_ function: Dynamic, _ values: [Dynamic]) throws -> Bool {
        let result = try callback(function, values)
        guard case .bool(let flag) = result else {
            throw RhaiError.mismatch(expected: "bool", actual: result.typeName, position)
        }
        return flag
    }
}

/// Resolves a possibly negative position against a length, clamped to 0...length.
func clampedPosition(_ position: Int64, _ length: Int) -> Int {
    if position < 0 { return max(0, length + Int(clamping: position)) }
    return min(Int(clamping: position), length)
}
