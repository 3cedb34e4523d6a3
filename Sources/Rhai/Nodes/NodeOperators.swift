/// Operator nodes: binary arithmetic/comparison with INT and FLOAT fast paths,
/// short-circuit logic, `??`, `in`, unary operators and ranges.
final class BinaryNode: Node {
    let op: BinaryOperator
    let lhs: Node
    let rhs: Node
    private let leftAccess: OperandAccess
    private let rightAccess: OperandAccess

    init(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, _ position: Position) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        leftAccess = OperandAccess(lhs)
        rightAccess = OperandAccess(rhs)
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let left = try runtime.evalOperand(lhs, leftAccess)
        let right = try runtime.evalOperand(rhs, rightAccess)
        try runtime.tick(position)
        // The Rust engine evaluates built-in operators without attaching a position to
        // their errors ("Division by zero: 1 / 0" has none); compound assignment does attach one.
        return try runtime.binary(op, left, right, position, positionsBuiltinErrors: false)
    }
}

/// How an operand is evaluated: a plain local or a constant is read on the spot (with the
/// operation its node would count), anything else by its node. The references are unretained
/// (copying an access costs nothing): the operand node, kept by its owner, holds them.
enum OperandAccess {
    case node
    case local(Unmanaged<VariableDecl>)
    case constant(Unmanaged<ConstantNode>)

    init(_ node: Node) {
        if let local = node as? LocalNode {
            self = .local(.passUnretained(local.decl))
        } else if let constant = node as? ConstantNode {
            self = .constant(.passUnretained(constant))
        } else {
            self = .node
        }
    }

    /// The operand's value when reading it can neither fail nor count differently: a constant,
    /// or a local not captured by a closure (nil otherwise). Counts no operation.
    @inline(__always)
    func peek(_ runtime: Runtime) -> Dynamic? {
        switch self {
        case .local(let decl):
            let (isShared, slot) = decl._withUnsafeGuaranteedRef { ($0.isShared, $0.slot) }
            return isShared ? nil : runtime.frame[slot]
        case .constant(let constant):
            return constant._withUnsafeGuaranteedRef { $0.value }
        case .node:
            return nil
        }
    }
}

extension Runtime {
    /// The value of an operand, as `node.eval` gives it.
    @inline(__always)
    func evalOperand(_ node: Node, _ access: OperandAccess) throws(Interrupt) -> Dynamic {
        if case .node = access { return try node.eval(self) }
        guard let value = access.peek(self) else { return try node.eval(self) }
        try tick(node.position)
        return value
    }

    /// Applies a binary operator: INT and FLOAT fast paths, then built-ins, then
    /// operator functions registered by the host. Errors of the built-ins carry `position`
    /// only when `positionsBuiltinErrors` is set.
    @inline(__always)
    func binary(_ op: BinaryOperator, _ left: Dynamic, _ right: Dynamic, _ position: Position,
                positionsBuiltinErrors: Bool = true) throws(Interrupt) -> Dynamic {
        if case .int(let a) = left, case .int(let b) = right {
            switch Operators.integer(op, a, b) {
            case .success(let value): return value
            case .failure(let error): throw .error(positionsBuiltinErrors ? error.positioned(position) : error)
            }
        }
        if case .float(let a) = left, case .float(let b) = right, let value = Operators.float(op, a, b) {
            return value
        }
        return try binarySlow(op, left, right, position, positionsBuiltinErrors: positionsBuiltinErrors)
    }

    @inline(never)
    func binarySlow(_ op: BinaryOperator, _ left: Dynamic, _ right: Dynamic, _ position: Position,
                    positionsBuiltinErrors: Bool = true) throws(Interrupt) -> Dynamic {
        if let result = Operators.builtin(op, left, right) {
            switch result {
            case .success(let value):
                try checkSize(value, position)
                return value
            case .failure(let error):
                // Errors of `==` on array or map items come from functions: placed at the operator.
                let placed = positionsBuiltinErrors || error.kind != .arithmetic
                throw .error(placed ? error.positioned(position) : error)
            }
        }
        if let value = try callNativeIfExists(op.rawValue, [left, right], position) {
            return value
        }
        throw .error(.functionNotFound(callSignature(op.rawValue, [left, right]), position))
    }

