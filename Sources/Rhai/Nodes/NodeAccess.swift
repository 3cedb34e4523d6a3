/// One postfix step of a chain: `[key]`, `.property` or `.method(args)`, each possibly `?`-guarded.
final class ChainStep {
    enum Kind {
        case index(Node)
        case property(String)
        case method(String, [Node])
    }

    let kind: Kind
    /// `?[` / `?.`: when the value reaching this step is `()`, the whole chain is `()`.
    var isOptional: Bool
    /// The `[` or `.` (where "Indexer unavailable" errors point).
    let position: Position
    /// Where the step's other errors point: the start of the index expression, the property or method name.
    let keyPosition: Position
    /// Where the step's values start among the chain's evaluated keys and arguments.
    var argument = 0
    /// What a method step's name resolved to last time.
    var cache = CallSiteCache()
    /// A method step named `call` or `curry` (keywords of the Rust engine).
    let isCallKeyword: Bool

    /// The index key or the method's arguments.
    var arguments: [Node] {
        switch kind {
        case .index(let key): return [key]
        case .property: return []
        case .method(_, let nodes): return nodes
        }
    }

    init(_ kind: Kind, optional: Bool, _ position: Position, key keyPosition: Position) {
        self.kind = kind
        if case .method(let name, _) = kind {
            isCallKeyword = name == "call" || name == "curry"
        } else {
            isCallKeyword = false
        }
        self.isOptional = optional
        self.position = position
        self.keyPosition = keyPosition
    }
}

/// A chain of postfix steps on a root expression: `a[i].p.f(x)?.q` (Rust's `eval_dot_index_chain`).
/// The index keys and method arguments are evaluated first, left to right, then the root; steps
/// on a variable work on it in place, so `m.list.push(1)` changes `m`. A `?.`/`?[` step on `()`
/// ends the whole chain with `()`.
final class ChainNode: Node {
    let root: Node
    let steps: [ChainStep]
    /// The variable the root is, for in-place method calls and assignment.
    let variable: VariableRoot?
    /// How many values the steps' keys and method arguments take.
    let argumentCount: Int
    /// Whether the keys and arguments must be evaluated before the root; when all of them are
    /// constants or local variables nothing can tell, and each is evaluated when its step comes.
    let evaluatesKeysFirst: Bool
    /// The last step that calls a method (-1 when none).
    let lastMethod: Int
    /// The root when it is a non-constant local (unretained: `variable` holds it).
    private let localRoot: Unmanaged<VariableDecl>?

    init(_ root: Node, _ steps: [ChainStep]) {
        var count = 0
        var lastMethod = -1
        var keysFirst = false
        // A local's value can only change under a side effect (the root's or an earlier method's),
        // and the root variable is moved out while methods change it.
        var sideEffect = !(root is LocalNode || root is VariableNode || root is ConstantNode)
        let rootDecl = (root as? LocalNode)?.decl
        for (index, step) in steps.enumerated() {
            step.argument = count
            let arguments = step.arguments
            count += arguments.count
            for argument in arguments where !(argument is ConstantNode) {
                if sideEffect || (argument as? LocalNode).map({ $0.decl === rootDecl }) ?? true { keysFirst = true }
            }
            if case .method = step.kind {
                lastMethod = index
                sideEffect = true
            }
        }
        self.root = root
        self.steps = steps
        self.argumentCount = count
        self.evaluatesKeysFirst = keysFirst
        self.lastMethod = lastMethod
        if let local = root as? LocalNode {
            variable = .local(local.decl)
            localRoot = local.decl.isConstant ? nil : .passUnretained(local.decl)
        } else {
            variable = (root as? VariableNode)?.root
            localRoot = nil
        }
        super.init(steps[0].position)
    }

