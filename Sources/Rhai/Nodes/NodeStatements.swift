/// Statement nodes: blocks, variable definitions, conditionals, loops, switch,
/// break/continue/return, throw and try/catch.
final class BlockNode: Node {
    /// Set by the parser; the optimizer may remove statements that cannot have effects.
    var statements: [Node] {
        didSet { statementRefs = statements.map(NodeRef.init) }
    }
    /// The statements, evaluated without retain/release (`statements` keeps them).
    private var statementRefs: [NodeRef]
    /// False for a script's global level, which is not a block statement.
    let countsAsOperation: Bool

    init(_ statements: [Node], _ position: Position, countsAsOperation: Bool = true) {
        self.statements = statements
        statementRefs = statements.map(NodeRef.init)
        self.countsAsOperation = countsAsOperation
        super.init(position)
    }

    /// A block's value is its last statement's value. The block itself counts as an
    /// operation, as each of its statements does (Rhai's accounting).
    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if countsAsOperation { try runtime.tick(position) }
        if statementRefs.count == 1 {
            try runtime.tick(statementRefs[0].position)
            return try statementRefs[0].eval(runtime)
        }
        var result = Dynamic.unit
        for statement in statementRefs {
            try runtime.tick(statement.position)
            result = try statement.eval(runtime)
        }
        return result
    }
}

/// `let name = value` / `const name = value`: evaluates to `()`.
final class LetNode: Node {
    let decl: VariableDecl
    let value: Node?
    /// A global-level `const`, also reachable from functions as `global::NAME`.
    var isGlobalConstant = false

    init(_ decl: VariableDecl, _ value: Node?, _ position: Position) {
        self.decl = decl
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let initial = try value?.eval(runtime) ?? .unit
        runtime.define(decl, initial)
        if isGlobalConstant { runtime.globalConstants[decl.name] = initial }
        return .unit
    }
}

/// Evaluates a condition that must be a `bool`.
@inline(__always)
func evalCondition(_ node: Node, _ runtime: Runtime) throws(Interrupt) -> Bool {
    let value = try node.eval(runtime)
    guard case .bool(let flag) = value else {
        throw .error(.mismatch(expected: "bool", actual: value.typeName, node.position))
    }
    return flag
}

final class IfNode: Node {
    let condition: Node
    let thenBranch: Node
    let elseBranch: Node?

    init(_ condition: Node, _ thenBranch: Node, _ elseBranch: Node?, _ position: Position) {
        self.condition = condition
        self.thenBranch = thenBranch
        self.elseBranch = elseBranch
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if try evalCondition(condition, runtime) { return try thenBranch.eval(runtime) }
        return try elseBranch?.eval(runtime) ?? .unit
    }
}

/// Runs a loop body once; returns the `break` value when the loop must stop.
@inline(__always)
func runLoopBody(_ body: Node, _ runtime: Runtime) throws(Interrupt) -> Dynamic? {
    do {
        _ = try body.eval(runtime)
    } catch {
        switch error {
        case .breakLoop(let value): return value
        case .continueLoop: return nil
        default: throw error
        }
    }
    return nil
}

/// `while cond {…}`, `loop {…}` (no condition), `do {…} while/until cond`.
final class WhileNode: Node {
    let condition: Node?
    let body: Node
    /// Checked after the body (`do … while/until`).
    let testsAfterBody: Bool
    /// `until`: loop while the condition is false.
    let isUntil: Bool

    init(_ condition: Node?, _ body: Node, testsAfterBody: Bool, isUntil: Bool, _ position: Position) {
        self.condition = condition
        self.body = body
        self.testsAfterBody = testsAfterBody
        self.isUntil = isUntil
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if !testsAfterBody, let condition {
            while try evalCondition(condition, runtime) != isUntil {
                try runtime.tick(position)
                if let value = try runLoopBody(body, runtime) { return value }
            }
            return .unit
        }
        while true {
            try runtime.tick(position)
            do {
                _ = try body.eval(runtime)
            } catch {
                switch error {
                case .breakLoop(let value): return value
                // As in the Rust engine, `continue` starts the body again without testing the condition.
                case .continueLoop: continue
                default: throw error
                }
            }
            if let condition, try evalCondition(condition, runtime) == isUntil { return .unit }
        }
    }
}

