/// The Rust engine's rules for one step of a chain (`eval/chaining.rs` `get_indexed_mut`,
/// `eval/target.rs`): what `container[key]` and `value.property` read, and how a write through
/// a part that is not a value of its own (a blob byte, a bit, a bit-field, a character or a
/// slice of a string) lands back in its container (`Target::propagate_changed_value`).
enum Access {
    /// `calc_index`: the position of `index` in `0..<length`, negative indices counting from
    /// the end; nil when outside.
    @inline(__always)
    static func resolve(_ index: Int64, _ length: Int) -> Int? {
        if index >= 0 { return index < Int64(length) ? Int(index) : nil }
        let distance = index.magnitude
        return distance <= UInt64(length) ? length - Int(distance) : nil
    }

    /// `container[key]`, reading. Errors point at the key (`position` of `[` for types without an indexer).
    static func get(_ container: Dynamic, _ key: Dynamic, _ step: ChainStep) throws(Interrupt) -> Dynamic {
        switch container {
        case .array(let items):
            let at = try element(key, items.count, step.keyPosition)
            return items[at]
        case .blob(let bytes):
            let at = try element(key, bytes.count, step.keyPosition)
            return .int(Int64(bytes[at]))
        case .map(let map):
            guard case .string(let name) = key else {
                throw .error(.mismatch(expected: "string", actual: key.rawTypeName, step.keyPosition))
            }
            return map[name] ?? .unit
        case .int(let bits):
            switch key {
            case .int(let index):
                let at = try bit(index, step.keyPosition)
                return .bool(bits & (1 << Int64(at)) != 0)
            case .range, .inclusiveRange:
                let (shift, mask) = try bitField(key, step.keyPosition)
                return .int((bits & mask) >> shift)
            default:
                throw .error(.mismatch(expected: "i64", actual: key.rawTypeName, step.keyPosition))
            }
        case .string(let text):
            switch key {
            case .int(let index): return .char(try character(text, index, step.keyPosition).scalar)
            case .range, .inclusiveRange: return .string(try StringSlice(text, key, step.keyPosition).value)
            default: throw .error(.mismatch(expected: "i64", actual: key.rawTypeName, step.keyPosition))
            }
        default:
            throw .error(.indexingType("\(container.typeName) [\(key.typeName)]", step.position))
        }
    }

    /// `target[key] = value` (or `op=`) where `target` is a blob, an integer or a string: the byte,
    /// bit, bit-field, character or slice is changed and written back with the Rust engine's type
    /// checks. Other types have no indexer to set through.
    static func assignPart(_ target: inout Dynamic, _ key: Dynamic, _ step: ChainStep, _ write: ChainWrite,
                           _ runtime: Runtime) throws(Interrupt) {
        switch target.tag {
        case .blob:
            var bytes = target.takeBlob()
            defer { target = .blob(bytes) }
            let at = try element(key, bytes.count, step.keyPosition)
            var value = Dynamic.int(Int64(bytes[at]))
            try apply(&value, write, runtime)
            guard case .int(let byte) = value else {
                throw .error(.mismatch(expected: "INT", actual: value.rawTypeName, write.position))
            }
            bytes[at] = UInt8(truncatingIfNeeded: byte)
        case .int:
            let bits = target.asInt ?? 0
            switch key {
            case .int(let index):
                let at = try bit(index, step.keyPosition)
                let mask: Int64 = 1 << Int64(at)
                var value = Dynamic.bool(bits & mask != 0)
                try apply(&value, write, runtime)
                guard case .bool(let flag) = value else {
                    throw .error(.mismatch(expected: "bool", actual: value.rawTypeName, write.position))
                }
                target = .int(flag ? bits | mask : bits & ~mask)
            case .range, .inclusiveRange:
                let (shift, mask) = try bitField(key, step.keyPosition)
                var value = Dynamic.int((bits & mask) >> shift)
                try apply(&value, write, runtime)
                guard case .int(let field) = value else {
                    throw .error(.mismatch(expected: "integer", actual: value.rawTypeName, write.position))
                }
                target = .int(bits & ~mask | (field &<< shift) & mask)
            default:
                throw .error(.mismatch(expected: "i64", actual: key.rawTypeName, step.keyPosition))
            }
        case .string:
            let text = target.asString ?? ""
            switch key {
            case .int(let index):
                let (scalar, offset) = try character(text, index, step.keyPosition)
                var value = Dynamic.char(scalar)
                try apply(&value, write, runtime)
                guard case .char(let replacement) = value else {
                    throw .error(.mismatch(expected: "char", actual: value.rawTypeName, write.position))
                }
                var scalars = Array(text.unicodeScalars)
                if offset < scalars.count { scalars[offset] = replacement }
                target = .string(String(scalars: scalars))
            case .range, .inclusiveRange:
                let part = try StringSlice(text, key, step.keyPosition)
                var value = Dynamic.string(part.value)
                try apply(&value, write, runtime)
                target = .string(part.replaced(in: text, with: value))
            default:
                throw .error(.mismatch(expected: "i64", actual: key.rawTypeName, step.keyPosition))
            }
        default:
            throw .error(.indexingType("\(target.typeName) [\(key.typeName)] = \(write.value.typeName)", step.position))
        }
    }