    /// The node for a chain: a chain that only reads, with no `?` before its last step, gets a
    /// fast form of a node per step, each evaluating its key before its object (the Rust order
    /// for one step; a longer chain's keys are constants or locals, whose order nothing can tell).
    static func make(_ root: Node, _ steps: [ChainStep]) -> Node {
        let chain = ChainNode(root, steps)
        guard chain.lastMethod < 0 && (steps.count == 1 || !chain.evaluatesKeysFirst)
                && !steps.dropLast().contains(where: \.isOptional) else { return chain }
        var reader = root
        for step in steps {
            switch step.kind {
            case .index(let key): reader = IndexReadNode(reader, key, step)
            case .property(let name): reader = PropertyReadNode(reader, name, step)
            case .method: return chain
            }
        }
        (reader as? ChainReadNode)?.whole = chain
        return reader
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        guard evaluatesKeysFirst else { return try evaluate(nil, runtime) }
        let (arguments, mark) = runtime.pushFrame(argumentCount)
        defer { runtime.popFrame(arguments, argumentCount, mark) }
        try evaluateArguments(arguments, runtime)
        return try evaluate(arguments, runtime)
    }

    /// The chain's value, from its keys and arguments evaluated in advance (or, nil, as they come).
    private func evaluate(_ arguments: UnsafeMutablePointer<Dynamic>?, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if lastMethod >= 0, let local = localRoot,
           case let (isShared, index) = local._withUnsafeGuaranteedRef({ ($0.isShared, $0.slot) }), !isShared {
            // A plain local, as below without a cell to lock: its slot stays put while
            // methods run (frames never move).
            let slot = runtime.frame + index
            var target = Dynamic.unit
            swap(&target, &slot.pointee)
            defer { swap(&target, &slot.pointee) }
            return try walk(&target, 0, arguments, readOnly: false, nil, runtime)
        }
        if lastMethod >= 0, let variable, variable.exists {
            if runtime.isConstant(variable) {
                return try read(try root.eval(runtime), from: 0, arguments, readOnly: true, runtime)
            }
            // Methods may change the variable: it is moved out while they run, then put back
            // (a closure reading it meanwhile sees a data race, as in the Rust engine).
            var target = try runtime.modify(variable, root.position, checkConstant: false) { (slot: inout Dynamic) throws(Interrupt) in
                let value = slot
                slot = .unit
                return value
            }
            let cell = runtime.sharedCell(variable)
            cell?.isLocked = true
            defer {
                cell?.isLocked = false
                let final = target
                try? runtime.modify(variable, root.position, checkConstant: false) { (slot: inout Dynamic) throws(Interrupt) in
                    slot = final
                }
            }
            return try walk(&target, 0, arguments, readOnly: false, nil, runtime)
        }
        return try read(try root.eval(runtime), from: 0, arguments, readOnly: false, runtime)
    }

    /// Evaluates the steps' keys and method arguments, in order, into `values`.
    func evaluateArguments(_ values: UnsafeMutablePointer<Dynamic>, _ runtime: Runtime) throws(Interrupt) {
        var slot = values
        for step in steps {
            switch step.kind {
            case .index(let index):
                slot.pointee = try index.eval(runtime)
                slot += 1
            case .property:
                break
            case .method(_, let nodes):
                for node in nodes {
                    slot.pointee = try node.eval(runtime)
                    slot += 1
                }
            }
        }
    }

    /// An index step's key: evaluated in advance, or now.
    @inline(__always)
    private func key(_ step: ChainStep, _ node: Node, _ arguments: UnsafeMutablePointer<Dynamic>?,
                     _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if let arguments { return arguments[step.argument] }
        return try node.eval(runtime)
    }

