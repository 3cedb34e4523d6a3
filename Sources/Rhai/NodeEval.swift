/// `eval(script)`: compiles and runs script text where it is called. As in the Rust engine,
/// the script sees the caller's variables (and may change them), the variables it declares
/// stay in scope after it, it may not define functions, it is not optimized, and its errors
/// are reported as raised `in call to function 'eval'`.
final class EvalNode: Node {
    let argument: Node
    /// The caller's variables visible at the call, outermost first.
    let visible: [(name: String, root: VariableRoot)]

    init(_ argument: Node, visible: [(name: String, root: VariableRoot)], _ position: Position) {
        self.argument = argument
        self.visible = visible
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        let value = try argument.eval(runtime)
        guard case .string(let text) = value else {
            throw .error(.mismatch(expected: "string", actual: value.typeName, argument.position))
        }
        let script = text.trimmingWhitespace()
        if script.isEmpty { return .unit }
        do {
            return try run(script, runtime)
        } catch .exit(let value) {
            throw .exit(value)
        } catch .error(let failure) {
            throw .error(failure.raised(inFunction: "eval", source: runtime.source, at: argument.position))
        } catch {
            throw error
        }
    }

    private func run(_ script: String, _ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let ast: AST
        do {
            ast = try Parser(script, limits: runtime.engine.limits).parseScript(optimizing: false)
        } catch let error as RhaiError {
            throw .error(error)
        } catch {
            throw .error(.runtime(String(describing: error)))
        }
        if !ast.library.functions.isEmpty {
            throw .error(.parse("Function definitions must be at global level and cannot be inside a block or another function", .none))
        }
        // The script reads the caller's variables from a scope holding the host's and the
        // visible locals; afterwards changed locals are written back and new variables kept.
        let callerScope = runtime.scope
        let scope = callerScope.copy()
        let localsStart = scope.count
        for variable in visible {
            let current = try runtime.read(variable.root, position)
            if variable.root.isConstant { scope.pushConstant(variable.name, current) } else { scope.push(variable.name, current) }
        }
        let localsEnd = scope.count
        runtime.scope = scope
        defer { runtime.scope = callerScope }
        let value = try runtime.runMain(ast, writeBackTo: scope, inCallerContext: true).value
        for (offset, variable) in visible.enumerated() where !variable.root.isConstant {
            let updated = scope.value(at: localsStart + offset)
            try runtime.modify(variable.root, position) { (slot: inout Dynamic) throws(Interrupt) in slot = updated }
        }
        for index in localsEnd..<scope.count {
            if scope.isConstant(at: index) {
                callerScope.pushConstant(scope.name(at: index), scope.value(at: index))
            } else {
                callerScope.push(scope.name(at: index), scope.value(at: index))
            }
        }
        return value
    }
}
