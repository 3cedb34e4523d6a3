/// Call nodes: `f(…)` (pre-linked to a script function when one exists), method dispatch
/// (`x.f(…)`, the object passed by reference) and closure creation.
final class CallNode: Node {
    let name: String
    let arguments: [Node]
    /// The script function with this name and arity, linked after parsing (the library keeps it).
    var target: ScriptFunction? {
        get { targetRef?.takeUnretainedValue() }
        set { targetRef = newValue.map(Unmanaged.passUnretained) }
    }
    private var targetRef: Unmanaged<ScriptFunction>?
    /// When the first argument is a plain variable, natives may change it in place.
    let firstArgumentRoot: VariableRoot?

    /// The native overloads of `name`, resolved once per engine registration state.
    private var cache = CallSiteCache()
    /// The arguments, evaluated without retain/release (`arguments` keeps them).
    private let argumentRefs: [NodeRef]

    init(_ name: String, _ arguments: [Node], firstArgumentRoot: VariableRoot?, _ position: Position) {
        self.name = name
        self.arguments = arguments
        argumentRefs = arguments.map(NodeRef.init)
        self.firstArgumentRoot = firstArgumentRoot
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if let targetRef {
            return try targetRef.withGuaranteed { (function) throws(Interrupt) in try callScript(function, runtime) }
        }
        return try callNative(runtime)
    }

    /// Calls the linked script function: arguments evaluated straight into its new frame.
    @inline(__always)
    private func callScript(_ function: ScriptFunction, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        try runtime.enterCall(position)
        let size = function.frameSize
        let (newFrame, mark) = runtime.pushFrame(size)
        defer {
            runtime.popFrame(newFrame, size, mark)
            runtime.callDepth -= 1
        }
        if firstArgumentRoot != nil {
            // As in Rhai, a first argument that is a variable is read after the others.
            for index in 1..<max(argumentRefs.count, 1) { newFrame[index] = try argumentRefs[index].eval(runtime) }
            newFrame[0] = try argumentRefs[0].eval(runtime)
        } else {
            var index = 0
            for argument in argumentRefs {
                newFrame[index] = try argument.eval(runtime)
                index += 1
            }
        }
        var none = Dynamic.unit
        return try runtime.runFunction(function, newFrame, captures: [], this: &none, bindThis: false, position)
    }

    /// Where errors of a native function are reported: the call, except for `Fn(name)`, whose
    /// errors the Rust engine reports at the name given.
    private var nativePosition: Position {
        name == "Fn" && arguments.count == 1 ? arguments[0].position : position
    }

    private func callNative(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        var values = runtime.takeArgumentArray()
        defer { runtime.returnArgumentArray(&values) }
        let byReference = firstArgumentRoot.map { !$0.isConstant } ?? false
        if byReference {
            values.append(.unit)
            for argument in arguments.dropFirst() { values.append(try argument.eval(runtime)) }
            values[0] = try runtime.read(firstArgumentRoot!, arguments[0].position)
        } else {
            for argument in arguments { values.append(try argument.eval(runtime)) }
        }
        let functions = cache.overloads(name, runtime)
        if !functions.isEmpty {
            if byReference, let root = firstArgumentRoot {
                // Move the variable's value into the call so in-place changes need no copy.
                try runtime.modify(root, position, checkConstant: false) { (slot: inout Dynamic) throws(Interrupt) in
                    slot = .unit
                }
                defer {
                    let finalValue = values[0]
                    try? runtime.modify(root, position, checkConstant: false) { (slot: inout Dynamic) throws(Interrupt) in
                        slot = finalValue
                    }
                }
                if let result = try runtime.dispatchNative(functions, &values, nativePosition) { return result }
            } else if let result = try runtime.dispatchNative(functions, &values, nativePosition) {
                return result
            }
        }
        if let function = runtime.library.lookup(name, arity: values.count) {
            var none = Dynamic.unit
            return try runtime.invoke(function, values, this: &none, bindThis: false, position)
        }
        if name == "call" || name == "curry", let first = values.first, first.tag != .fnPtr {
            // The keywords `call` and `curry` take a function pointer first.
            throw .error(.mismatch(expected: "Fn", actual: first.typeName, arguments[0].position))
        }
        throw .error(.functionNotFound(callSignature(name, values), position))
    }
}

