/// Indexing (`a[i]`), property access (`m.p`), their optional forms (`?[`, `?.`),
/// and assignment to variables and paths into arrays/maps/strings.
final class IndexNode: Node {
    let object: Node
    let index: Node
    /// `?[`: yields `()` when the object is `()`.
    let isOptional: Bool

    init(_ object: Node, _ index: Node, optional: Bool, _ position: Position) {
        self.object = object
        self.index = index
        self.isOptional = optional
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let container = try object.eval(runtime)
        if isOptional, case .unit = container { return .unit }
        let key = try index.eval(runtime)
        return try Access.get(container, key, position)
    }
}

final class PropertyNode: Node {
    let object: Node
    let name: String
    /// `?.`: yields `()` when the object is `()`.
    let isOptional: Bool

    init(_ object: Node, _ name: String, optional: Bool, _ position: Position) {
        self.object = object
        self.name = name
        self.isOptional = optional
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try object.eval(runtime)
        if isOptional, case .unit = value { return .unit }
        if case .map(let map) = value { return map[name] ?? .unit }
        return try runtime.getProperty(value, name, position)
    }
}

extension Runtime {
    /// A property of a non-map value: a one-argument function used as a getter (e.g. `s.len`).
    func getProperty(_ value: Dynamic, _ name: String, _ position: Position) throws(Interrupt) -> Dynamic {
        if let result = try callNativeIfExists(name, [value], position) { return result }
        throw fail(.dotExpr, "Unknown property '\(name)' - a getter is not registered for type '\(value.typeName)'", position)
    }
}

/// A step in an assignment target path.
enum PathStep {
    case index(Node)
    case property(String)
}

/// A step with its index already evaluated.
enum PathKey {
    case index(Dynamic)
    case property(String)
}

enum Access {
    /// `container[key]` with Rhai's rules (negative array/string indices count from the end).
    static func get(_ container: Dynamic, _ key: Dynamic, _ position: Position) throws(Interrupt) -> Dynamic {
        switch (container, key) {
        case (.array(let items), .int(let index)):
            let resolved = index < 0 ? Int64(items.count) + index : index
            guard resolved >= 0 && resolved < Int64(items.count) else {
                throw .error(.arrayBounds(items.count, index, position))
            }
            return items[Int(resolved)]
        case (.map(let map), .string(let name)):
            return map[name] ?? .unit
        case (.map(let map), .char(let name)):
            return map[String(name)] ?? .unit
        case (.string(let text), .int(let index)):
            let count = text.count
            let resolved = index < 0 ? Int64(count) + index : index
            guard resolved >= 0 && resolved < Int64(count) else {
                throw .error(.stringBounds(count, index, position))
            }
            return .char(text[text.index(text.startIndex, offsetBy: Int(resolved))])
        case (.blob(let bytes), .int(let index)):
            let resolved = index < 0 ? Int64(bytes.count) + index : index
            guard resolved >= 0 && resolved < Int64(bytes.count) else {
                throw .error(.arrayBounds(bytes.count, index, position))
            }
            return .int(Int64(bytes[Int(resolved)]))
        case (.string(let text), .range), (.string(let text), .inclusiveRange):
            let characters = Array(text)
            let (start, end) = rangeBounds(key, characters.count)
            return .string(String(characters[start..<end]))
        case (.int(let bits), .range), (.int(let bits), .inclusiveRange):
            let (start, end) = rangeBounds(key, 64)
            return .int(extractBits(bits, start, end - start))
        case (.int(let bits), .int(let index)):
            let resolved = index < 0 ? 64 + index : index
            guard resolved >= 0 && resolved < 64 else {
                throw fail(.indexOutOfBounds, "Bit-field index \(index) out of bounds: only 64 bits in bit-field", position)
            }
            return .bool((bits >> resolved) & 1 == 1)
        case (.array, _), (.string, _), (.blob, _), (.int, _):
            throw .error(.mismatch(expected: "i64", actual: key.typeName, position))
        case (.map, _):
            throw .error(.mismatch(expected: "string", actual: key.typeName, position))
        default:
            throw fail(.indexingType, "Indexer unavailable: \(container.typeName)", position)
        }
    }