    /// Enforces the string/array/map size limits on a value.
    /// The value is charged to the memory account; `settles: false` leaves the recount to a
    /// later `settleMemory` (when the value's container is moved out of its variable).
    @inline(__always)
    func checkSize(_ value: Dynamic, _ position: Position, settles: Bool = true) throws(Interrupt) {
        guard checksSizes else { return }
        try checkSizeSlow(value, position, settles: settles)
    }

    /// Rhai counts sizes recursively: array elements and map entries of nested values add up.
    @inline(never)
    private func checkSizeSlow(_ value: Dynamic, _ position: Position, settles: Bool) throws(Interrupt) {
        var totals = DataSize(countsKeys: memoryLimit > 0)
        totals.add(value)
        try checkSizes(totals, position)
        if settles { try chargeMemory(totals.bytes, position) } else { memoryCharged &+= totals.bytes }
    }

    /// Enforces the size limits on `container`, grown in place by values of `added` bytes:
    /// the memory account is charged the growth, and counts the container as in hand if it
    /// recounts (`settles: false` leaves the recount to a later `settleMemory`). `added` is only
    /// measured when there is a memory limit.
    func checkGrowth(_ container: Dynamic, adding added: @autoclosure () -> Int, _ position: Position, settles: Bool = true) throws(Interrupt) {
        guard checksSizes else { return }
        if checksDataSizes {
            var totals = DataSize(countsKeys: false)
            totals.add(container)
            try checkSizes(totals, position)
        }
        guard memoryLimit > 0 else { return }
        memoryCharged &+= added()
        if settles && memoryCharged > memoryAllowance { try recountMemory(holding: container.memoryEstimate, position) }
    }

    /// Rust's `throw_on_size`: fails when a total is over its limit.
    func checkSizes(_ totals: DataSize, _ position: Position) throws(Interrupt) {
        let limits = engine.limits
        if limits.maxStringSize > 0 && totals.stringBytes > limits.maxStringSize {
            throw .error(.dataTooLarge("Length of string", position))
        }
        if limits.maxArraySize > 0 && totals.arrayItems > limits.maxArraySize {
            throw .error(.dataTooLarge("Size of array/BLOB", position))
        }
        if limits.maxMapSize > 0 && totals.mapEntries > limits.maxMapSize {
            throw .error(.dataTooLarge("Size of object map", position))
        }
    }
}

/// Total sizes inside a value, for the data size limits and the memory account.
struct DataSize {
    var arrayItems = 0
    var mapEntries = 0
    var stringBytes = 0
    var blobBytes = 0
    var keyBytes = 0
    /// Whether map keys are measured (for `bytes`; the size limits do not need them).
    var countsKeys = true

    /// The estimated memory of the values added: their string, key and blob bytes, 16 per
    /// array element (a value's slot) and 64 per map entry (slot, key and hash table).
    var bytes: Int { stringBytes + keyBytes + blobBytes + 16 * (arrayItems - blobBytes) + 64 * mapEntries }

    mutating func add(_ value: Dynamic) {
        switch value {
        case .string(let text): stringBytes += text.utf8.count
        case .blob(let bytes):
            arrayItems += bytes.count
            blobBytes += bytes.count
        case .array(let items):
            arrayItems += items.count
            for item in items where item.isContainer { add(item) }
        case .map(let map):
            mapEntries += map.count
            guard countsKeys else {
                for item in map.values where item.isContainer { add(item) }
                return
            }
            for (key, item) in map {
                keyBytes += key.utf8.count
                if item.isContainer { add(item) }
            }
        default: break
        }
    }
}

extension Dynamic {
    /// Whether the value holds strings, arrays, maps or bytes (counted by the size limits).
    var isContainer: Bool {
        switch self {
        case .string, .array, .map, .blob: return true
        default: return false
        }
    }
}

/// `&&` and `||` (short-circuit); both operands must be booleans.
final class LogicNode: Node {
    let isAnd: Bool
    let lhs: Node
    let rhs: Node