    /// Applies `steps[first...]` to a value of its own (nothing is written back). `readOnly`: the
    /// value is a constant's, where methods that change their object may not be called.
    private func read(_ start: Dynamic, from first: Int, _ arguments: UnsafeMutablePointer<Dynamic>?, readOnly: Bool,
                      _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        var value = start
        var readOnly = readOnly
        for index in first..<steps.count {
            let step = steps[index]
            if step.isOptional, case .unit = value { return .unit }
            switch step.kind {
            case .index(let node):
                let key = try key(step, node, arguments, runtime)
                if case .int(let offset) = key, case .array(let items) = value, offset >= 0, offset < Int64(items.count) {
                    value = items[Int(offset)]
                    continue
                }
                readOnly = readOnly && (value.tag == .array || value.tag == .map)
                value = try Access.get(value, key, step)
            case .property(let name):
                if case .map(let map) = value {
                    value = map[name] ?? .unit
                } else {
                    readOnly = false
                    value = try runtime.getProperty(value, name, step.keyPosition)
                }
            case .method(let name, let nodes):
                if readOnly && Access.changesObject(name, value.tag) && runtime.library.lookup(name, arity: nodes.count) == nil
                    && runtime.library.lookup(name, arity: nodes.count + 1) == nil {
                    throw .error(.nonPureMethodCallOnConstant(name, step.keyPosition))
                }
                readOnly = false
                value = try callMethod(&value, step, name, nodes, arguments, runtime)
            }
        }
        return value
    }

    /// Applies `steps[index...]` to a value held in place: a variable, or an element or entry
    /// inside one. With `write`, the last step assigns. `readOnly`: the value belongs to a constant.
    func walk(_ target: inout Dynamic, _ index: Int, _ arguments: UnsafeMutablePointer<Dynamic>?, readOnly: Bool,
              _ write: ChainWrite?, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if write == nil && index > lastMethod { return try read(target, from: index, arguments, readOnly: false, runtime) }
        let step = steps[index]
        if step.isOptional, case .unit = target { return .unit }
        let isLast = index + 1 == steps.count
        switch step.kind {
        case .index(let node):
            let key = try key(step, node, arguments, runtime)
            switch target.tag {
            case .array:
                var items = target.takeArray()
                defer { target = .array(items) }
                let at = try Access.element(key, items.count, step.keyPosition)
                if isLast, let write {
                    try store(&items[at], readOnly, write, runtime)
                    return .unit
                }
                return try walk(&items[at], index + 1, arguments, readOnly: readOnly, write, runtime)
            case .map:
                guard case .string(let name) = key else {
                    throw .error(.mismatch(expected: "string", actual: key.rawTypeName, step.keyPosition))
                }
                return try walkEntry(&target, name, index, arguments, readOnly, write, runtime)
            default:
                if isLast, let write {
                    try Access.assignPart(&target, key, step, write, runtime)
                    return .unit
                }
                var part = try Access.get(target, key, step)
                let partTag = part.tag
                let result = try walk(&part, index + 1, arguments, readOnly: false, write, runtime)
                // A character, bit or byte that a method changing its object ran on is written
                // back (Rust's Target::propagate_changed_value), at the place an assignment writes.
                if case .method(let name, _) = steps[index + 1].kind, Access.changesObject(name, partTag) {
                    try Access.assignPart(&target, key, step, ChainWrite(op: nil, value: part, position: step.keyPosition), runtime)
                }
                return result
            }
        case .property(let name):
            if target.tag == .map { return try walkEntry(&target, name, index, arguments, readOnly, write, runtime) }
            if isLast, let write {
                var newValue = write.value
                if write.op != nil {
                    newValue = try runtime.getProperty(target, name, step.keyPosition)
                    try Access.apply(&newValue, write, runtime)
                }
                throw runtime.setPropertyFailure(target, name, newValue, step.keyPosition)
            }
            var part = try runtime.getProperty(target, name, step.keyPosition)
            return try walk(&part, index + 1, arguments, readOnly: false, write, runtime)
        case .method(let name, let nodes):
            var result = try callMethod(&target, step, name, nodes, arguments, runtime)
            if isLast { return result }
            return try walk(&result, index + 1, arguments, readOnly: false, write, runtime)
        }
    }

