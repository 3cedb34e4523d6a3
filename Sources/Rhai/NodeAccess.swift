/// Indexing (`a[i]`), property access (`m.p`), their optional forms (`?[`, `?.`),
/// and assignment to variables and paths into arrays/maps/strings.
final class IndexNode: Node {
    let object: Node
    let index: Node
    /// `?[`: when the object is `()`, the whole chain is `()` (see `OptionalChainNode`).
    let isOptional: Bool

    init(_ object: Node, _ index: Node, optional: Bool, _ position: Position) {
        self.object = object
        self.index = index
        self.isOptional = optional
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let container = try object.eval(runtime)
        if isOptional, case .unit = container { throw .shortCircuit }
        let key = try index.eval(runtime)
        if case .int(let offset) = key, case .array(let items) = container, offset >= 0, offset < Int64(items.count) {
            return items[Int(offset)]
        }
        // Errors about the index are reported where it is written; "Indexer unavailable" at `[`.
        return try Access.get(container, key, index.position, indexer: position)
    }
}

final class PropertyNode: Node {
    let object: Node
    let name: String
    /// `?.`: when the object is `()`, the whole chain is `()` (see `OptionalChainNode`).
    let isOptional: Bool

    init(_ object: Node, _ name: String, optional: Bool, _ position: Position) {
        self.object = object
        self.name = name
        self.isOptional = optional
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try object.eval(runtime)
        if isOptional, case .unit = value { throw .shortCircuit }
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
    /// `?.` or `?[` before the next step: the assignment stops (doing nothing) at a `()`.
    case optional
}

/// A step with its index already evaluated.
enum PathKey {
    case index(Dynamic)
    case property(String)
    case optional
}

enum Access {
    /// `container[key]` with Rhai's rules (negative array/string indices count from the end).
    static func get(_ container: Dynamic, _ key: Dynamic, _ position: Position, indexer: Position? = nil) throws(Interrupt) -> Dynamic {
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
            let count = text.unicodeScalars.count
            let resolved = index < 0 ? Int64(count) + index : index
            guard resolved >= 0 && resolved < Int64(count) else {
                throw .error(.stringBounds(count, index, position))
            }
            return .char(text.unicodeScalars[text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: Int(resolved))])
        case (.blob(let bytes), .int(let index)):
            let resolved = index < 0 ? Int64(bytes.count) + index : index
            guard resolved >= 0 && resolved < Int64(bytes.count) else {
                throw .error(.arrayBounds(bytes.count, index, position))
            }
            return .int(Int64(bytes[Int(resolved)]))
        case (.string(let text), .range), (.string(let text), .inclusiveRange):
            let characters = Array(text.unicodeScalars)
            let (start, end) = rangeBounds(key, characters.count)
            return .string(String(scalars: characters[start..<end]))
        case (.int(let bits), .range), (.int(let bits), .inclusiveRange):
            let (start, end) = rangeBounds(key, 64)
            return .int(extractBits(bits, start, end - start))
        case (.int(let bits), .int(let index)):
            let resolved = index < 0 ? 64 + index : index
            guard resolved >= 0 && resolved < 64 else {
                throw .error(.bitFieldBounds(64, index, position))
            }
            return .bool((bits >> resolved) & 1 == 1)
        case (.array, _), (.string, _), (.blob, _), (.int, _):
            throw .error(.mismatch(expected: "i64", actual: key.typeName, position))
        case (.map, _):
            throw .error(.mismatch(expected: "string", actual: key.typeName, position))
        default:
            throw .error(.indexingType(container.typeName, indexer ?? position))
        }
    }

    /// `+=` on strings, arrays, maps and blobs, appending without copying the target.
    private static func appendInPlace(_ target: inout Dynamic, _ op: BinaryOperator, _ value: Dynamic) -> Bool {
        guard op == .add else { return false }
        switch value {
        case .string, .char:
            guard case .string = target else { return false }
            var text = target.takeString()
            if case .string(let extra) = value { text += extra }
            if case .char(let extra) = value { text.unicodeScalars.append(extra) }
            target = .string(text)
        case .map(let extra):
            guard case .map = target else { return false }
            var map = target.takeMap()
            map.merge(extra) { _, new in new }
            target = .map(map)
        case .blob(let extra):
            guard case .blob = target else { return false }
            var bytes = target.takeBlob()
            bytes += extra
            target = .blob(bytes)
        case .int(let byte) where target.tag == .blob:
            var bytes = target.takeBlob()
            bytes.append(UInt8(truncatingIfNeeded: byte))
            target = .blob(bytes)
        default:
            guard case .array = target else { return false }
            var items = target.takeArray()
            if case .array(let extra) = value { items += extra } else { items.append(value) }
            target = .array(items)
        }
        return true
    }

    /// Applies `target[path…] = value` (or `op=`) in place. Containers are moved out of
    /// `target` while changed so Swift's copy-on-write never copies them.
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
        try assign(&target, step, path.dropFirst(), op, value, runtime, position)
    }

    /// Applies one path step, then the rest of the path.
    static func assign(_ target: inout Dynamic, _ step: PathKey, _ rest: ArraySlice<PathKey>, _ op: BinaryOperator?,
                       _ value: Dynamic, _ runtime: Runtime, _ position: Position) throws(Interrupt) {
        let key: Dynamic
        switch step {
        case .optional:
            if case .unit = target { return }
            try assign(&target, rest, op, value, runtime, position)
            return
        case .property(let name):
            guard case .map = target else {
                throw fail(.dotExpr, "Unknown property '\(name)' - a setter is not registered for type '\(target.typeName)'", position)
            }
            try assignEntry(&target, name, rest, op, value, runtime, position)
            return
        case .index(let index):
            key = index
        }
        // Switch on a payload-free tag: switching on `target` itself would keep a copy of it
        // alive for the whole switch and defeat in-place mutation.
        switch target.tag {
        case .array:
            guard case .int(let index) = key else { throw .error(.mismatch(expected: "i64", actual: key.typeName, position)) }
            var items = target.takeArray()
            defer { target = .array(items) }
            let resolved = index < 0 ? Int64(items.count) + index : index
            guard resolved >= 0 && resolved < Int64(items.count) else {
                throw .error(.arrayBounds(items.count, index, position))
            }
            try assign(&items[Int(resolved)], rest, op, value, runtime, position)
        case .map:
            switch key {
            case .string(let name): try assignEntry(&target, name, rest, op, value, runtime, position)
            case .char(let name): try assignEntry(&target, String(name), rest, op, value, runtime, position)
            default: throw .error(.mismatch(expected: "string", actual: key.typeName, position))
            }
        case .string where rest.isEmpty:
            guard case .int(let index) = key else { throw .error(.mismatch(expected: "i64", actual: key.typeName, position)) }
            var characters = Array((target.asString ?? "").unicodeScalars)
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
            target = .string(String(scalars: characters))
        case .blob where rest.isEmpty:
            guard case .int(let index) = key else { throw .error(.mismatch(expected: "i64", actual: key.typeName, position)) }
            var bytes = target.takeBlob()
            defer { target = .blob(bytes) }
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
        case .int where rest.isEmpty:
            let bits = target.asInt ?? 0
            let start: Int
            let length: Int
            if key.isRange {
                let bounds = rangeBounds(key, 64)
                (start, length) = (bounds.0, bounds.1 - bounds.0)
            } else if case .int(let index) = key {
                let resolved = index < 0 ? 64 + index : index
                guard resolved >= 0 && resolved < 64 else {
                    throw .error(.bitFieldBounds(64, index, position))
                }
                (start, length) = (Int(resolved), 1)
            } else {
                throw .error(.mismatch(expected: "i64", actual: key.typeName, position))
            }
            let isRange = key.isRange
            var element: Dynamic = isRange ? .int(extractBits(bits, start, length)) : .bool(extractBits(bits, start, 1) == 1)
            try assign(&element, rest, op, value, runtime, position)
            switch element {
            case .int(let replacement) where isRange: target = .int(replaceBits(bits, start, length, replacement))
            case .bool(let flag) where !isRange: target = .int(replaceBits(bits, start, 1, flag ? 1 : 0))
            default: throw .error(.mismatch(expected: isRange ? "i64" : "bool", actual: element.typeName, position))
            }
        default:
            throw .error(.indexingType(target.typeName, position))
        }
    }

    /// Assigns to a map entry; a missing entry may only be created by plain assignment at the end of the path.
    private static func assignEntry(_ target: inout Dynamic, _ name: String, _ rest: ArraySlice<PathKey>, _ op: BinaryOperator?,
                                    _ value: Dynamic, _ runtime: Runtime, _ position: Position) throws(Interrupt) {
        var map = target.takeMap()
        defer { target = .map(map) }
        guard map[name] != nil else {
            guard rest.isEmpty && op == nil else {
                throw .error(.propertyNotFound(name, position))
            }
            map[name] = value
            let limit = runtime.engine.limits.maxMapSize
            if limit > 0 && map.count > limit {
                map[name] = nil
                throw .error(.dataTooLarge("Size of object map", position))
            }
            if runtime.checksSizes {
                let snapshot = Dynamic.map(map)
                do {
                    try runtime.checkSize(snapshot, position)
                } catch {
                    map[name] = nil
                    throw error
                }
            }
            return
        }
        try assign(&map[name]!, rest, op, value, runtime, position)
    }
}