extension Runtime {
    /// Dispatches a method call on a value held by the caller (changes to it are kept).
    func callMethod(_ object: inout Dynamic, _ name: String, _ arguments: [Dynamic], _ position: Position) throws(Interrupt) -> Dynamic {
        if case .fnPtr(let pointer) = object {
            if name == "call" { return try callFunctionPointer(pointer, arguments, position) }
            if name == "curry" { return .fnPtr(pointer.currying(arguments)) }
        }
        if let function = library.lookupMethod(name, arity: arguments.count, on: object) {
            return try invoke(function, arguments, this: &object, bindThis: true, position)
        }
        if let function = library.lookup(name, arity: arguments.count + 1) {
            var none = Dynamic.unit
            return try invoke(function, [object] + arguments, this: &none, bindThis: false, position)
        }
        var values = [object] + arguments
        object = .unit
        let overloads = engine.nativeOverloads(name)
        if !overloads.isEmpty {
            defer { object = values[0] }
            if let result = try dispatchNative(overloads, &values, position) { return result }
        } else {
            object = values[0]
        }
        if case .map(let map) = object, case .fnPtr(let pointer)? = map[name] {
            return try callFunctionPointer(pointer, arguments, this: &object, bindThis: true, position)
        }
        if name == "call", case .fnPtr(let pointer)? = arguments.first {
            return try callFunctionPointer(pointer, Array(arguments.dropFirst()), this: &object, bindThis: true, position)
        }
        throw .error(.functionNotFound(callSignature(name, [object] + arguments), position))
    }
}

/// Where a closure's captured variable comes from when the closure is created.
enum CaptureSource {
    case local(VariableDecl)
    case capture(Int)
}

/// Creates a function pointer for an anonymous function, capturing shared variables.
final class ClosureNode: Node {
    let function: ScriptFunction
    let sources: [CaptureSource]
    /// Names used inside that no enclosing function defines: each must be in the host's scope
    /// when the closure is created ("Variable not found" otherwise, at its first use).
    let externals: [(name: String, position: Position)]
    let seesHostScope: Bool

    init(_ function: ScriptFunction, _ sources: [CaptureSource], externals: [(name: String, position: Position)],
         seesHostScope: Bool, _ position: Position) {
        self.function = function
        self.sources = sources
        self.externals = externals
        self.seesHostScope = seesHostScope
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        for external in externals where !seesHostScope || runtime.scope.index(of: external.name) == nil {
            throw .error(.variableNotFound(external.name, external.position))
        }
        var cells: [SharedCell] = []
        cells.reserveCapacity(sources.count)
        for source in sources {
            switch source {
            case .local(let decl):
                if let cell = runtime.cells?[decl.slot] {
                    cell.isCaptured = true
                    cells.append(cell)
                } else {
                    let cell = SharedCell(runtime.frame[decl.slot])
                    cell.isCaptured = true
                    runtime.cells?[decl.slot] = cell
                    cells.append(cell)
                }
            case .capture(let index):
                cells.append(runtime.captures[index])
            }
        }
        return .fnPtr(FnPtr(name: function.name, curried: [], function: function, captures: cells, library: runtime.library))
    }
}

/// `is_shared(x)` / `x.is_shared()`: whether a closure has captured the variable.
final class IsSharedNode: Node {
    let root: VariableRoot

    init(_ root: VariableRoot, _ position: Position) {
        self.root = root
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        .bool(runtime.isShared(root))
    }
}

extension Runtime {
    /// Whether a variable is shared: captured by a closure that has been created.
    func isShared(_ root: VariableRoot) -> Bool {
        switch root {
        case .local(let decl): return decl.isShared && (cells?[decl.slot]?.isCaptured ?? false)
        case .capture: return true
        default: return false
        }
    }

    /// Whether evaluating `node` yields a shared value (a plain read of a shared variable).
    func readsSharedValue(_ node: Node) -> Bool {
        if let local = node as? LocalNode { return isShared(.local(local.decl)) }
        if let variable = node as? VariableNode { return isShared(variable.root) }
        return false
    }
}

/// `is_def_var("name")` for a name not declared in script: asks the host scope.
final class ScopeHasNode: Node {
    let name: String

    init(_ name: String, _ position: Position) {
        self.name = name
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        .bool(runtime.scope.index(of: name) != nil)
    }
}
