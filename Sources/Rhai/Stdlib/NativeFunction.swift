/// The type a native function parameter accepts.
enum ParameterType {
    case any, unit, bool, int, float, char, string, array, map, fnPtr, range, inclusiveRange, timestamp, blob

    @inline(__always)
    func accepts(_ value: Dynamic) -> Bool {
        switch (self, value) {
        case (.any, _), (.unit, .unit), (.bool, .bool), (.int, .int), (.float, .float), (.char, .char),
             (.string, .string), (.array, .array), (.map, .map), (.fnPtr, .fnPtr), (.range, .range),
             (.inclusiveRange, .inclusiveRange), (.timestamp, .timestamp), (.blob, .blob):
            return true
        default:
            return false
        }
    }
}

/// The arguments of a native call. The first argument may be changed in place; for
/// method-style calls on a variable the change is written back (like Rhai's `&mut` first parameter).
struct NativeCall {
    var arguments: [Dynamic]
    /// Unretained: a call lives only while its runtime runs it (no reference counting per call).
    unowned(unsafe) let runtime: Runtime
    let position: Position

    subscript(index: Int) -> Dynamic {
        get { arguments[index] }
        set { arguments[index] = newValue }
    }

    var count: Int { arguments.count }
}

typealias NativeBody = (inout NativeCall) throws -> Dynamic

/// A function implemented in Swift: the standard library or one registered by the host.
struct NativeFunction {
    let parameters: [ParameterType]
    let body: NativeBody

    @inline(__always)
    func accepts(_ arguments: [Dynamic]) -> Bool {
        guard parameters.count == arguments.count else { return false }
        for index in 0..<arguments.count where !parameters[index].accepts(arguments[index]) {
            return false
        }
        return true
    }
}

/// Rhai's rendering of a call signature for "Function not found" errors:
/// `foo (i64, &str | ImmutableString | String)` (strings are named by their Rust types).
func callSignature(_ name: String, _ arguments: [Dynamic]) -> String {
    let types = arguments.map { argument -> String in
        if case .string = argument { return "&str | ImmutableString | String" }
        return argument.typeName
    }
    return "\(name) (\(types.joined(separator: ", ")))"
}