    /// `target = value` or `target op= value` on a value held in place.
    static func apply(_ target: inout Dynamic, _ write: ChainWrite, _ runtime: Runtime) throws(Interrupt) {
        guard let op = write.op else {
            target = write.value
            return
        }
        if !appendInPlace(&target, op, write.value) {
            target = try runtime.binary(op, target, write.value, write.position)
        }
    }

    /// `+=` on strings, arrays, maps and blobs, appending without copying the target
    /// (builtin.rs `get_builtin_op_assignment_fn`: an array takes any value as a new item,
    /// a blob takes a byte or the UTF-8 bytes of a char or string; a char stays a char
    /// when given an empty string).
    private static func appendInPlace(_ target: inout Dynamic, _ op: BinaryOperator, _ value: Dynamic) -> Bool {
        guard op == .add else { return false }
        switch (target.tag, value) {
        case (.string, .string(let extra)):
            var text = target.takeString()
            text += extra
            target = .string(text)
        case (.string, .char(let extra)):
            var text = target.takeString()
            text.unicodeScalars.append(extra)
            target = .string(text)
        case (.map, .map(let extra)):
            var map = target.takeMap()
            map.merge(extra) { _, new in new }
            target = .map(map)
        case (.blob, .blob(let extra)):
            var bytes = target.takeBlob()
            bytes += extra
            target = .blob(bytes)
        case (.blob, .int(let byte)):
            var bytes = target.takeBlob()
            bytes.append(UInt8(truncatingIfNeeded: byte))
            target = .blob(bytes)
        case (.blob, .char(let extra)):
            var bytes = target.takeBlob()
            bytes += String(extra).utf8
            target = .blob(bytes)
        case (.blob, .string(let extra)):
            var bytes = target.takeBlob()
            bytes += extra.utf8
            target = .blob(bytes)
        case (.char, .string(let extra)) where extra.isEmpty:
            break
        case (.array, _):
            var items = target.takeArray()
            if case .array(let extra) = value { items += extra } else { items.append(value) }
            target = .array(items)
        default:
            return false
        }
        return true
    }

    // MARK: positions inside a container

    /// The element an array or blob index names ("Array index … out of bounds" otherwise).
    @inline(__always)
    static func element(_ key: Dynamic, _ count: Int, _ position: Position) throws(Interrupt) -> Int {
        guard case .int(let index) = key else {
            throw .error(.mismatch(expected: "i64", actual: key.rawTypeName, position))
        }
        guard let at = resolve(index, count) else { throw .error(.arrayBounds(count, index, position)) }
        return at
    }

    /// The bit an integer index names (negative counting from bit 63).
    private static func bit(_ index: Int64, _ position: Position) throws(Interrupt) -> Int {
        guard let at = resolve(index, 64) else { throw .error(.bitFieldBounds(64, index, position)) }
        return at
    }

    /// `Target::BitField` for `bits[range]`: the shift and the (shifted) mask. Bounds do not
    /// count from the end; an open end (`4..`) runs to the last bit; an empty range has mask 0.
    private static func bitField(_ range: Dynamic, _ position: Position) throws(Interrupt) -> (shift: Int64, mask: Int64) {
        let (start, end): (Int64, Int64)
        switch range {
        case .range(let from, let to):
            guard from >= 0 && from < 64 else { throw .error(.bitFieldBounds(64, from, position)) }
            let upper = to == .max ? 64 : to
            guard upper >= 0 && upper <= 64 else { throw .error(.bitFieldBounds(64, upper, position)) }
            (start, end) = (from, upper)
        case .inclusiveRange(let from, let to):
            guard from >= 0 && from < 64 else { throw .error(.bitFieldBounds(64, from, position)) }
            let last = to == .max ? 63 : to
            guard last >= 0 && last < 64 else { throw .error(.bitFieldBounds(64, last, position)) }
            (start, end) = (from, last + 1)
        default:
            return (0, 0)
        }
        if end <= start { return (0, 0) }
        if start == 0 && end == 64 { return (0, -1) }
        let width = UInt64(end - start)
        return (start, Int64(bitPattern: ((1 << width) - 1) &<< UInt64(start)))
    }