extension Dynamic {
    /// The kind of value, without its payload.
    enum Tag {
        case unit, bool, int, float, char, string, array, map, fnPtr, range, inclusiveRange, timestamp, blob
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
    /// Where the operator is: errors of the operation and of the path are reported there
    /// (errors finding the variable at the node's position, the variable's).
    let operatorPosition: Position

    init(_ root: VariableRoot, _ path: [PathStep], _ op: BinaryOperator?, _ value: Node, _ position: Position,
         operatorPosition: Position) {
        self.root = root
        self.path = path
        self.op = op
        self.value = value
        self.operatorPosition = operatorPosition
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
                        case .failure(let error): throw .error(error.positioned(operatorPosition))
                        }
                        return
                    }
                    try Access.assign(&target, [], op, newValue, runtime, operatorPosition)
                } else {
                    target = newValue
                }
            }
            return .unit
        }
        if path.count == 1 {
            if op == nil, case .local(let decl) = root, !decl.isShared, !decl.isConstant, case .index(let indexNode) = path[0],
               !runtime.checksSizes {
                // Fastest path: `local[i] = v` on an array, straight into the frame slot.
                let key = try indexNode.eval(runtime)
                let slot = runtime.frame + decl.slot
                if case .int(let index) = key, case .array = slot.pointee {
                    var items = slot.pointee.takeArray()
                    if index >= 0 && index < Int64(items.count) {
                        items[Int(index)] = newValue
                        slot.pointee = .array(items)
                        return .unit
                    }
                    slot.pointee = .array(items)
                }
                try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
                    try Access.assign(&target, .index(key), [], op, newValue, runtime, operatorPosition)
                }
                return .unit
            }
            // The common `a[i] = v` / `m.p = v`: no key array to allocate.
            let key: PathKey
            switch path[0] {
            case .index(let node): key = .index(try node.eval(runtime))
            case .property(let name): key = .property(name)
            case .optional: key = .optional
            }
            try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
                try Access.assign(&target, key, [], op, newValue, runtime, operatorPosition)
            }
            return .unit
        }
        var keys: [PathKey] = []
        keys.reserveCapacity(path.count)
        for step in path {
            switch step {
            case .index(let node): keys.append(.index(try node.eval(runtime)))
            case .property(let name): keys.append(.property(name))
            case .optional: keys.append(.optional)
            }
        }
        try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
            try Access.assign(&target, keys[...], op, newValue, runtime, operatorPosition)
        }
        return .unit
    }
}

