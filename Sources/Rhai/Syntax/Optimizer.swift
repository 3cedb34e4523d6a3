/// The observable part of the Rust engine's optimizer (`OptimizationLevel::Simple`, which
/// `Engine::new()` and `rhai-run` use): statements that are pure — they cannot have side
/// effects — are removed from blocks, so an error they would raise never happens
/// (`undefined_var;` runs; `{ let v = undefined_var; }` runs). Ported from
/// `optimize_stmt_block` in rhai's `src/optimizer.rs` (v1.25.0), with purity as its
/// `Stmt::is_pure`, `Stmt::is_internally_pure` and `Expr::is_pure` define it.
struct Optimizer {
    /// Optimizes a compiled script: its global code and every function body, which the Rust
    /// engine treats as top-level blocks (result kept, not internal, `return` reduced).
    static func optimize(_ main: ScriptFunction, _ library: FunctionLibrary) {
        let optimizer = Optimizer()
        for function in [main] + Array(library.functions.values) + library.anonymous {
            if let block = function.body as? BlockNode {
                optimizer.optimizeBlock(block, preserveResult: true, isInternal: false)
            } else {
                optimizer.optimizeExpression(function.body)
            }
        }
    }

    // MARK: blocks

    /// Removes the pure statements of a block that the Rust optimizer removes.
    func optimizeBlock(_ block: BlockNode, preserveResult: Bool, isInternal: Bool) {
        var statements = flattened(block.statements)
        for statement in statements { optimizeStatement(statement, preserveResult: preserveResult) }
        // Everything after `return`, `throw`, `break` or `continue` is dead code.
        if let end = statements.firstIndex(where: isControlFlowBreak) {
            statements.removeSubrange((end + 1)...)
        }
        let isPure = isInternal ? isInternallyPure : isStrictlyPure
        removePureStatements(&statements, preserveResult: preserveResult, isPure: isPure)
        if preserveResult {
            removeTrailingNonValues(&statements, isPure: isPure)
        } else {
            while let last = statements.last, isPure(last) { statements.removeLast() }
        }
        block.statements = statements
    }

    /// Nested plain blocks without declarations are spliced into the enclosing block.
    private func flattened(_ statements: [Node]) -> [Node] {
        guard statements.contains(where: { $0 is BlockNode && !isScoped($0) }) else { return statements }
        var result: [Node] = []
        for statement in statements {
            if let block = statement as? BlockNode, !isScoped(block) {
                result += flattened(block.statements)
            } else {
                result.append(statement)
            }
        }
        return result
    }

    /// A block that declares variables or imports modules keeps its own scope.
    private func isScoped(_ node: Node) -> Bool {
        guard let block = node as? BlockNode else { return false }
        return block.statements.contains { $0 is LetNode || $0 is ImportNode }
    }