    /// `Target::StringChar`: the character at `index` and the offset a write goes to. A negative
    /// index reads from the end, but (a bug of v1.25.0, followed here) the write goes to the
    /// offset `-index` counted from the start.
    static func character(_ text: String, _ index: Int64, _ position: Position) throws(Interrupt) -> (scalar: Unicode.Scalar, offset: Int) {
        let scalars = text.unicodeScalars
        if index >= 0, let at = scalars.index(scalars.startIndex, offsetBy: Int(index), limitedBy: scalars.endIndex),
           at != scalars.endIndex {
            return (scalars[at], Int(index))
        }
        if index < 0, index.magnitude <= UInt64(Int.max),
           let at = scalars.index(scalars.endIndex, offsetBy: -Int(index.magnitude), limitedBy: scalars.startIndex) {
            return (scalars[at], Int(index.magnitude))
        }
        throw .error(.stringBounds(scalars.count, index, position))
    }
}

/// The value of an assignment through a chain (`a[i] = v`, `m.p += v`), and where its operator is.
struct ChainWrite {
    let op: BinaryOperator?
    let value: Dynamic
    let position: Position
}

extension Runtime {
    /// `value.name` on a value that is not a map: the getters the Rust engine's packages register.
    func getProperty(_ value: Dynamic, _ name: String, _ position: Position) throws(Interrupt) -> Dynamic {
        if Access.hasGetter(value.tag, name), let result = try callNativeIfExists(name, [value], position) {
            return result
        }
        let message = "Unknown property '\(name)' - a getter is not registered for type '\(value.typeName)'"
        throw .error(.dotExpression(message, property: message, position))
    }

    /// `value.name = newValue` on a value that is not a map: no type has a setter.
    func setPropertyFailure(_ value: Dynamic, _ name: String, _ newValue: Dynamic, _ position: Position) -> Interrupt {
        let message = "No writable property '\(name)' - a setter is not registered for type '\(value.typeName)' to handle '\(newValue.typeName)'"
        return .error(.dotExpression(message, property: message, position))
    }
}

extension Access {
    /// Whether the Rust engine's packages register a getter (`get$name`) for the type.
    static func hasGetter(_ tag: Dynamic.Tag, _ name: String) -> Bool {
        switch (tag, name) {
        case (.string, "len"), (.string, "is_empty"), (.string, "bytes"), (.string, "chars"),
             (.array, "len"), (.array, "is_empty"), (.blob, "len"), (.blob, "is_empty"),
             (.int, "is_zero"), (.int, "is_odd"), (.int, "is_even"), (.int, "bits"),
             (.float, "is_zero"), (.float, "floor"), (.float, "ceiling"), (.float, "round"), (.float, "int"),
             (.float, "fraction"), (.float, "is_nan"), (.float, "is_finite"), (.float, "is_infinite"),
             (.range, "start"), (.range, "end"), (.range, "is_inclusive"), (.range, "is_exclusive"), (.range, "is_empty"),
             (.inclusiveRange, "start"), (.inclusiveRange, "end"), (.inclusiveRange, "is_inclusive"),
             (.inclusiveRange, "is_exclusive"), (.inclusiveRange, "is_empty"),
             (.timestamp, "elapsed"), (.fnPtr, "name"), (.fnPtr, "is_anonymous"):
            return true
        default:
            return false
        }
    }
}