    /// The step on a map entry: an assignment's last step adds a missing entry (as `()`, kept if
    /// the assignment fails); other steps go on from the entry, or from `()` when it is missing.
    private func walkEntry(_ target: inout Dynamic, _ name: String, _ index: Int, _ arguments: UnsafeMutablePointer<Dynamic>?,
                           _ readOnly: Bool, _ write: ChainWrite?, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        var map = target.takeMap()
        defer { target = .map(map) }
        if index + 1 == steps.count, let write {
            if readOnly && map[name] != nil { throw constantError }
            try Access.apply(&map[name, default: .unit], write, runtime)
            if runtime.checksSizes {
                let added = 64 + name.utf8.count + (map[name]?.memoryEstimate ?? 0)
                try runtime.checkGrowth(.map(map), adding: added, write.position, settles: false)
            }
            return .unit
        }
        guard map[name] != nil else {
            var missing = Dynamic.unit
            return try walk(&missing, index + 1, arguments, readOnly: false, write, runtime)
        }
        return try walk(&map[name]!, index + 1, arguments, readOnly: readOnly, write, runtime)
    }

    /// An assignment's last step on an array element.
    private func store(_ element: inout Dynamic, _ readOnly: Bool, _ write: ChainWrite, _ runtime: Runtime) throws(Interrupt) {
        if readOnly { throw constantError }
        try Access.apply(&element, write, runtime)
        try runtime.checkSize(element, write.position, settles: false)
    }

    /// Changing a part of a constant: reported at the variable.
    private var constantError: Interrupt {
        .error(.assignmentToConstant(variable?.name ?? (root as? GlobalConstantNode)?.name ?? "", root.position))
    }

    private func callMethod(_ target: inout Dynamic, _ step: ChainStep, _ name: String, _ nodes: [Node],
                            _ arguments: UnsafeMutablePointer<Dynamic>?, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if !step.isCallKeyword && step.cache.hasNoScriptFunction(name, runtime) {
            return try callNativeMethod(&target, step, name, nodes, arguments, runtime)
        }
        var values: [Dynamic] = []
        if let arguments {
            values = Array(UnsafeBufferPointer(start: arguments + step.argument, count: nodes.count))
        } else if !nodes.isEmpty {
            values.reserveCapacity(nodes.count)
            for node in nodes { values.append(try node.eval(runtime)) }
        }
        try runtime.tick(step.keyPosition)
        if step.isCallKeyword && target.tag != .fnPtr && target.tag != .map {
            // Keywords of the Rust engine: `x.curry(…)` needs a function pointer; `x.call(f, …)`
            // calls the pointer `f` with `x` as `this`.
            if name == "curry" || values.isEmpty {
                throw .error(.mismatch(expected: "Fn", actual: target.typeName, step.keyPosition))
            }
            if values[0].tag != .fnPtr {
                throw .error(.mismatch(expected: "Fn", actual: values[0].typeName, nodes[0].position))
            }
        }
        return try runtime.callMethod(&target, name, values, step.keyPosition)
    }

    /// A method no script function can take: the native overloads cached at the step get the
    /// object (moved in, so in-place changes need no copy) and the arguments in one array.
    /// When none accepts them, the general dispatch goes on as `Runtime.callMethod`.
    private func callNativeMethod(_ target: inout Dynamic, _ step: ChainStep, _ name: String, _ nodes: [Node],
                                  _ arguments: UnsafeMutablePointer<Dynamic>?, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        var values = runtime.takeArgumentArray()
        defer { runtime.returnArgumentArray(&values) }
        values.append(.unit)
        if let arguments {
            values.append(contentsOf: UnsafeBufferPointer(start: arguments + step.argument, count: nodes.count))
        } else {
            for node in nodes { values.append(try node.eval(runtime)) }
        }
        try runtime.tick(step.keyPosition)
        let overloads = step.cache.overloads(name, runtime)
        if !overloads.isEmpty {
            swap(&values[0], &target)
            defer { swap(&values[0], &target) }
            if let result = try runtime.dispatchNative(overloads, &values, step.keyPosition) { return result }
        }
        return try runtime.callMethod(&target, name, Array(values.dropFirst()), step.keyPosition)
    }
}

/// A step of a chain's fast form (see `ChainNode.make`); the last one keeps the chain, for
/// assignments and chains that go on after parentheses.
class ChainReadNode: Node {
    let object: Node
    let step: ChainStep
    /// The whole chain (on its last step only).
    var whole: ChainNode?

    init(_ object: Node, _ step: ChainStep) {
        self.object = object
        self.step = step
        super.init(step.position)
    }
}