    /// Rust: "Remove all pure statements except the last one". A strictly pure statement goes
    /// wherever it is; an internally pure one (a `let` of a pure value) only after the last
    /// statement that matters.
    private func removePureStatements(_ statements: inout [Node], preserveResult: Bool, isPure: (Node) -> Bool) {
        var firstNonConstant = 0
        if let index = statements.lastIndex(where: { statement in
            if !isPure(statement) { return true }
            if let declaration = statement as? LetNode { return declaration.value.map(isConstant) ?? true }
            return returnsValue(statement) && !isStatementBlock(statement) && !isConstant(statement)
        }) {
            firstNonConstant = index
        }
        var index = 0
        while index < statements.count {
            if preserveResult && index >= statements.count - 1 { break }
            let statement = statements[index]
            if isPure(statement) && index >= firstNonConstant {
                statements.remove(at: index)
            } else if isStrictlyPure(statement) {
                if index < firstNonConstant { firstNonConstant -= 1 }
                statements.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    /// Rust: "Remove all pure statements that do not return values at the end of a block".
    private func removeTrailingNonValues(_ statements: inout [Node], isPure: (Node) -> Bool) {
        while let last = statements.last {
            if statements.count == 1 {
                if !returnsValue(last) && isPure(last) { statements.removeAll() }
                return
            }
            let secondLast = statements[statements.count - 2]
            if last is NoopNode && returnsValue(secondLast) { return }
            guard !returnsValue(last) && isPure(last) else { return }
            if returnsValue(secondLast) {
                statements[statements.count - 1] = NoopNode(last.position)
            } else {
                statements.removeLast()
            }
        }
    }

    // MARK: statements and expressions

    /// Optimizes the blocks inside a statement. `preserveResult` is the enclosing block's.
    func optimizeStatement(_ node: Node, preserveResult: Bool) {
        switch node {
        case let block as BlockNode:
            optimizeBlock(block, preserveResult: preserveResult, isInternal: true)
        case let branch as IfNode:
            optimizeExpression(branch.condition)
            optimizeBody(branch.thenBranch, preserveResult: preserveResult)
            if let elseBranch = branch.elseBranch { optimizeBody(elseBranch, preserveResult: preserveResult) }
        case let loop as WhileNode:
            if let condition = loop.condition { optimizeExpression(condition) }
            optimizeBody(loop.body, preserveResult: false)
        case let loop as ForNode:
            optimizeExpression(loop.iterable)
            optimizeBody(loop.body, preserveResult: false)
        case let loop as SteppedForNode:
            optimizeStatement(loop.loop, preserveResult: false)
        case let attempt as TryNode:
            optimizeBody(attempt.body, preserveResult: false)
            optimizeBody(attempt.handler, preserveResult: false)
        case let choice as SwitchNode:
            optimizeExpression(choice.subject)
            for body in choice.bodies { optimizeExpression(body) }
        default:
            optimizeExpression(node)
        }
    }

    private func optimizeBody(_ node: Node, preserveResult: Bool) {
        if let block = node as? BlockNode {
            optimizeBlock(block, preserveResult: preserveResult, isInternal: true)
        } else {
            optimizeStatement(node, preserveResult: preserveResult)
        }
    }

    /// Blocks inside expressions keep their result (`let x = { …; 1 }`).
    func optimizeExpression(_ node: Node) {
        if node is BlockNode || node is IfNode || node is SwitchNode {
            optimizeStatement(node, preserveResult: true)
            return
        }
        for child in children(of: node) { optimizeExpression(child) }
    }

    /// The sub-expressions of an expression node, where nested blocks may hide.
    private func children(of node: Node) -> [Node] {
        switch node {
        case let n as LetNode: return n.value.map { [$0] } ?? []
        case let n as AssignNode: return [n.value]
        case let n as BinaryNode: return [n.lhs, n.rhs]
        case let n as LogicNode: return [n.lhs, n.rhs]
        case let n as CoalesceNode: return [n.lhs, n.rhs]
        case let n as InNode: return [n.needle, n.haystack]
        case let n as UnaryNode: return [n.operand]
        case let n as RangeNode: return [n.lower, n.upper]
        case let n as CallNode: return n.arguments
        case let n as ChainNode: return [n.root] + n.steps.flatMap(\.arguments)
        case let n as ChainReadNode: return [n.object] + n.step.arguments
        case let n as ChainAssignNode: return [n.value, n.chain]
        case let n as ArrayLiteralNode: return n.items
        case let n as MapLiteralNode: return n.entries.map(\.value)
        case let n as InterpolationNode: return n.parts
        case let n as ReturnNode: return n.value.map { [$0] } ?? []
        case let n as ThrowNode: return n.value.map { [$0] } ?? []
        case let n as BreakNode: return n.value.map { [$0] } ?? []
        default: return []
        }
    }

    // MARK: purity, as the Rust AST defines it

    /// `Stmt::is_pure` / `Expr::is_pure`: no side effects, so removable when unused.
    func isStrictlyPure(_ node: Node) -> Bool {
        switch node {
        case is NoopNode, is ConstantNode, is LocalNode, is VariableNode, is GlobalConstantNode, is ModuleVariableNode:
            return true
        case let n as ArrayLiteralNode: return n.items.allSatisfy(isStrictlyPure)
        case let n as MapLiteralNode: return n.entries.allSatisfy { isStrictlyPure($0.value) }
        case let n as InterpolationNode: return n.parts.allSatisfy(isStrictlyPure)
        case let n as LogicNode: return isStrictlyPure(n.lhs) && isStrictlyPure(n.rhs)
        case let n as CoalesceNode: return isStrictlyPure(n.lhs) && isStrictlyPure(n.rhs)
        case let n as BlockNode: return n.statements.allSatisfy(isStrictlyPure)
        case let n as IfNode:
            switch n.condition.constantValue {
            case .bool(true)?: return isStrictlyPure(n.thenBranch)
            case .bool(false)?: return n.elseBranch.map(isStrictlyPure) ?? true
            default:
                return isStrictlyPure(n.condition) && isStrictlyPure(n.thenBranch)
                    && (n.elseBranch.map(isStrictlyPure) ?? true)
            }
        case let n as SwitchNode:
            return isStrictlyPure(n.subject) && n.defaultBody != nil
                && n.guards.allSatisfy(isStrictlyPure) && n.bodies.allSatisfy(isStrictlyPure)
        case let n as WhileNode:
            // Only a loop that certainly ends can be pure.
            guard let condition = n.condition?.constantValue else { return false }
            if !n.testsAfterBody { return condition == .bool(n.isUntil) }
            return condition == .bool(n.isUntil) && isStrictlyPure(n.body)
        case let n as ForNode: return isStrictlyPure(n.iterable) && isStrictlyPure(n.body)
        case let n as TryNode: return isStrictlyPure(n.body) && isStrictlyPure(n.handler)
        default:
            return node.constantValue != nil
        }
    }

    /// `Stmt::is_internally_pure`: also a `let` of a pure value, inside a block.
    func isInternallyPure(_ node: Node) -> Bool {
        if let declaration = node as? LetNode { return declaration.value.map(isStrictlyPure) ?? true }
        if node is ImportNode { return false }
        return isStrictlyPure(node)
    }

    /// `Expr::is_constant`: literal values.
    private func isConstant(_ node: Node) -> Bool { node.constantValue != nil }

    /// `Stmt::returns_value`: whether a statement gives the block its value.
    private func returnsValue(_ node: Node) -> Bool {
        switch node {
        case is NoopNode, is WhileNode, is ForNode, is SteppedForNode, is TryNode, is LetNode, is AssignNode,
             is BreakNode, is ContinueNode, is ReturnNode, is ThrowNode, is ImportNode:
            return false
        default:
            return true
        }
    }

    /// A statement block (`Stmt::Block`, `If`, `Switch`): not an expression statement.
    private func isStatementBlock(_ node: Node) -> Bool {
        node is BlockNode || node is IfNode || node is SwitchNode
    }

    /// `return`, `throw`, `break` and `continue`.
    private func isControlFlowBreak(_ node: Node) -> Bool {
        node is ReturnNode || node is ThrowNode || node is BreakNode || node is ContinueNode
    }
}

/// A statement removed by the optimizer that still gives its block the value `()`.
final class NoopNode: Node {
    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic { .unit }
}
