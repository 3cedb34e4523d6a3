/// An executable node of a compiled script. The parser builds these directly, with
/// variables already resolved to frame slots and calls to script functions pre-linked.
class Node {
    let position: Position

    init(_ position: Position) {
        self.position = position
    }

    /// Evaluates the node; statements evaluate to `()` (or their value, like Rhai blocks).
    func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        fatalError("eval not implemented for \(type(of: self))")
    }

    /// Whether the node is a constant value (used by the parser for folding and switch tables).
    var constantValue: Dynamic? { nil }
}

final class ConstantNode: Node {
    let value: Dynamic
    /// Written as a literal (`5`, `-5`, `"a"`), not folded from an expression (`2 + 3`): the
    /// parser's type checks of conditions, iterables and switch cases look at literals only.
    let isLiteral: Bool

    init(_ value: Dynamic, _ position: Position, literal: Bool = true) {
        self.value = value
        self.isLiteral = literal
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        return value
    }

    override var constantValue: Dynamic? { value }
}

/// A variable declared in script: a slot in its function's frame.
final class VariableDecl {
    let name: String
    let slot: Int
    let isConstant: Bool
    /// Captured by a closure: lives in a shared cell instead of the frame slot.
    var isShared = false

    init(name: String, slot: Int, isConstant: Bool) {
        self.name = name
        self.slot = slot
        self.isConstant = isConstant
    }
}

/// Where a named variable lives, as resolved by the parser.
enum VariableRoot {
    /// A local of the running function (or global-level script code).
    case local(VariableDecl)
    /// A variable captured by the running closure (index into its captures).
    case capture(Int, VariableDecl)
    /// A variable of the host's `Scope`, looked up by name.
    case scope(String)
    /// The object of a method call.
    case this
    /// A name that is not visible here (inside a `fn`, outer variables are not): fails when used.
    case missing(String)

    var name: String {
        switch self {
        case .local(let decl), .capture(_, let decl): return decl.name
        case .scope(let name), .missing(let name): return name
        case .this: return "this"
        }
    }

    var isConstant: Bool {
        switch self {
        case .local(let decl), .capture(_, let decl): return decl.isConstant
        default: return false
        }
    }

    var isThis: Bool {
        if case .this = self { return true }
        return false
    }
}

extension Runtime {
    /// Reads a variable.
    @inline(__always)
    func read(_ root: VariableRoot, _ position: Position) throws(Interrupt) -> Dynamic {
        switch root {
        case .local(let decl):
            return decl.isShared ? try sharedValue(cells![decl.slot]!) : frame[decl.slot]
        case .capture(let index, _):
            return try sharedValue(captures[index])
        case .scope(let name):
            // As Rust's `search_scope_only`: a script function of that name comes first.
            if let pointer = functionPointer(named: name) { return pointer }
            guard let index = scope.index(of: name) else { throw .error(.variableNotFound(name, position)) }
            return scope.value(at: index)
        case .this:
            guard hasThis else { throw fail(.unboundThis, "'this' not bound", position) }
            return thisValue
        case .missing(let name):
            if let pointer = functionPointer(named: name) { return pointer }
            if callerScope != nil, let value = try withCallerVariable(name, { (root) throws(Interrupt) in try read(root, position) }) {
                return value
            }
            throw .error(.variableNotFound(name, position))
        }
    }

    /// Gives in-place access to a variable's storage. The body must not run script code.
    @inline(__always)
    func modify<R>(_ root: VariableRoot, _ position: Position, checkConstant: Bool = true,
                   _ body: (inout Dynamic) throws(Interrupt) -> R) throws(Interrupt) -> R {
        switch root {
        case .local(let decl):
            if checkConstant && decl.isConstant {
                throw .error(.assignmentToConstant(decl.name, position))
            }
            if decl.isShared { return try body(&lockedCheck(cells![decl.slot]!).value) }
            return try body(&frame[decl.slot])
        case .capture(let index, let decl):
            if checkConstant && decl.isConstant {
                throw .error(.assignmentToConstant(decl.name, position))
            }
            return try body(&lockedCheck(captures[index]).value)
        case .scope(let name):
            guard let index = scope.index(of: name) else {
                if var pointer = functionPointer(named: name) { return try body(&pointer) }
                throw .error(.variableNotFound(name, position))
            }
            if checkConstant && scope.isConstant(at: index) {
                throw .error(.assignmentToConstant(name, position))
            }
            return try scope.withValue(at: index, body)
        case .this:
            guard hasThis else { throw fail(.unboundThis, "'this' not bound", position) }
            return try body(&thisValue)
        case .missing(let name):
            if var pointer = functionPointer(named: name) { return try body(&pointer) }
            if callerScope != nil, let result = try withCallerVariable(name, { (root) throws(Interrupt) in
                try modify(root, position, checkConstant: checkConstant, body)
            }) {
                return result
            }
            throw .error(.variableNotFound(name, position))
        }
    }

    /// A shared variable's value; a data race while a method runs on it (as the Rust engine's
    /// locked cell reports it, without a position).
    @inline(__always)
    func sharedValue(_ cell: SharedCell) throws(Interrupt) -> Dynamic {
        try lockedCheck(cell).value
    }

    @inline(__always)
    func lockedCheck(_ cell: SharedCell) throws(Interrupt) -> SharedCell {
        if cell.isLocked { throw .error(RhaiError(.dataRace, "Data race detected")) }
        return cell
    }

    /// The shared cell of a variable a closure has captured (nil for other variables).
    func sharedCell(_ root: VariableRoot) -> SharedCell? {
        switch root {
        case .local(let decl): return decl.isShared ? cells?[decl.slot] : nil
        case .capture(let index, _): return captures[index]
        default: return nil
        }
    }

    /// A name that is no variable but names a script function reads as a pointer to it (as
    /// the Rust engine's `search_scope_only` does).
    @inline(never)
    func functionPointer(named name: String) -> Dynamic? {
        guard library.contains(name: name) else { return nil }
        // Linked to the function when there is one of that name; with several arities a call
        // finds its own by arity (as the Rust engine does when the linked one does not fit).
        let function = library.onlyFunction(named: name)
        return .fnPtr(FnPtr(name: name, curried: [], function: function, captures: [], library: library))
    }

    /// Defines (or redefines) a local variable's value, creating a fresh shared cell if captured.
    @inline(__always)
    func define(_ decl: VariableDecl, _ value: Dynamic) {
        if decl.isShared {
            cells![decl.slot] = SharedCell(value)
        } else {
            frame[decl.slot] = value
        }
    }
}

final class VariableNode: Node {
    let root: VariableRoot

    init(_ root: VariableRoot, _ position: Position) {
        self.root = root
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        return try runtime.read(root, position)
    }
}

/// Fast path for reading a plain (unshared) local.
final class LocalNode: Node {
    let decl: VariableDecl

    init(_ decl: VariableDecl, _ position: Position) {
        self.decl = decl
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        return decl.isShared ? try runtime.sharedValue(runtime.cells![decl.slot]!) : runtime.frame[decl.slot]
    }
}

/// `global::NAME`: a global-level constant, reachable from inside functions.
final class GlobalConstantNode: Node {
    let name: String

    init(_ name: String, _ position: Position) {
        self.name = name
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        if let value = runtime.globalConstants[name] { return value }
        if let index = runtime.scope.index(of: name), runtime.scope.isConstant(at: index) {
            return runtime.scope.value(at: index)
        }
        throw .error(.variableNotFound("global::\(name)", position))
    }
}