/// `for x in iterable {…}` and `for (x, i) in iterable {…}`.
final class ForNode: Node {
    let variable: VariableDecl
    let counter: VariableDecl?
    let iterable: Node
    let body: Node

    init(_ variable: VariableDecl, _ counter: VariableDecl?, _ iterable: Node, _ body: Node, _ position: Position) {
        self.variable = variable
        self.counter = counter
        self.iterable = iterable
        self.body = body
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let source = try iterable.eval(runtime)
        switch source {
        case .range(let start, let end):
            return try iterate(runtime, start, end, 1, inclusive: false)
        case .inclusiveRange(let start, let end):
            return try iterate(runtime, start, end, 1, inclusive: true)
        case .array(let items):
            return try iterate(runtime, items.count) { items[$0] }
        case .string(let text):
            let characters = Array(text.unicodeScalars)
            return try iterate(runtime, characters.count) { .char(characters[$0]) }
        case .blob(let bytes):
            return try iterate(runtime, bytes.count) { .int(Int64(bytes[$0])) }
        case .iterator(let values):
            return try iterate(runtime, values.count) { values[$0] }
        default:
            throw fail(.forLoop, "For loop expects iterable type", iterable.position)
        }
    }

    private func prepareVariables(_ runtime: Runtime) {
        if variable.isShared { runtime.cells![variable.slot] = SharedCell(.unit) }
        if let counter, counter.isShared { runtime.cells![counter.slot] = SharedCell(.unit) }
    }

    @inline(__always)
    private func assignVariables(_ runtime: Runtime, _ value: Dynamic, _ index: Int64) {
        if variable.isShared {
            runtime.cells![variable.slot]!.value = value
        } else {
            runtime.frame[variable.slot] = value
        }
        if let counter {
            if counter.isShared {
                runtime.cells![counter.slot]!.value = .int(index)
            } else {
                runtime.frame[counter.slot] = .int(index)
            }
        }
    }

    /// Iterates integers from `start` by `step` up to `end`.
    func iterate(_ runtime: Runtime, _ start: Int64, _ end: Int64, _ step: Int64, inclusive: Bool) throws(Interrupt) -> Dynamic {
        prepareVariables(runtime)
        var current = start
        var index: Int64 = 0
        while step > 0 ? (inclusive ? current <= end : current < end) : (inclusive ? current >= end : current > end) {
            try runtime.tick(position)
            assignVariables(runtime, .int(current), index)
            if let value = try runLoopBody(body, runtime) { return value }
            let (next, overflow) = current.addingReportingOverflow(step)
            if overflow { break }
            current = next
            index += 1
        }
        return .unit
    }

    private func iterate(_ runtime: Runtime, _ count: Int, _ element: (Int) -> Dynamic) throws(Interrupt) -> Dynamic {
        prepareVariables(runtime)
        var index = 0
        while index < count {
            try runtime.tick(position)
            assignVariables(runtime, element(index), Int64(index))
            if let value = try runLoopBody(body, runtime) { return value }
            index += 1
        }
        return .unit
    }
}

/// `for x in range(from, to, step) {…}`: iterates without building an array.
final class SteppedForNode: Node {
    let loop: ForNode
    let from: Node
    let to: Node
    let step: Node

    init(_ loop: ForNode, from: Node, to: Node, step: Node, _ position: Position) {
        self.loop = loop
        self.from = from
        self.to = to
        self.step = step
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let start = try from.eval(runtime)
        let end = try to.eval(runtime)
        let stride = try step.eval(runtime)
        guard case .int(let a) = start, case .int(let b) = end, case .int(let s) = stride else {
            if let value = try runtime.callNativeIfExists("range", [start, end, stride], position) {
                let iterable = ConstantNode(value, position)
                return try ForNode(loop.variable, loop.counter, iterable, loop.body, position).eval(runtime)
            }
            throw .error(.functionNotFound(callSignature("range", [start, end, stride]), position))
        }
        let last: Int64
        do throws(RhaiError) { last = try steppedRangeEnd(b, s, position) } catch { throw .error(error) }
        return try loop.iterate(runtime, a, last, s, inclusive: false)
    }
}

final class BreakNode: Node {
    let value: Node?

    init(_ value: Node?, _ position: Position) {
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        throw .breakLoop(try value?.eval(runtime) ?? .unit)
    }
}

final class ContinueNode: Node {
    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        throw .continueLoop
    }
}

