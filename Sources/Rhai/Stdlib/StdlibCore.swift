#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Core functions: output, type inspection, function pointers, ranges, `in`.
extension StandardLibrary {
    func registerCore() {
        add("print", [.any]) { call in
            try call.runtime.reserveRendering(of: call[0], for: call)
            call.runtime.engine.onPrint(call[0].description)
            return .unit
        }
        add("print", []) { call in
            call.runtime.engine.onPrint("")
            return .unit
        }
        add("debug", [.any]) { call in
            try call.runtime.reserveRendering(of: call[0], for: call)
            call.runtime.engine.onDebug(call[0].debugDescription, call.runtime.source, call.position)
            return .unit
        }
        add("type_of", [.any]) { call in .string(call[0].typeName) }
        add("to_string", [.any]) { call in
            try call.runtime.reserveRendering(of: call[0], for: call)
            return .string(call[0].description)
        }
        add("to_debug", [.any]) { call in
            try call.runtime.reserveRendering(of: call[0], for: call)
            return .string(call[0].debugDescription)
        }

        add("Fn", [.string]) { call in
            .fnPtr(try call.functionPointer(named: call.string(0)))
        }
        for count in 0...8 {
            add("call", [.fnPtr] + Array(repeating: .any, count: count)) { call in
                guard case .fnPtr(let pointer) = call[0] else { return .unit }
                return try call.runtime.callFunctionPointer(pointer, Array(call.arguments.dropFirst()), call.position)
            }
            add("curry", [.fnPtr] + Array(repeating: .any, count: count)) { call in
                guard case .fnPtr(let pointer) = call[0] else { return .unit }
                return .fnPtr(pointer.currying(Array(call.arguments.dropFirst())))
            }
        }
        add("Fn", [.any]) { call in
            throw RhaiError.mismatch(expected: "string", actual: call[0].typeName, call.position)
        }
        add("take", [.any]) { call in
            let value = call[0]
            call[0] = .unit
            return value
        }
        add("sleep", [.int]) { call in
            if call.int(0) > 0 { pause(seconds: Double(call.int(0))) }
            return .unit
        }
        add("sleep", [.float]) { call in
            let seconds = call.float(0)
            if seconds.isNormal && seconds > 0 { pause(seconds: seconds) }
            return .unit
        }
        add("get_fn_metadata_list", []) { call in functionMetadata(call) { _ in true } }
        add("get_fn_metadata_list", [.string]) { call in
            let name = call.string(0)
            return functionMetadata(call) { $0.name == name }
        }
        add("get_fn_metadata_list", [.string, .int]) { call in
            let (name, arity) = (call.string(0), call.int(1))
            return functionMetadata(call) { $0.name == name && $0.arity == arity }
        }
        add("is_shared", [.any]) { _ in .bool(false) }
        add("exit", []) { _ in throw Interrupt.exit(.unit) }
        add("exit", [.any]) { call in throw Interrupt.exit(call[0]) }
        add("name", [.fnPtr]) { call in .string(call[0].asFnPtr!.name) }
        add("is_anonymous", [.fnPtr]) { call in .bool(call[0].asFnPtr!.isAnonymous) }
        add("is_def_fn", [.string, .int]) { call in
            .bool(call.runtime.library.lookup(call.string(0), arity: Int(call.int(1))) != nil)
        }

        add("range", [.int, .int]) { call in .range(call.int(0), call.int(1)) }
        add("range", [.int, .int, .int]) { call in
            try steppedRange(call.int(0), call.int(1), call.int(2), call.position)
        }
        add("range", [.range, .int]) { call in
            guard case .range(let start, let end) = call[0] else { return .unit }
            return try steppedRange(start, end, call.int(1), call.position)
        }
        add("range", [.float, .float, .float]) { call in
            try floatRange(call.float(0), call.float(1), call.float(2), call.position)
        }
        add("contains", [.range, .int]) { call in
            guard case .range(let start, let end) = call[0] else { return .bool(false) }
            let value = call.int(1)
            return .bool(value >= start && value < end)
        }
        add("contains", [.inclusiveRange, .int]) { call in
            guard case .inclusiveRange(let start, let end) = call[0] else { return .bool(false) }
            let value = call.int(1)
            return .bool(value >= start && value <= end)
        }
        for type in [ParameterType.range, .inclusiveRange] {
            add("start", [type]) { call in
                switch call[0] {
                case .range(let start, _), .inclusiveRange(let start, _): return .int(start)
                default: return .unit
                }
            }
            add("end", [type]) { call in
                switch call[0] {
                case .range(_, let end), .inclusiveRange(_, let end): return .int(end)
                default: return .unit
                }
            }
            add("is_inclusive", [type]) { call in
                if case .inclusiveRange = call[0] { return .bool(true) }
                return .bool(false)
            }
            add("is_exclusive", [type]) { call in
                if case .range = call[0] { return .bool(true) }
                return .bool(false)
            }
            add("is_empty", [type]) { call in
                switch call[0] {
                case .range(let start, let end): return .bool(end <= start)
                case .inclusiveRange(let start, let end): return .bool(end < start)
                default: return .bool(true)
                }
            }
        }
    }
}