    /// `+=` on strings, arrays, maps and blobs, appending without copying the target.
    private static func appendInPlace(_ target: inout Dynamic, _ op: BinaryOperator, _ value: Dynamic) -> Bool {
        guard op == .add else { return false }
        switch (target, value) {
        case (.string(var text), .string(let extra)):
            target = .unit
            text += extra
            target = .string(text)
        case (.string(var text), .char(let extra)):
            target = .unit
            text.append(extra)
            target = .string(text)
        case (.array(var items), .array(let extra)):
            target = .unit
            items += extra
            target = .array(items)
        case (.array(var items), _):
            target = .unit
            items.append(value)
            target = .array(items)
        case (.map(var map), .map(let extra)):
            target = .unit
            map.merge(extra) { _, new in new }
            target = .map(map)
        case (.blob(var bytes), .blob(let extra)):
            target = .unit
            bytes += extra
            target = .blob(bytes)
        default:
            return false
        }
        return true
    }

    /// Applies `target[path…] = value` (or `op=`) in place.
    static func assign(_ target: inout Dynamic, _ path: ArraySlice<PathKey>, _ op: BinaryOperator?,
                       _ value: Dynamic, _ runtime: Runtime, _ position: Position) throws(Interrupt) {
        guard let step = path.first else {
            if let op {
                if !appendInPlace(&target, op, value) {
                    target = try runtime.binary(op, target, value, position)
                }
            } else {
                target = value
            }
            try runtime.checkSize(target, position)
            return
        }
        let rest = path.dropFirst()
        switch (target, step) {
        case (.array(var items), .index(.int(let index))):
            let resolved = index < 0 ? Int64(items.count) + index : index
            guard resolved >= 0 && resolved < Int64(items.count) else {
                throw .error(.arrayBounds(items.count, index, position))
            }
            target = .unit
            defer { target = .array(items) }
            try assign(&items[Int(resolved)], rest, op, value, runtime, position)
        case (.map(var map), .property(let name)), (.map(var map), .index(.string(let name))):
            target = .unit
            defer { target = .map(map) }
            if map[name] == nil {
                guard rest.isEmpty && op == nil else {
                    throw fail(.propertyNotFound, "Property not found: \(name)", position)
                }
                map[name] = value
                let limit = runtime.engine.limits.maxMapSize
                if limit > 0 && map.count > limit {
                    map[name] = nil
                    throw fail(.dataTooLarge, "Size of object map too large", position)
                }
                return
            }
            try assign(&map[name]!, rest, op, value, runtime, position)
        case (.string(let text), .index(.int(let index))) where rest.isEmpty:
            var characters = Array(text)
            let resolved = index < 0 ? Int64(characters.count) + index : index
            guard resolved >= 0 && resolved < Int64(characters.count) else {
                throw .error(.stringBounds(characters.count, index, position))
            }
            var element = Dynamic.char(characters[Int(resolved)])
            try assign(&element, rest, op, value, runtime, position)
            guard case .char(let character) = element else {
                throw .error(.mismatch(expected: "char", actual: element.typeName, position))
            }
            characters[Int(resolved)] = character
            target = .string(String(characters))
        case (.blob(var bytes), .index(.int(let index))) where rest.isEmpty:
            let resolved = index < 0 ? Int64(bytes.count) + index : index
            guard resolved >= 0 && resolved < Int64(bytes.count) else {
                throw .error(.arrayBounds(bytes.count, index, position))
            }
            var element = Dynamic.int(Int64(bytes[Int(resolved)]))
            try assign(&element, rest, op, value, runtime, position)
            guard case .int(let byte) = element else {
                throw .error(.mismatch(expected: "i64", actual: element.typeName, position))
            }
            bytes[Int(resolved)] = UInt8(truncatingIfNeeded: byte)
            target = .blob(bytes)
        case (.int(let bits), .index(let range)) where rest.isEmpty && (range.isRange):
            let (start, end) = rangeBounds(range, 64)
            var element = Dynamic.int(extractBits(bits, start, end - start))
            try assign(&element, rest, op, value, runtime, position)
            guard case .int(let replacement) = element else {
                throw .error(.mismatch(expected: "i64", actual: element.typeName, position))
            }
            target = .int(replaceBits(bits, start, end - start, replacement))
        case (.int(let bits), .index(.int(let index))) where rest.isEmpty:
            let resolved = index < 0 ? 64 + index : index
            guard resolved >= 0 && resolved < 64 else {
                throw fail(.indexOutOfBounds, "Bit-field index \(index) out of bounds: only 64 bits in bit-field", position)
            }
            var element = Dynamic.bool((bits >> resolved) & 1 == 1)
            try assign(&element, rest, op, value, runtime, position)
            guard case .bool(let flag) = element else {
                throw .error(.mismatch(expected: "bool", actual: element.typeName, position))
            }
            target = .int(flag ? bits | (1 << resolved) : bits & ~(1 << resolved))
        case (.array, .index(let key)), (.string, .index(let key)), (.blob, .index(let key)):
            throw .error(.mismatch(expected: "i64", actual: key.typeName, position))
        case (.map, .index(let key)):
            throw .error(.mismatch(expected: "string", actual: key.typeName, position))
        case (_, .property(let name)):
            throw fail(.dotExpr, "Unknown property '\(name)' - a setter is not registered for type '\(target.typeName)'", position)
        case (_, .index):
            throw fail(.indexingType, "Indexer unavailable: \(target.typeName)", position)
        }
    }
}