/// `object[key]` in a chain's fast form.
private final class IndexReadNode: ChainReadNode {
    let key: Node
    private let keyAccess: OperandAccess
    private let objectAccess: OperandAccess

    init(_ object: Node, _ key: Node, _ step: ChainStep) {
        self.key = key
        keyAccess = OperandAccess(key)
        objectAccess = OperandAccess(object)
        super.init(object, step)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let key = try runtime.evalOperand(self.key, keyAccess)
        let container = try runtime.evalOperand(object, objectAccess)
        if case .int(let offset) = key, case .array(let items) = container, offset >= 0, offset < Int64(items.count) {
            return items[Int(offset)]
        }
        if step.isOptional, case .unit = container { return .unit }
        return try Access.get(container, key, step)
    }
}

/// `object.name` in a chain's fast form.
private final class PropertyReadNode: ChainReadNode {
    let name: String

    init(_ object: Node, _ name: String, _ step: ChainStep) {
        self.name = name
        super.init(object, step)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try object.eval(runtime)
        if case .map(let map) = value { return map[name] ?? .unit }
        if step.isOptional, case .unit = value { return .unit }
        return try runtime.getProperty(value, name, step.keyPosition)
    }
}

/// `a[i].p = v` and compound assignments (`+=`, …) through a chain on a variable (or on a global
/// constant, `global::X[0] = 1`, which fails as a constant). As in the Rust engine, the value is
/// evaluated first, then the keys, then the variable is looked up.
final class ChainAssignNode: Node {
    let chain: ChainNode
    /// The variable changed in place (nil for a global constant).
    let variable: VariableRoot?
    let op: BinaryOperator?
    let value: Node
    /// The key of `local[i] = v` on a local that is not a constant (tried straight in the frame slot).
    private let arrayStore: Node?
    private let valueAccess: OperandAccess
    private let keyAccess: OperandAccess
    /// The keys of `local[k1][k2]… op= v` on a local that is not a constant, when every step
    /// indexes and every key is a local or a constant (nil otherwise): tried in the frame slot.
    private let indexKeys: [IndexKey]?
    /// The variable when it is a non-constant local (unretained: `variable` holds it).
    private let localVariable: Unmanaged<VariableDecl>?

    /// A key read on the spot: a constant, or a local not captured by a closure.
    private struct IndexKey {
        let access: OperandAccess
        let position: Position
    }

    /// Rhai's assignable chains: indices and properties on a variable (no method calls).
    static func make(_ chain: ChainNode, _ op: BinaryOperator?, _ value: Node, _ position: Position) throws -> ChainAssignNode {
        for step in chain.steps {
            if case .method = step.kind { throw RhaiError.parse("Expression cannot be assigned to", step.keyPosition) }
        }
        guard chain.variable != nil || chain.root is GlobalConstantNode else {
            throw RhaiError.parse("Expression cannot be assigned to", chain.root.position)
        }
        return ChainAssignNode(chain, chain.variable, op, value, position)
    }