/// Where `range(from, to, step)` over INTs stops, as Rust's `StepRange` yields it
/// (iter_basic.rs): `to`, or earlier so that no value is yielded whose next step would
/// overflow. Iterating up or down follows the step; pointing away from `to` gives nothing.
func steppedRangeEnd(_ to: Int64, _ step: Int64, _ position: Position) throws(RhaiError) -> Int64 {
    if step == 0 { throw zeroStep(position) }
    return step > 0 ? Swift.min(to, Int64.max - step + 1) : Swift.max(to, Int64.min - step - 1)
}

/// `range(from, to, step)` over INTs, as an array.
private func steppedRange(_ from: Int64, _ to: Int64, _ step: Int64, _ position: Position) throws -> Dynamic {
    let end = try steppedRangeEnd(to, step, position)
    var items: [Dynamic] = []
    for value in Swift.stride(from: from, to: end, by: Int(step)) { items.append(.int(value)) }
    return .array(items)
}

/// `range(from, to, step)` over FLOATs as Rust's `StepRange` yields it, as an array (at most
/// 100 million items): a step that does not move `from` is an error, a NaN gives nothing.
private func floatRange(_ from: Double, _ to: Double, _ step: Double, _ position: Position) throws -> Dynamic {
    if from + step == from { throw zeroStep(position) }
    let direction: Double = from < to && from + step > from ? 1 : from > to && from + step < from ? -1 : 0
    var items: [Dynamic] = []
    var current = from
    while direction != 0 && (current - to) * direction < 0 && items.count < 100_000_000 {
        items.append(.float(current))
        current += step
    }
    return .array(items)
}

/// The error of a zero step, raised (as in Rust) from inside the `range` function.
private func zeroStep(_ position: Position) -> RhaiError {
    RhaiError.arithmetic("step value cannot be zero").leavingFunction("range", source: "", at: position)
}

/// `get_fn_metadata_list` (lang_core.rs): a map for each script function the filter accepts.
/// Rust lists them in hash order and includes closures; here the named ones, by name and arity.
private func functionMetadata(_ call: NativeCall, _ accepts: (ScriptFunction) -> Bool) -> Dynamic {
    let functions = call.runtime.library.functions.values.filter(accepts).sorted {
        ($0.name, $0.arity) < ($1.name, $1.arity)
    }
    return .array(functions.map { function in
        .map([
            "name": .string(function.name),
            "access": .string(function.isPrivate ? "private" : "public"),
            "is_anonymous": .bool(false),
            "params": .array(function.parameters.map { .string($0) }),
        ])
    })
}

/// Sleeps the script's thread for `seconds` (Rhai's `sleep`).
private func pause(seconds: Double) {
    let whole = min(seconds, Double(Int32.max)).rounded(.down)
    var request = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
}