extension Dynamic {
    var isRange: Bool {
        switch self {
        case .range, .inclusiveRange: return true
        default: return false
        }
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

/// `target = value` and compound assignments (`+=`, `-=`, …) to a variable or a path in it.
final class AssignNode: Node {
    let root: VariableRoot
    let path: [PathStep]
    let op: BinaryOperator?
    let value: Node

    init(_ root: VariableRoot, _ path: [PathStep], _ op: BinaryOperator?, _ value: Node, _ position: Position) {
        self.root = root
        self.path = path
        self.op = op
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let newValue = try value.eval(runtime)
        if path.isEmpty {
            try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
                if let op {
                    if case .int(let a) = target, case .int(let b) = newValue {
                        switch Operators.integer(op, a, b) {
                        case .success(let result): target = result
                        case .failure(let error): throw .error(error.positioned(position))
                        }
                        return
                    }
                    try Access.assign(&target, [], op, newValue, runtime, position)
                } else {
                    target = newValue
                }
            }
            return .unit
        }
        var keys: [PathKey] = []
        keys.reserveCapacity(path.count)
        for step in path {
            switch step {
            case .index(let node): keys.append(.index(try node.eval(runtime)))
            case .property(let name): keys.append(.property(name))
            }
        }
        try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
            try Access.assign(&target, keys[...], op, newValue, runtime, position)
        }
        return .unit
    }
}

/// Assignment to a path on a temporary value (e.g. `f().x = 1`): evaluated, then discarded.
final class TemporaryAssignNode: Node {
    let object: Node
    let path: [PathStep]
    let op: BinaryOperator?
    let value: Node

    init(_ object: Node, _ path: [PathStep], _ op: BinaryOperator?, _ value: Node, _ position: Position) {
        self.object = object
        self.path = path
        self.op = op
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let newValue = try value.eval(runtime)
        var target = try object.eval(runtime)
        var keys: [PathKey] = []
        for step in path {
            switch step {
            case .index(let node): keys.append(.index(try node.eval(runtime)))
            case .property(let name): keys.append(.property(name))
            }
        }
        try Access.assign(&target, keys[...], op, newValue, runtime, position)
        return .unit
    }
}
