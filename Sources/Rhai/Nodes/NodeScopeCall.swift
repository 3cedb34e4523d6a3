/// `name!(args…)`: a call whose script function sees the caller's variables (the Rust engine's
/// `capture_parent_scope`): names the function does not define itself are the caller's, read
/// and written in place. Variables the function defines disappear when it returns.
final class ScopeCallNode: Node {
    let call: CallNode
    /// The caller's variables visible at the call.
    let visible: [String: VariableRoot]
    /// Whether the caller also sees the host's scope.
    let seesHostScope: Bool

    init(_ call: CallNode, visible: [String: VariableRoot], seesHostScope: Bool, _ position: Position) {
        self.call = call
        self.visible = visible
        self.seesHostScope = seesHostScope
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let saved = runtime.callerScope
        runtime.callerScope = CallerScope(
            variables: visible, seesHostScope: seesHostScope, frame: runtime.frame, cells: runtime.cells,
            captures: runtime.captures, depth: runtime.callDepth + 1,
            parent: saved?.depth == runtime.callDepth ? saved : nil)
        defer { runtime.callerScope = saved }
        return try call.eval(runtime)
    }
}

/// The variables of the caller of a `name!(…)` call, as the called function sees them.
final class CallerScope {
    let variables: [String: VariableRoot]
    let seesHostScope: Bool
    let frame: UnsafeMutablePointer<Dynamic>
    let cells: UnsafeMutablePointer<SharedCell?>?
    let captures: [SharedCell]
    /// The call depth of the called function: only its own code sees these variables.
    let depth: Int
    /// The caller's own caller scope, when the caller was itself called with `!`.
    let parent: CallerScope?

    init(variables: [String: VariableRoot], seesHostScope: Bool, frame: UnsafeMutablePointer<Dynamic>,
         cells: UnsafeMutablePointer<SharedCell?>?, captures: [SharedCell], depth: Int, parent: CallerScope?) {
        self.variables = variables
        self.seesHostScope = seesHostScope
        self.frame = frame
        self.cells = cells
        self.captures = captures
        self.depth = depth
        self.parent = parent
    }
}

extension Runtime {
    /// Runs `body` on the caller's variable `name` while a function called with `!` runs; nil
    /// when the caller has no such variable.
    func withCallerVariable<R>(_ name: String, _ body: (VariableRoot) throws(Interrupt) -> R) throws(Interrupt) -> R? {
        guard let first = callerScope, first.depth == callDepth else { return nil }
        var current: CallerScope? = first
        while let caller = current {
            if let root = caller.variables[name] {
                let (ownFrame, ownCells, ownCaptures) = (frame, cells, captures)
                frame = caller.frame
                cells = caller.cells
                captures = caller.captures
                defer {
                    frame = ownFrame
                    cells = ownCells
                    captures = ownCaptures
                }
                return try body(root)
            }
            if caller.seesHostScope, scope.index(of: name) != nil { return try body(.scope(name)) }
            current = caller.parent
        }
        return nil
    }
}