    init(isAnd: Bool, _ lhs: Node, _ rhs: Node, _ position: Position) {
        self.isAnd = isAnd
        self.lhs = lhs
        self.rhs = rhs
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let left = try boolean(lhs, runtime)
        if isAnd ? !left : left { return .bool(left) }
        return .bool(try boolean(rhs, runtime))
    }

    private func boolean(_ node: Node, _ runtime: Runtime) throws(Interrupt) -> Bool {
        let value = try node.eval(runtime)
        guard case .bool(let flag) = value else {
            throw .error(.mismatch(expected: "bool", actual: value.typeName, node.position))
        }
        return flag
    }
}

/// `a ?? b`: `b` when `a` is `()`.
final class CoalesceNode: Node {
    let lhs: Node
    let rhs: Node

    init(_ lhs: Node, _ rhs: Node, _ position: Position) {
        self.lhs = lhs
        self.rhs = rhs
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let left = try lhs.eval(runtime)
        if case .unit = left { return try rhs.eval(runtime) }
        return left
    }
}

/// `x in container` and `x !in container`.
final class InNode: Node {
    let needle: Node
    let haystack: Node
    let negated: Bool

    init(_ needle: Node, _ haystack: Node, negated: Bool, _ position: Position) {
        self.needle = needle
        self.haystack = haystack
        self.negated = negated
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let item = try needle.eval(runtime)
        let container = try haystack.eval(runtime)
        let found = try runtime.callNative("contains", [container, item], position).isTrue ?? false
        return .bool(found != negated)
    }
}

enum UnaryOperator {
    case negate, plus, not
}

final class UnaryNode: Node {
    let op: UnaryOperator
    let operand: Node

    init(_ op: UnaryOperator, _ operand: Node, _ position: Position) {
        self.op = op
        self.operand = operand
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try operand.eval(runtime)
        switch (op, value) {
        case (.negate, .int(let number)):
            if number == .min { throw fail(.arithmetic, "Negation overflow: -\(number)", position) }
            return .int(-number)
        case (.negate, .float(let number)): return .float(-number)
        case (.plus, .int), (.plus, .float): return value
        case (.not, .bool(let flag)): return .bool(!flag)
        default:
            let name = op == .negate ? "-" : op == .plus ? "+" : "!"
            if let result = try runtime.callNativeIfExists(name, [value], position) { return result }
            throw .error(.functionNotFound(callSignature(name, [value]), position))
        }
    }
}

/// `a..b` and `a..=b` (the built-in range operators of `func/builtin.rs`).
final class RangeNode: Node {
    let lower: Node
    let upper: Node
    let inclusive: Bool

    init(_ lower: Node, _ upper: Node, inclusive: Bool, _ position: Position) {
        self.lower = lower
        self.upper = upper
        self.inclusive = inclusive
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let start = try lower.eval(runtime)
        let end = try upper.eval(runtime)
        // A missing bound (`..b`, `a..`) is `()`: from 0, or to the largest integer.
        switch (start, end) {
        case (.int(let a), .int(let b)): return inclusive ? .inclusiveRange(a, b) : .range(a, b)
        case (.int(let a), .unit): return inclusive ? .inclusiveRange(a, .max) : .range(a, .max)
        case (.unit, .int(let b)): return inclusive ? .inclusiveRange(0, b) : .range(0, b)
        default:
            let name = inclusive ? "..=" : ".."
            if let result = try runtime.callNativeIfExists(name, [start, end], position) { return result }
            throw .error(.functionNotFound(callSignature(name, [start, end]), position))
        }
    }

    /// A range of integer constants is a constant, as the Rust optimizer folds it.
    override var constantValue: Dynamic? {
        switch (lower.constantValue, upper.constantValue) {
        case (.int(let a)?, .int(let b)?): return inclusive ? .inclusiveRange(a, b) : .range(a, b)
        case (.int(let a)?, .unit?): return inclusive ? .inclusiveRange(a, .max) : .range(a, .max)
        case (.unit?, .int(let b)?): return inclusive ? .inclusiveRange(0, b) : .range(0, b)
        default: return nil
        }
    }
}
