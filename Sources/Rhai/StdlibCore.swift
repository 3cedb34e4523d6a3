/// Core functions: output, type inspection, function pointers, ranges, `in`.
extension StandardLibrary {
    func registerCore() {
        add("print", [.any]) { call in
            call.runtime.engine.onPrint(call[0].description)
            return .unit
        }
        add("print", []) { call in
            call.runtime.engine.onPrint("")
            return .unit
        }
        add("debug", [.any]) { call in
            call.runtime.engine.onDebug(call[0].debugDescription, call.runtime.source, call.position)
            return .unit
        }
        add("type_of", [.any]) { call in .string(call[0].typeName) }
        add("to_string", [.any]) { call in .string(call[0].description) }
        add("to_debug", [.any]) { call in .string(call[0].debugDescription) }

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
        add("is_shared", [.any]) { _ in .bool(false) }
        add("exit", []) { _ in throw Interrupt.exit(.unit) }
        add("exit", [.any]) { call in throw Interrupt.exit(call[0]) }
        add("name", [.fnPtr]) { call in .string(call[0].asFnPtr!.name) }
        add("is_anonymous", [.fnPtr]) { call in .bool(call[0].asFnPtr!.isAnonymous) }
        add("is_def_fn", [.string, .int]) { call in
            .bool(call.runtime.library.lookup(call.string(0), arity: Int(call.int(1))) != nil)
        }
        add("is_def_fn", [.string]) { call in
            .bool(call.runtime.library.contains(name: call.string(0)))
        }

        add("range", [.int, .int]) { call in .range(call.int(0), call.int(1)) }
        add("range", [.int, .int, .int]) { call in
            let (start, end, step) = (call.int(0), call.int(1), call.int(2))
            guard step != 0 else { throw RhaiError.arithmetic("step value cannot be zero", call.position) }
            var items: [Dynamic] = []
            var current = start
            while step > 0 ? current < end : current > end {
                items.append(.int(current))
                let (next, overflow) = current.addingReportingOverflow(step)
                if overflow { break }
                current = next
            }
            return .array(items)
        }
        add("range", [.float, .float]) { call in try floatRange(call.float(0), call.float(1), 1) }
        add("range", [.float, .float, .float]) { call in try floatRange(call.float(0), call.float(1), call.float(2)) }
        for bitsType in [ParameterType.range, .inclusiveRange] {
            add("bits", [.int, bitsType]) { call in
                let (start, end) = rangeBounds(call[1], 64)
                return bitArray(call.int(0), start, end - start)
            }
        }
        add("bits", [.int]) { call in bitArray(call.int(0), 0, 64) }
        add("bits", [.int, .int]) { call in
            let start = clampedPosition(call.int(1), 64)
            return bitArray(call.int(0), start, 64 - start)
        }
        add("bits", [.int, .int, .int]) { call in
            bitArray(call.int(0), clampedPosition(call.int(1), 64), max(0, Int(clamping: call.int(2))))
        }
        add("get_bits", [.int, .int, .int]) { call in
            .int(extractBits(call.int(0), clampedPosition(call.int(1), 64), max(0, Int(clamping: call.int(2)))))
        }
        add("set_bits", [.int, .int, .int, .int]) { call in
            let updated = replaceBits(call.int(0), clampedPosition(call.int(1), 64), max(0, Int(clamping: call.int(2))), call.int(3))
            call[0] = .int(updated)
            return .unit
        }
        add("get_bit", [.int, .int]) { call in
            .bool(extractBits(call.int(0), clampedPosition(call.int(1), 64), 1) == 1)
        }
        add("set_bit", [.int, .int, .bool]) { call in
            call[0] = .int(replaceBits(call.int(0), clampedPosition(call.int(1), 64), 1, call.bool(2) ? 1 : 0))
            return .unit
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
            add("len", [type]) { call in
                switch call[0] {
                case .range(let start, let end): return .int(max(0, end - start))
                case .inclusiveRange(let start, let end): return .int(max(0, end - start + 1))
                default: return .int(0)
                }
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

/// `from`, `from + step`, … up to (excluding) `to`, as an array of floats.
private func floatRange(_ from: Double, _ to: Double, _ step: Double) throws -> Dynamic {
    guard step != 0, step.isFinite else { throw RhaiError.arithmetic("step value cannot be zero") }
    var items: [Dynamic] = []
    var current = from
    while step > 0 ? current < to : current > to {
        items.append(.float(current))
        current += step
        if items.count > 100_000_000 { break }
    }
    return .array(items)
}

/// The bits of `value` from `start`, `length` of them, as booleans.
private func bitArray(_ value: Int64, _ start: Int, _ length: Int) -> Dynamic {
    let end = min(64, start + length)
    guard start < end else { return .array([]) }
    return .array((start..<end).map { .bool((value >> Int64($0)) & 1 == 1) })
}