extension Access {
    /// Whether the Rust engine's packages define the method as changing its object (not `pure`),
    /// so it may not be called on a constant.
    static func changesObject(_ name: String, _ tag: Dynamic.Tag) -> Bool {
        switch (tag, name) {
        case (_, "take"), (_, "set_tag"),
             (.array, "append"), (.array, "chop"), (.array, "clear"), (.array, "dedup"), (.array, "drain"),
             (.array, "extract"), (.array, "for_each"), (.array, "get"), (.array, "insert"), (.array, "order"),
             (.array, "order_by"), (.array, "order_desc"), (.array, "pad"), (.array, "pop"), (.array, "push"),
             (.array, "remove"), (.array, "retain"), (.array, "reverse"), (.array, "set"), (.array, "shift"),
             (.array, "sort"), (.array, "sort_by"), (.array, "sort_desc"), (.array, "splice"), (.array, "split"),
             (.array, "truncate"),
             (.blob, "append"), (.blob, "chop"), (.blob, "clear"), (.blob, "drain"), (.blob, "extract"),
             (.blob, "insert"), (.blob, "pad"), (.blob, "pop"), (.blob, "push"), (.blob, "remove"),
             (.blob, "retain"), (.blob, "reverse"), (.blob, "set"), (.blob, "shift"), (.blob, "splice"),
             (.blob, "split"), (.blob, "truncate"), (.blob, "write_ascii"), (.blob, "write_be"),
             (.blob, "write_le"), (.blob, "write_utf8"),
             (.string, "append"), (.string, "clear"), (.string, "crop"), (.string, "make_lower"),
             (.string, "make_upper"), (.string, "pad"), (.string, "pop"), (.string, "remove"),
             (.string, "replace"), (.string, "set"), (.string, "trim"), (.string, "truncate"),
             (.map, "clear"), (.map, "drain"), (.map, "fill_with"), (.map, "mixin"), (.map, "remove"),
             (.map, "retain"), (.map, "set"),
             (.char, "make_lower"), (.char, "make_upper"), (.int, "set_bit"), (.int, "set_bits"),
             (.range, "contains"), (.inclusiveRange, "contains"):
            return true
        default:
            return false
        }
    }
}

extension RhaiError {
    static func nonPureMethodCallOnConstant(_ name: String, _ position: Position) -> RhaiError {
        var error = RhaiError(.nonPureMethodCallOnConstant, "Non-pure method '\(name)' cannot be called on constant", at: position)
        error.fields = [("function", .string(name))]
        return error
    }
}

extension Dynamic {
    /// The Rust engine's `type_name` of a value, as type-mismatch errors name the actual type:
    /// ranges by their Rust types, other values as `type_of` does.
    var rawTypeName: String {
        switch self {
        case .range: return "core::ops::range::Range<i64>"
        case .inclusiveRange: return "core::ops::range::RangeInclusive<i64>"
        default: return typeName
        }
    }

    /// The kind of value, without its payload.
    enum Tag {
        case unit, bool, int, float, char, string, array, map, fnPtr, range, inclusiveRange, timestamp, blob, iterator
    }

    var tag: Tag {
        switch self {
        case .unit: return .unit
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .char: return .char
        case .string: return .string
        case .array: return .array
        case .map: return .map
        case .fnPtr: return .fnPtr
        case .range: return .range
        case .inclusiveRange: return .inclusiveRange
        case .iterator: return .iterator
        case .timestamp: return .timestamp
        case .blob: return .blob
        }
    }

    /// Moves the array out of the value (leaving `()`), so it can change without a copy.
    @inline(__always)
    mutating func takeArray() -> [Dynamic] {
        guard case .array(let items) = self else { return [] }
        self = .unit
        return items
    }

    @inline(__always)
    mutating func takeMap() -> [String: Dynamic] {
        guard case .map(let map) = self else { return [:] }
        self = .unit
        return map
    }

    @inline(__always)
    mutating func takeString() -> String {
        guard case .string(let text) = self else { return "" }
        self = .unit
        return text
    }

    @inline(__always)
    mutating func takeBlob() -> [UInt8] {
        guard case .blob(let bytes) = self else { return [] }
        self = .unit
        return bytes
    }
}

/// `length` bits of `value` starting at bit `start`, as a number.
func extractBits(_ value: Int64, _ start: Int, _ length: Int) -> Int64 {
    guard length > 0, start < 64 else { return 0 }
    let shifted = UInt64(bitPattern: value) >> UInt64(start)
    return length >= 64 ? Int64(bitPattern: shifted) : Int64(bitPattern: shifted & ((1 << UInt64(length)) - 1))
}

/// `value` with `length` bits from bit `start` replaced by the low bits of `bits`.
func replaceBits(_ value: Int64, _ start: Int, _ length: Int, _ bits: Int64) -> Int64 {
    guard length > 0, start < 64 else { return value }
    let width = min(length, 64 - start)
    let mask: UInt64 = width >= 64 ? .max : ((1 << UInt64(width)) - 1) << UInt64(start)
    let result = (UInt64(bitPattern: value) & ~mask) | ((UInt64(bitPattern: bits) << UInt64(start)) & mask)
    return Int64(bitPattern: result)
}