    private init(_ chain: ChainNode, _ variable: VariableRoot?, _ op: BinaryOperator?, _ value: Node, _ position: Position) {
        self.chain = chain
        self.variable = variable
        self.op = op
        self.value = value
        if case .local(let decl) = variable, !decl.isConstant {
            localVariable = .passUnretained(decl)
        } else {
            localVariable = nil
        }
        var arrayStore: Node? = nil
        if op == nil, chain.steps.count == 1, case .index(let key) = chain.steps[0].kind, localVariable != nil {
            arrayStore = key
        }
        self.arrayStore = arrayStore
        valueAccess = OperandAccess(value)
        keyAccess = arrayStore.map(OperandAccess.init) ?? .node
        var indexKeys: [IndexKey]? = []
        if localVariable != nil, !chain.evaluatesKeysFirst {
            for step in chain.steps {
                guard case .index(let key) = step.kind, !step.isOptional else {
                    indexKeys = nil
                    break
                }
                let access = OperandAccess(key)
                if case .node = access {
                    indexKeys = nil
                    break
                }
                indexKeys?.append(IndexKey(access: access, position: key.position))
            }
        } else {
            indexKeys = nil
        }
        self.indexKeys = indexKeys
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let newValue = try runtime.evalOperand(value, valueAccess)
        if let arrayStore, let local = localVariable {
            // Fastest path: `local[i] = v` on an array, straight into the frame slot.
            let key = try runtime.evalOperand(arrayStore, keyAccess)
            let (isShared, slotIndex) = local._withUnsafeGuaranteedRef { ($0.isShared, $0.slot) }
            // A value that holds nothing (no string, array, map or blob) passes every size check
            // and grows no memory account: it goes into an array element straight even then.
            if !isShared, !runtime.checksSizes || !newValue.isContainer {
                // (The slot's tag is checked without copying its value, which would keep the
                // container shared and make the change copy it.)
                let slot = runtime.frame + slotIndex
                if case .int(let index) = key, slot.pointee.tag == .array {
                    var items = slot.pointee.takeArray()
                    defer { slot.pointee = .array(items) }
                    if let at = Access.resolve(index, items.count) {
                        items[at] = newValue
                        return .unit
                    }
                } else if !runtime.checksSizes, case .string(let name) = key, slot.pointee.tag == .map {
                    // And `local[name] = v` on an object map.
                    var map = slot.pointee.takeMap()
                    map[name] = newValue
                    slot.pointee = .map(map)
                    return .unit
                }
            }
            let (arguments, mark) = runtime.pushFrame(1)
            defer { runtime.popFrame(arguments, 1, mark) }
            arguments.pointee = key
            try assign(newValue, arguments, runtime)
        } else if let indexKeys, let local = localVariable,
                  case let (isShared, index) = local._withUnsafeGuaranteedRef({ ($0.isShared, $0.slot) }),
                  !isShared,
                  try storeInArrays(&runtime.frame[index], 0, indexKeys,
                                    ChainWrite(op: op, value: newValue, position: position), runtime) {
            try runtime.settleMemory(position)
            return .unit
        } else if chain.evaluatesKeysFirst {
            let count = chain.argumentCount
            let (arguments, mark) = runtime.pushFrame(count)
            defer { runtime.popFrame(arguments, count, mark) }
            try chain.evaluateArguments(arguments, runtime)
            try assign(newValue, arguments, runtime)
        } else {
            try assign(newValue, nil, runtime)
        }
        return .unit
    }

    /// `local[k1][k2]… op= v` when each key is an INT inside an array: the keys are read as the
    /// steps come, their operations counted once the element is found (no step before can
    /// fail), then the element is changed in place. False, having done nothing, otherwise.
    private func storeInArrays(_ target: inout Dynamic, _ level: Int, _ keys: [IndexKey], _ write: ChainWrite,
                               _ runtime: Runtime) throws(Interrupt) -> Bool {
        guard target.tag == .array, case .int(let index)? = keys[level].access.peek(runtime) else { return false }
        var items = target.takeArray()
        defer { target = .array(items) }
        guard let at = Access.resolve(index, items.count) else { return false }
        if level + 1 < keys.count { return try storeInArrays(&items[at], level + 1, keys, write, runtime) }
        for key in keys { try runtime.tick(key.position) }
        try Access.apply(&items[at], write, runtime)
        try runtime.checkSize(items[at], write.position, settles: false)
        return true
    }

    private func assign(_ newValue: Dynamic, _ arguments: UnsafeMutablePointer<Dynamic>?, _ runtime: Runtime) throws(Interrupt) {
        let write = ChainWrite(op: op, value: newValue, position: position)
        guard let variable else {
            var constant = try chain.root.eval(runtime)
            _ = try chain.walk(&constant, 0, arguments, readOnly: true, write, runtime)
            return
        }
        let readOnly = runtime.isConstant(variable)
        try runtime.modify(variable, chain.root.position, checkConstant: false) { (target: inout Dynamic) throws(Interrupt) in
            _ = try chain.walk(&target, 0, arguments, readOnly: readOnly, write, runtime)
        }
        try runtime.settleMemory(position)
    }
}

