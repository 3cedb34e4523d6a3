/// The parser's view of one function being compiled: its block scopes, slot allocation,
/// and (for closures) the variables it captures from the enclosing function.
final class CompileContext {
    enum Kind {
        /// Global-level script code: unknown names are looked up in the host scope at run time.
        case script
        /// A `fn` definition: sees only its own parameters and locals.
        case function
        /// An anonymous function: may capture variables of its parent.
        case closure
    }

    let kind: Kind
    let function: ScriptFunction
    let parent: CompileContext?
    private var scopes: [[VariableDecl]] = [[]]
    private var nextSlot = 0
    private(set) var declarations: [VariableDecl] = []
    /// Captured variables of a closure, in capture-index order.
    private(set) var captures: [(decl: VariableDecl, source: CaptureSource)] = []
    var loopDepth = 0
    /// Names a closure uses that no enclosing function defines: they must exist (in the host's
    /// scope) when the closure is created, as the Rust engine captures them then.
    private(set) var externals: [(name: String, position: Position)] = []

    init(kind: Kind, function: ScriptFunction, parent: CompileContext?) {
        self.kind = kind
        self.function = function
        self.parent = parent
    }

    /// Whether declarations go to the outermost scope of the global script.
    var isGlobalLevel: Bool { kind == .script && scopes.count == 1 }

    func pushScope() {
        scopes.append([])
    }

    /// Leaves a block; its slots become free for later blocks.
    func popScope() {
        let scope = scopes.removeLast()
        if let first = scope.first { nextSlot = first.slot }
    }

    func declare(_ name: String, constant: Bool) -> VariableDecl {
        let decl = VariableDecl(name: name, slot: nextSlot, isConstant: constant)
        nextSlot += 1
        function.frameSize = max(function.frameSize, nextSlot)
        scopes[scopes.count - 1].append(decl)
        declarations.append(decl)
        return decl
    }

    private func findLocal(_ name: String) -> VariableDecl? {
        for scope in scopes.reversed() {
            if let decl = scope.last(where: { $0.name == name }) { return decl }
        }
        return nil
    }

    /// Resolves a name to where it lives; nil when it is not a visible script variable.
    func resolve(_ name: String) -> VariableRoot? {
        if let decl = findLocal(name) { return .local(decl) }
        guard kind == .closure, let parent else { return nil }
        if let index = captures.firstIndex(where: { $0.decl.name == name }) {
            return .capture(index, captures[index].decl)
        }
        switch parent.resolve(name) {
        case .local(let decl)?:
            decl.isShared = true
            captures.append((decl, .local(decl)))
            return .capture(captures.count - 1, decl)
        case .capture(let index, let decl)?:
            captures.append((decl, .capture(index)))
            return .capture(captures.count - 1, decl)
        default:
            return nil
        }
    }

    /// The variables visible here by name (the innermost of each name), including those a
    /// closure has captured so far: what a `name!(…)` call lets the called function see.
    func visibleVariables() -> [String: VariableRoot] {
        var visible: [String: VariableRoot] = [:]
        for (index, capture) in captures.enumerated() { visible[capture.decl.name] = .capture(index, capture.decl) }
        for scope in scopes {
            for decl in scope { visible[decl.name] = .local(decl) }
        }
        return visible
    }

    /// The variables declared at the top level of the function.
    var outermostDeclarations: [VariableDecl] { scopes[0] }

    /// Records a name used here that is no visible variable, for each enclosing closure.
    func noteExternal(_ name: String, _ position: Position) {
        var context: CompileContext? = self
        while let current = context, current.kind == .closure {
            if !current.externals.contains(where: { $0.name == name }) { current.externals.append((name, position)) }
            context = current.parent
        }
    }

    /// Whether unknown names should be looked up in the host scope at run time.
    var seesHostScope: Bool {
        switch kind {
        case .script: return true
        case .function: return false
        case .closure: return parent?.seesHostScope ?? false
        }
    }

    /// Records what the parser learned once the whole function has been parsed.
    func finish() {
        function.hasSharedVariables = declarations.contains { $0.isShared }
        function.sharedParameterSlots = declarations.prefix(function.arity).filter(\.isShared).map(\.slot)
        function.captureCount = captures.count
    }
}
