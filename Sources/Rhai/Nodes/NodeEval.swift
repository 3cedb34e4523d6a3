/// `eval(text)`: compiles the text and runs it where the call is, seeing the calling code's
/// variables (read and written in place), as the Rust engine's `eval` does; its errors come
/// out as errors "in call to function 'eval'" at the argument. Variables the text defines at its
/// top level stay defined afterwards for global-level code (not inside functions: a divergence).
final class EvalNode: Node {
    let text: Node
    /// The calling code's variables visible at the call.
    let visible: [String: VariableRoot]
    let seesHostScope: Bool

    init(_ text: Node, visible: [String: VariableRoot], seesHostScope: Bool, _ position: Position) {
        self.text = text
        self.visible = visible
        self.seesHostScope = seesHostScope
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        let value = try text.eval(runtime)
        guard case .string(let source) = value else {
            throw .error(.mismatch(expected: "string", actual: value.typeName, text.position))
        }
        let scalars = source.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return .unit }
        let script = String(scalars[first...last])
        let function: ScriptFunction
        let variables: [VariableDecl]
        do {
            (function, variables) = try Parser(script, limits: runtime.engine.limits).parseEval()
        } catch let error as RhaiError {
            throw .error(error.raised(inFunction: "eval", source: runtime.source, at: text.position))
        } catch {
            throw .error(RhaiError.runtime(String(describing: error)))
        }
        let saved = runtime.callerScope
        runtime.callerScope = CallerScope(
            variables: visible, seesHostScope: seesHostScope, frame: runtime.frame, cells: runtime.cells,
            captures: runtime.captures, depth: runtime.callDepth + 1,
            parent: saved?.depth == runtime.callDepth ? saved : nil)
        defer { runtime.callerScope = saved }
        try runtime.enterCall(text.position)
        let (newFrame, mark) = runtime.pushFrame(function.frameSize)
        defer {
            runtime.popFrame(newFrame, function.frameSize, mark)
            runtime.callDepth -= 1
        }
        var none = Dynamic.unit
        let result = try runtime.runFunction(function, newFrame, captures: [], this: &none, bindThis: false, text.position)
        if seesHostScope {
            for decl in variables where !decl.isShared {
                if decl.isConstant {
                    runtime.scope.pushConstant(decl.name, newFrame[decl.slot])
                } else {
                    runtime.scope.push(decl.name, newFrame[decl.slot])
                }
            }
        }
        return result
    }
}