/// `x = value` and compound assignments (`+=`, `-=`, …) to a variable.
final class AssignNode: Node {
    let root: VariableRoot
    let op: BinaryOperator?
    let value: Node
    /// Where the operator is: the operation's errors are reported there (errors finding the
    /// variable at the node's position, the variable's).
    let operatorPosition: Position
    private let valueAccess: OperandAccess
    /// The variable when it is a non-constant local and `op` is set (unretained: `root` holds it).
    private let compoundLocal: Unmanaged<VariableDecl>?

    init(_ root: VariableRoot, _ op: BinaryOperator?, _ value: Node, _ position: Position, operatorPosition: Position) {
        self.root = root
        self.op = op
        self.value = value
        self.operatorPosition = operatorPosition
        valueAccess = OperandAccess(value)
        if op != nil, case .local(let decl) = root, !decl.isConstant {
            compoundLocal = .passUnretained(decl)
        } else {
            compoundLocal = nil
        }
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let newValue = try runtime.evalOperand(value, valueAccess)
        if let op, let local = compoundLocal, case .int(let b) = newValue,
           case let (isShared, index) = local._withUnsafeGuaranteedRef({ ($0.isShared, $0.slot) }), !isShared {
            // Fast path: `local op= INT` on an INT, straight in the frame slot.
            let slot = runtime.frame + index
            if case .int(let a) = slot.pointee {
                switch Operators.integer(op, a, b) {
                case .success(let result): slot.pointee = result
                case .failure(let error): throw .error(error.positioned(operatorPosition))
                }
                return .unit
            }
        }
        try runtime.modify(root, position) { (target: inout Dynamic) throws(Interrupt) in
            guard let op else {
                target = newValue
                return
            }
            if case .int(let a) = target, case .int(let b) = newValue {
                switch Operators.integer(op, a, b) {
                case .success(let result): target = result
                case .failure(let error): throw .error(error.positioned(operatorPosition))
                }
                return
            }
            try Access.apply(&target, ChainWrite(op: op, value: newValue, position: operatorPosition), runtime)
            try runtime.checkGrowth(target, adding: 16 + newValue.memoryEstimate, operatorPosition, settles: false)
        }
        try runtime.settleMemory(operatorPosition)
        return .unit
    }
}

extension Array where Element == ChainStep {
    /// Appends a step with the `?` v1.25.0's parser leaves it. `run` is where the current run of
    /// `[…]` steps began (nil after other steps): within a run each step's `?` guards the step
    /// before it instead (so the first `?[` of a run is lost), and a run followed by `.` loses
    /// all its `?`s.
    mutating func append(_ step: ChainStep, run: inout Int?) {
        if case .index = step.kind {
            if run == nil {
                run = count
            } else {
                self[count - 1].isOptional = step.isOptional
            }
        } else if let start = run {
            for index in start..<count { self[index].isOptional = false }
            run = nil
        }
        append(step)
    }
}

extension VariableRoot {
    /// Whether the name is a variable at all (a missing one may still name a script function).
    var exists: Bool {
        if case .missing = self { return false }
        return true
    }
}

extension Runtime {
    /// Whether a variable is a constant (declared with `const`, or constant in the host's scope).
    func isConstant(_ root: VariableRoot) -> Bool {
        if case .scope(let name) = root, let index = scope.index(of: name) { return scope.isConstant(at: index) }
        return root.isConstant
    }
}

extension Node {
    /// The chain this node is (in either form), if it is one.
    var asChain: ChainNode? {
        (self as? ChainNode) ?? (self as? ChainReadNode)?.whole
    }

    /// Where the Rust engine's `start_position` puts an expression: chains, `&&`, `||` and `??`
    /// start at their left-most operand, other expressions at their own position.
    var startPosition: Position {
        switch self {
        case let chain as ChainNode: return chain.root.startPosition
        case let step as ChainReadNode: return step.object.startPosition
        case let logic as LogicNode: return logic.lhs.startPosition
        case let coalesce as CoalesceNode: return coalesce.lhs.startPosition
        default: return position
        }
    }
}