final class ReturnNode: Node {
    let value: Node?

    init(_ value: Node?, _ position: Position) {
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        throw .returnValue(try value?.eval(runtime) ?? .unit)
    }
}

/// `throw value;` (`throw;` throws `()`).
final class ThrowNode: Node {
    let value: Node?

    init(_ value: Node?, _ position: Position) {
        self.value = value
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let thrown = try value?.eval(runtime) ?? .unit
        throw .error(RhaiError(.runtime, thrown.valueDisplay, at: position, thrownValue: thrown))
    }
}

/// `try {…} catch (e) {…}`; limit errors are not catchable.
final class TryNode: Node {
    let body: Node
    let errorVariable: VariableDecl?
    let handler: Node

    init(_ body: Node, _ errorVariable: VariableDecl?, _ handler: Node, _ position: Position) {
        self.body = body
        self.errorVariable = errorVariable
        self.handler = handler
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let depth = runtime.callDepth
        do {
            return try body.eval(runtime)
        } catch {
            guard case .error(let failure) = error, failure.isCatchable else { throw error }
            runtime.callDepth = depth
            if let errorVariable { runtime.define(errorVariable, failure.caughtValue(source: runtime.source)) }
            do {
                _ = try handler.eval(runtime)
                return .unit
            } catch .error(let raised) where raised.kind == .runtime && raised.thrownValue == .unit {
                // `throw;` (a thrown `()`) in the handler throws the caught error again, from there.
                var rethrown = failure
                rethrown.position = raised.position
                throw .error(rethrown)
            }
        }
    }
}

/// `switch value { 1 | 2 => …, 3..5 => …, x if guard => …, _ => … }`.
final class SwitchNode: Node {
    struct Case {
        let guardCondition: Node?
        let body: Node
    }

    let subject: Node
    /// Cases for exact constant values, in source order per value.
    let table: [Dynamic: [Case]]
    /// Integer range cases, checked in order after exact values.
    let ranges: [(lower: Int64, upper: Int64, inclusive: Bool, entry: Case)]
    let defaultBody: Node?

    init(_ subject: Node, table: [Dynamic: [Case]], ranges: [(lower: Int64, upper: Int64, inclusive: Bool, entry: Case)],
         defaultBody: Node?, _ position: Position) {
        self.subject = subject
        self.table = table
        self.ranges = ranges
        self.defaultBody = defaultBody
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try subject.eval(runtime)
        // The Rust engine finds cases by the value's hash, and a variable a closure has captured
        // (a shared value) neither hashes like its plain value nor reads as an integer for the
        // ranges: it only ever takes the default case (v1.25.0 behaviour).
        if runtime.readsSharedValue(subject) { return try defaultBody?.eval(runtime) ?? .unit }
        // A value that has cases never reaches the ranges.
        if let index = table.index(forKey: value), Self.sameKey(table[index].key, value) {
            let cases = table[index].value
            for entry in cases where try guardPasses(entry, runtime) {
                return try entry.body.eval(runtime)
            }
        } else if !ranges.isEmpty, case .int(let number) = value {
            for range in ranges {
                let inside = range.inclusive ? (number >= range.lower && number <= range.upper)
                                             : (number >= range.lower && number < range.upper)
                if inside, try guardPasses(range.entry, runtime) {
                    return try range.entry.body.eval(runtime)
                }
            }
        }
        return try defaultBody?.eval(runtime) ?? .unit
    }

    /// Rust matches cases by hash, and a float hashes by its bits: `-0.0` is not `0.0`.
    private static func sameKey(_ key: Dynamic, _ value: Dynamic) -> Bool {
        if case .float(let a) = key, case .float(let b) = value { return a.bitPattern == b.bitPattern }
        return true
    }

    /// Every case body, the default's included (for the optimizer).
    var bodies: [Node] {
        table.values.flatMap { $0.map(\.body) } + ranges.map(\.entry.body) + (defaultBody.map { [$0] } ?? [])
    }

    /// Every case condition (for the optimizer).
    var guards: [Node] {
        table.values.flatMap { $0.compactMap(\.guardCondition) } + ranges.compactMap(\.entry.guardCondition)
    }

    private func guardPasses(_ entry: Case, _ runtime: Runtime) throws(Interrupt) -> Bool {
        guard let condition = entry.guardCondition else { return true }
        return try evalCondition(condition, runtime)
    }
}
