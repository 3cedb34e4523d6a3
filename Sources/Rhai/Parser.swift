/// Parses Rhai source into executable nodes, resolving variables to frame slots,
/// closures to captured shared variables, and calls to script functions.
final class Parser {
    private var tokens: [Token]
    private var index = 0
    private let limits: Limits
    private var depth = 0
    private var context: CompileContext
    let library = FunctionLibrary()
    /// Call nodes to link to script functions once all functions are known.
    private var calls: [CallNode] = []
    private var anonymousCount = 0
    /// Aliases of modules imported at global level (visible inside functions too).
    private var globalModules: Set<String> = []
    /// Global-level variables, written back to the host scope after a run.
    private(set) var globals: [VariableDecl] = []
    /// Exported variables of a module: exported name → variable.
    private(set) var exports: [(name: String, decl: VariableDecl)] = []
    private let stackFloor = Runtime.stackFloor()

    init(_ source: String, limits: Limits) {
        tokens = Lexer.tokenize(source)
        self.limits = limits
        let main = ScriptFunction(name: "", parameters: [], isPrivate: false, position: Position(line: 1, column: 1))
        context = CompileContext(kind: .script, function: main, parent: nil)
    }

    // MARK: entry points

    /// Parses a whole script; throws the first syntax error.
    /// `optimizing: false` skips the optimizer (for `eval`, as the Rust engine does).
    func parseScript(optimizing: Bool = true) throws -> AST {
        var statements: [Node] = []
        while !isAtEnd {
            if let statement = try parseStatement(topLevel: true) { statements.append(statement) }
        }
        return finishScript(statements, optimizing: optimizing)
    }

    /// Parses a whole script, collecting every syntax error (recovering at statement boundaries).
    func parseAllErrors() -> [RhaiError] {
        var errors: [RhaiError] = []
        while !isAtEnd {
            do {
                _ = try parseStatement(topLevel: true)
            } catch let error as RhaiError {
                errors.append(error)
                if case .invalid = current.kind { break }
                recover()
            } catch {
                break
            }
        }
        return errors
    }

    private func finishScript(_ statements: [Node], optimizing: Bool) -> AST {
        context.function.body = BlockNode(statements, Position(line: 1, column: 1), countsAsOperation: false)
        context.finish()
        for call in calls {
            call.target = library.lookup(call.name, arity: call.arguments.count)
        }
        if optimizing { Optimizer.optimize(context.function, library) }
        return AST(main: context.function, library: library, globals: globals, exports: exports)
    }

    /// Skips to the start of the next statement after an error.
    private func recover() {
        var braces = 0
        while !isAtEnd {
            let token = current
            advance()
            if case .symbol(let symbol) = token.kind {
                if symbol == "{" { braces += 1 }
                if symbol == "}" {
                    braces -= 1
                    if braces <= 0 { return }
                }
                if symbol == ";" && braces <= 0 { return }
            }
        }
    }

    // MARK: token helpers

    private var current: Token { tokens[index] }

    private var isAtEnd: Bool {
        if case .endOfInput = current.kind { return true }
        return false
    }

    private func peekKind(_ offset: Int = 1) -> TokenKind {
        let target = min(index + offset, tokens.count - 1)
        return tokens[target].kind
    }

    private func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private func check(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.kind { return true }
        return false
    }

    private func checkKeyword(_ word: String) -> Bool {
        if case .keyword(word) = current.kind { return true }
        return false
    }

    private func accept(_ symbol: String) -> Bool {
        if check(symbol) {
            advance()
            return true
        }
        return false
    }

    private func acceptKeyword(_ word: String) -> Bool {
        if checkKeyword(word) {
            advance()
            return true
        }
        return false
    }

    private func expect(_ symbol: String, _ purpose: String) throws {
        guard accept(symbol) else { throw unexpected("Expecting '\(symbol)' \(purpose)") }
    }

    /// The error for the current token: lexer problems and end of input take precedence.
    private func unexpected(_ message: String) -> RhaiError {
        switch current.kind {
        case .invalid(let problem): return .parse(problem, current.position)
        case .endOfInput where message.hasPrefix("Expecting") == false: return .parse("Script is incomplete", current.position)
        default: return .parse(message, current.position)
        }
    }

    private func identifier(_ purpose: String = "Expecting name of a variable") throws -> String {
        if case .identifier(let name) = current.kind {
            advance()
            return name
        }
        if case .keyword(let word) = current.kind, word != "this" {
            throw RhaiError.parse("'\(word)' is a reserved keyword", current.position)
        }
        throw unexpected(purpose)
    }

    /// Guards parser recursion: the expression depth limit and the native stack.
    private func enterNesting(_ position: Position) throws {
        depth += 1
        let limit = context.kind == .script ? limits.maxExpressionDepth : limits.maxFunctionExpressionDepth
        if (limit > 0 && depth > limit) || Runtime.stackAddress() < stackFloor || depth > Limits.hardExpressionDepthCap {
            throw RhaiError.parse("Expression exceeds maximum complexity", position)
        }
    }

    private func leaveNesting() {
        depth -= 1
    }

    // MARK: statements

    /// Parses one statement; nil for an empty statement or a function definition.
    private func parseStatement(topLevel: Bool = false) throws -> Node? {
        let start = current.position
        if accept(";") { return nil }
        var endsWithBlock = false
        let node: Node
        switch current.kind {
        case .keyword("fn"), .keyword("private"):
            guard topLevel else {
                throw RhaiError.parse("Function definitions must be at global level and cannot be inside a block or another function", start)
            }
            try parseFunctionDefinition()
            return nil
        case .keyword("let"), .keyword("const"):
            node = try parseLet()
        case .keyword("if"), .keyword("switch"), .keyword("while"), .keyword("loop"), .keyword("for"),
             .keyword("try"), .keyword("do"):
            node = try parseCompound()
            endsWithBlock = true
        case .symbol("{"):
            node = try parseBlock()
            endsWithBlock = true
        case .keyword("return"):
            advance()
            node = ReturnNode(try endsStatement() ? nil : parseExpression(), start)
        case .keyword("throw"):
            advance()
            if try endsStatement() {
                node = ThrowNode(nil, start)
            } else {
                node = ThrowNode(try parseExpression(), start)
            }
        case .keyword("break"), .keyword("continue"):
            let isBreak = checkKeyword("break")
            advance()
            guard context.loopDepth > 0 else {
                throw RhaiError.parse("Break statement should only be used inside a loop", start)
            }
            if isBreak {
                node = BreakNode(try endsStatement() ? nil : parseExpression(), start)
            } else {
                node = ContinueNode(start)
            }
        case .keyword("import"):
            node = try parseImport()
        case .keyword("export"):
            guard context.isGlobalLevel else {
                throw RhaiError.parse("Export statement can only appear at global level", start)
            }
            node = try parseExport()
        default:
            node = try parseExpressionStatement()
        }
        if !endsWithBlock {
            if !accept(";") && !check("}") && !isAtEnd {
                throw unexpected("Expecting ';' to terminate this statement")
            }
        } else {
            _ = accept(";")
        }
        return node
    }

    private func endsStatement() throws -> Bool {
        if case .invalid(let problem) = current.kind { throw RhaiError.parse(problem, current.position) }
        return check(";") || check("}") || isAtEnd
    }

    private func parseBlock() throws -> Node {
        let start = current.position
        try expect("{", "to start a statement block")
        try enterNesting(start)
        defer { leaveNesting() }
        context.pushScope()
        defer { context.popScope() }
        var statements: [Node] = []
        while !check("}") {
            if isAtEnd { throw unexpected("Expecting '}' to end this statement block") }
            if let statement = try parseStatement() { statements.append(statement) }
        }
        advance()
        return BlockNode(statements, start)
    }

    private func parseLet() throws -> Node {
        let start = current.position
        let isConstant = checkKeyword("const")
        advance()
        let name = try identifier()
        var value: Node?
        if accept("=") { value = try parseExpression() }
        let decl = context.declare(name, constant: isConstant)
        if context.isGlobalLevel { globals.append(decl) }
        let node = LetNode(decl, value, start)
        node.isGlobalConstant = isConstant && context.isGlobalLevel
        return node
    }

    private func parseExpressionStatement() throws -> Node {
        let start = current.position
        let target = try parseExpression()
        let op: BinaryOperator?
        switch current.kind {
        case .symbol("="): op = nil
        case .symbol(let symbol) where symbol.count >= 2 && symbol.hasSuffix("=") && !["==", "!=", "<=", ">="].contains(symbol):
            guard let binary = BinaryOperator(rawValue: String(symbol.dropLast())) else {
                throw unexpected("Unknown operator: '\(symbol)'")
            }
            op = binary
        default:
            return target
        }
        let assignPosition = current.position
        advance()
        let value = try parseExpression()
        if let member = target as? ModuleVariableNode {
            throw RhaiError.assignmentToConstant("\(member.path.joined(separator: "::"))::\(member.name)", start)
        }
        if let chain = target.asChain {
            return try ChainAssignNode.make(chain, op, value, assignPosition)
        }
        guard let root = variableRoot(of: target) else {
            throw RhaiError.parse("Expression cannot be assigned to", start)
        }
        if root.isConstant {
            throw RhaiError.parse("Cannot assign to constant \(root.name)", start)
        }
        return AssignNode(root, op, value, assignPosition)
    }

    /// The variable a node reads, when it is a plain variable.
    private func variableRoot(of node: Node) -> VariableRoot? {
        if let local = node as? LocalNode { return .local(local.decl) }
        if let variable = node as? VariableNode { return variable.root }
        return nil
    }

    private func parseCompound() throws -> Node {
        let start = current.position
        try enterNesting(start)
        defer { leaveNesting() }
        switch current.kind {
        case .keyword("if"): return try parseIf()
        case .keyword("switch"): return try parseSwitch()
        case .keyword("while"):
            advance()
            let condition = try parseExpression()
            let body = try parseLoopBody()
            return WhileNode(condition, body, testsAfterBody: false, isUntil: false, start)
        case .keyword("loop"):
            advance()
            let body = try parseLoopBody()
            return WhileNode(nil, body, testsAfterBody: true, isUntil: false, start)
        case .keyword("do"):
            advance()
            let body = try parseLoopBody()
            let isUntil: Bool
            if acceptKeyword("while") {
                isUntil = false
            } else if acceptKeyword("until") {
                isUntil = true
            } else {
                throw unexpected("Expecting 'while' or 'until' after the body of a 'do' loop")
            }
            let condition = try parseExpression()
            return WhileNode(condition, body, testsAfterBody: true, isUntil: isUntil, start)
        case .keyword("for"): return try parseFor()
        case .keyword("try"): return try parseTry()
        default: throw unexpected("Expecting a statement")
        }
    }

    private func parseLoopBody() throws -> Node {
        context.loopDepth += 1
        defer { context.loopDepth -= 1 }
        return try parseBlock()
    }

    private func parseIf() throws -> Node {
        let start = current.position
        advance()
        let condition = try parseExpression()
        let thenBranch = try parseBlock()
        var elseBranch: Node?
        if acceptKeyword("else") {
            elseBranch = checkKeyword("if") ? try parseCompound() : try parseBlock()
        }
        return IfNode(condition, thenBranch, elseBranch, start)
    }

    private func parseFor() throws -> Node {
        let start = current.position
        advance()
        let hasCounter = accept("(")
        let name = try identifier()
        var counterName: String?
        if hasCounter {
            try expect(",", "to separate the loop variable from the counter")
            counterName = try identifier()
            try expect(")", "to close the loop variables")
        }
        guard acceptKeyword("in") else { throw unexpected("Expecting 'in' after the for loop variable") }
        let iterable = try parseExpression()
        context.pushScope()
        defer { context.popScope() }
        let variable = context.declare(name, constant: false)
        let counter = counterName.map { context.declare($0, constant: false) }
        let body = try parseLoopBody()
        let loop = ForNode(variable, counter, iterable, body, start)
        if let call = iterable as? CallNode, call.name == "range", call.arguments.count == 3 {
            return SteppedForNode(loop, from: call.arguments[0], to: call.arguments[1], step: call.arguments[2], call.position)
        }
        return loop
    }

    private func parseTry() throws -> Node {
        let start = current.position
        advance()
        let body = try parseBlock()
        guard acceptKeyword("catch") else { throw unexpected("Expecting 'catch' after a 'try' block") }
        context.pushScope()
        defer { context.popScope() }
        var errorVariable: VariableDecl?
        if accept("(") {
            errorVariable = context.declare(try identifier(), constant: false)
            try expect(")", "to close the catch variable")
        }
        let handler = try parseBlock()
        return TryNode(body, errorVariable, handler, start)
    }

    private func parseSwitch() throws -> Node {
        let start = current.position
        advance()
        let subject = try parseExpression()
        try expect("{", "to start a switch block")
        var table: [Dynamic: [SwitchNode.Case]] = [:]
        var ranges: [(lower: Int64, upper: Int64, inclusive: Bool, entry: SwitchNode.Case)] = []
        var defaultBody: Node?
        while !accept("}") {
            if isAtEnd { throw unexpected("Expecting '}' to end this switch block") }
            if defaultBody != nil {
                throw RhaiError.parse("Default switch case must be the last", current.position)
            }
            var patterns: [Node] = []
            var isDefault = false
            if case .identifier("_") = current.kind {
                advance()
                isDefault = true
            } else {
                repeat {
                    patterns.append(try parseExpression(minPrecedence: 31))
                } while accept("|")
            }
            var guardCondition: Node?
            if acceptKeyword("if") {
                guard !isDefault else { throw RhaiError.parse("Default switch case cannot have a condition", current.position) }
                guardCondition = try parseExpression()
            }
            try expect("=>", "in this switch case")
            let body: Node
            if check("{") {
                body = try parseBlock()
            } else if case .keyword(let word) = current.kind, ["throw", "return", "break", "continue"].contains(word) {
                body = try parseStatementWithoutTerminator()
            } else {
                body = try parseExpressionStatement()
            }
            if isDefault {
                defaultBody = body
            } else {
                let entry = SwitchNode.Case(guardCondition: guardCondition, body: body)
                // The Rust optimizer drops cases whose condition is the constant `false`.
                let isDropped = guardCondition?.constantValue == .bool(false)
                for pattern in patterns {
                    if let range = pattern as? RangeNode,
                       case .int(let lower)? = range.lower.constantValue, case .int(let upper)? = range.upper.constantValue {
                        guard !isDropped else { continue }
                        ranges.append((lower, upper, range.inclusive, entry))
                        let rangeValue: Dynamic = range.inclusive ? .inclusiveRange(lower, upper) : .range(lower, upper)
                        table[rangeValue, default: []].append(entry)
                    } else if let value = pattern.constantValue {
                        if !ranges.isEmpty && value.isNumber {
                            throw RhaiError.parse("Numeric switch case cannot follow a range case", pattern.position)
                        }
                        if !isDropped { table[value, default: []].append(entry) }
                    } else {
                        throw RhaiError.parse("Expecting a constant value as a switch case", pattern.position)
                    }
                }
            }
            if !accept(",") && !check("}") {
                if body is BlockNode { continue }
                throw unexpected("Expecting ',' to separate switch cases")
            }
        }
        return SwitchNode(subject, table: table, ranges: ranges, defaultBody: defaultBody, start)
    }

    /// A jump statement used as a switch case body (no `;` needed).
    private func parseStatementWithoutTerminator() throws -> Node {
        let start = current.position
        let word: String
        if case .keyword(let keyword) = current.kind { word = keyword } else { word = "" }
        advance()
        let value = (check(",") || check("}")) ? nil : try parseExpression()
        switch word {
        case "throw": return ThrowNode(value, start)
        case "return": return ReturnNode(value, start)
        case "break":
            guard context.loopDepth > 0 else { throw RhaiError.parse("Break statement should only be used inside a loop", start) }
            return BreakNode(value, start)
        default:
            guard context.loopDepth > 0 else { throw RhaiError.parse("Break statement should only be used inside a loop", start) }
            return ContinueNode(start)
        }
    }

    private func parseFunctionDefinition() throws {
        let start = current.position
        let isPrivate = acceptKeyword("private")
        guard acceptKeyword("fn") else { throw unexpected("Expecting 'fn' after 'private'") }
        guard case .identifier(let name) = current.kind else {
            if case .keyword(let word) = current.kind { throw RhaiError.parse("'\(word)' is a reserved keyword", current.position) }
            throw unexpected("Expecting function name in function declaration")
        }
        advance()
        guard accept("(") else { throw unexpected("Expecting parameters for function \(name)") }
        var parameters: [String] = []
        while !accept(")") {
            let parameter = try identifier()
            if parameters.contains(parameter) {
                throw RhaiError.parse("Duplicated parameter \(parameter) for function \(name)", current.position)
            }
            parameters.append(parameter)
            if !accept(",") && !check(")") { throw unexpected("Expecting ',' to separate the parameters of function \(name)") }
        }
        if library.lookup(name, arity: parameters.count) != nil {
            let count = parameters.count
            let detail = count == 0 ? "no parameters" : count == 1 ? "1 parameter" : "\(count) parameters"
            throw RhaiError.parse("Function \(name) with \(detail) already exists", start)
        }
        guard check("{") else { throw unexpected("Expecting body statement block for function \(name)") }
        let function = ScriptFunction(name: name, parameters: parameters, isPrivate: isPrivate, position: start)
        let outer = context
        let outerDepth = depth
        context = CompileContext(kind: .function, function: function, parent: nil)
        depth = 0
        defer {
            context = outer
            depth = outerDepth
        }
        for parameter in parameters { _ = context.declare(parameter, constant: false) }
        function.body = try parseBlock()
        context.finish()
        library.add(function)
    }

    private func parseImport() throws -> Node {
        let start = current.position
        advance()
        let path = try parseExpression()
        var alias: String?
        if acceptKeyword("as") {
            let name = try identifier("Expecting name of a module")
            _ = context.declare(Parser.moduleMarker + name, constant: true)
            if context.isGlobalLevel { globalModules.insert(name) }
            alias = name
        }
        return ImportNode(path, alias: alias, start)
    }

    private func parseExport() throws -> Node {
        let start = current.position
        advance()
        if checkKeyword("let") || checkKeyword("const") {
            let node = try parseLet()
            if let definition = node as? LetNode { exports.append((definition.decl.name, definition.decl)) }
            return node
        }
        repeat {
            let name = try identifier()
            var exportedName = name
            if acceptKeyword("as") { exportedName = try identifier() }
            guard case .local(let decl)? = context.resolve(name) else {
                throw RhaiError.parse("Variable not found: \(name)", start)
            }
            exports.append((exportedName, decl))
        } while accept(",")
        return ConstantNode(.unit, start)
    }

    // MARK: expressions

    private static let precedence: [String: Int] = [
        "||": 30, "|": 30, "^": 30, "&&": 60, "&": 60, "==": 90, "!=": 90, "in": 110,
        "<": 130, "<=": 130, ">": 130, ">=": 130, "??": 135, "..": 140, "..=": 140,
        "+": 150, "-": 150, "*": 180, "/": 180, "%": 180, "**": 190, "<<": 210, ">>": 210,
    ]

    /// The binary operator at the current position and its precedence.
    private func currentOperator() -> (String, Int)? {
        switch current.kind {
        case .symbol(let symbol):
            if symbol == "!", case .keyword("in") = peekKind() { return ("!in", 110) }
            return Parser.precedence[symbol].map { (symbol, $0) }
        case .keyword("in"):
            return ("in", 110)
        default:
            return nil
        }
    }

    func parseExpression(minPrecedence: Int = 0) throws -> Node {
        try enterNesting(current.position)
        defer { leaveNesting() }
        var lhs = try parseUnary()
        var chain = 0
        defer { depth -= chain }
        while let (symbol, precedence) = currentOperator(), precedence >= minPrecedence {
            let position = current.position
            chain += 1
            try enterNestingCount(position)
            advance()
            if symbol == "!in" { advance() }
            let nextMinimum = symbol == "**" ? precedence : precedence + 1
            if (symbol == ".." || symbol == "..=") && check("]") {
                lhs = makeBinary(symbol, lhs, ConstantNode(.int(.max), position), position)
                continue
            }
            let rhs = try parseExpression(minPrecedence: nextMinimum)
            lhs = makeBinary(symbol, lhs, rhs, position)
        }
        return lhs
    }

    private func makeBinary(_ symbol: String, _ lhs: Node, _ rhs: Node, _ position: Position) -> Node {
        if symbol == "&&" || symbol == "||", case .bool(let a)? = lhs.constantValue, case .bool(let b)? = rhs.constantValue {
            return ConstantNode(.bool(symbol == "&&" ? a && b : a || b), position)
        }
        switch symbol {
        case "&&": return LogicNode(isAnd: true, lhs, rhs, position)
        case "||": return LogicNode(isAnd: false, lhs, rhs, position)
        case "??": return CoalesceNode(lhs, rhs, position)
        case "in": return InNode(lhs, rhs, negated: false, position)
        case "!in": return InNode(lhs, rhs, negated: true, position)
        case "..": return RangeNode(lhs, rhs, inclusive: false, position)
        case "..=": return RangeNode(lhs, rhs, inclusive: true, position)
        default:
            let op = BinaryOperator(rawValue: symbol)!
            if let a = lhs.constantValue, let b = rhs.constantValue, case .success(let folded)? = Operators.builtin(op, a, b),
               a.isNumber && b.isNumber {
                return ConstantNode(folded, position)
            }
            return BinaryNode(op, lhs, rhs, position)
        }
    }

    private func parseUnary() throws -> Node {
        let start = current.position
        let op: UnaryOperator
        switch current.kind {
        case .symbol("-"): op = .negate
        case .symbol("+"): op = .plus
        case .symbol("!"): op = .not
        default: return try parsePostfix(try parsePrimary())
        }
        advance()
        try enterNesting(start)
        defer { leaveNesting() }
        let operand = try parseUnary()
        if let value = operand.constantValue {
            switch (op, value) {
            case (.negate, .int(let number)) where number != .min: return ConstantNode(.int(-number), start)
            case (.negate, .float(let number)): return ConstantNode(.float(-number), start)
            case (.plus, .int), (.plus, .float): return ConstantNode(value, start)
            case (.not, .bool(let flag)): return ConstantNode(.bool(!flag), start)
            default: break
            }
        }
        return UnaryNode(op, operand, start)
    }

    /// Postfix `.name`, `.name(…)`, `[…]` and their `?` forms, gathered into one chain (a chain
    /// in parentheses goes on: `(a.b).c` is `a.b.c`, as in Rhai).
    private func parsePostfix(_ base: Node) throws -> Node {
        var root = base
        var steps: [ChainStep] = []
        if let chain = base.asChain {
            root = chain.root
            steps = chain.steps
        }
        let initialCount = steps.count
        var run: Int?
        var chain = 0
        defer { depth -= chain }
        while true {
            let position = current.position
            if accept(".") || check("?.") {
                let optional = accept("?.")
                chain += 1
                try enterNestingCount(position)
                guard case .identifier(let name) = current.kind else {
                    throw unexpected("Expecting name of a property")
                }
                let namePosition = current.position
                advance()
                if check("(") {
                    let arguments = try parseArguments()
                    if name == "is_shared", arguments.isEmpty, steps.isEmpty, let variable = variableRoot(of: root) {
                        root = IsSharedNode(variable, position)
                        continue
                    }
                    steps.append(ChainStep(.method(name, arguments), optional: optional, position, key: namePosition), run: &run)
                } else {
                    steps.append(ChainStep(.property(name), optional: optional, position, key: namePosition), run: &run)
                }
            } else if check("[") || check("?[") {
                let optional = check("?[")
                advance()
                chain += 1
                try enterNestingCount(position)
                let index = try parseExpression()
                if steps.isEmpty { try checkLiteralIndex(root, index) }
                try expect("]", "to close the indexing expression")
                steps.append(ChainStep(.index(index), optional: optional, position, key: index.startPosition), run: &run)
            } else {
                if steps.count == initialCount { return initialCount == 0 ? root : base }
                return ChainNode.make(root, steps)
            }
        }
    }

    private func checkLiteralSize(_ what: String, _ size: Int, _ limit: Int, _ position: Position) throws {
        if limit > 0 && size > limit {
            throw RhaiError.parse("\(what) exceeds the maximum limit (\(limit))", position)
        }
    }

    /// Rejects indexing a literal with a literal index of the wrong type, as Rhai's parser does
    /// (`check_argument_types`).
    private func checkLiteralIndex(_ object: Node, _ index: Node) throws {
        let isMap = object is MapLiteralNode
        switch object.constantValue {
        case .int?, .string?: break
        default: guard isMap || object is ArrayLiteralNode || object is InterpolationNode else { return }
        }
        let kind: String
        switch index.constantValue {
        case .int?: kind = "a number"
        case .string?: kind = "a string"
        case .float?: kind = "a float"
        case .char?: kind = "a character"
        case .unit?: kind = "()"
        case .bool?: kind = "a boolean"
        default:
            if index is LogicNode {
                kind = "a boolean"
            } else if index is InterpolationNode {
                kind = "a string"
            } else {
                return
            }
        }
        let message: String
        switch (isMap, kind) {
        case (true, "a string"), (false, "a number"): return
        case (true, _): message = "Object map expects string index, not \(kind)"
        case (false, "a string"): message = "Array, string or bit-field expects numeric index, not a string"
        case (false, _): message = "Array, string or bit-field expects integer index, not \(kind)"
        }
        throw RhaiError.parse(message, index.startPosition)
    }

    /// Counts one more level of a postfix chain against the depth limit.
    private func enterNestingCount(_ position: Position) throws {
        let limit = context.kind == .script ? limits.maxExpressionDepth : limits.maxFunctionExpressionDepth
        depth += 1
        if (limit > 0 && depth > limit) || Runtime.stackAddress() < stackFloor || depth > Limits.hardExpressionDepthCap {
            throw RhaiError.parse("Expression exceeds maximum complexity", position)
        }
    }

    private func parseArguments() throws -> [Node] {
        try expect("(", "to start the arguments")
        var arguments: [Node] = []
        while !accept(")") {
            arguments.append(try parseExpression())
            if !accept(",") && !check(")") {
                throw unexpected("Expecting ')' to close the arguments list")
            }
        }
        return arguments
    }

    private func parsePrimary() throws -> Node {
        let token = current
        let start = token.position
        switch token.kind {
        case .int(let value):
            advance()
            return ConstantNode(.int(value), start)
        case .float(let value):
            advance()
            return ConstantNode(.float(value), start)
        case .string(let value):
            advance()
            try checkLiteralSize("Length of string", value.utf8.count, limits.maxStringSize, start)
            return ConstantNode(.string(value), start)
        case .char(let value):
            advance()
            return ConstantNode(.char(value), start)
        case .interpolated(let parts):
            advance()
            let textBytes = parts.reduce(0) { total, part in
                if case .text(let text) = part { return total + text.utf8.count }
                return total
            }
            try checkLiteralSize("Length of string", textBytes, limits.maxStringSize, start)
            return try parseInterpolation(parts, start)
        case .keyword("true"):
            advance()
            return ConstantNode(.bool(true), start)
        case .keyword("false"):
            advance()
            return ConstantNode(.bool(false), start)
        case .keyword("this"):
            advance()
            context.function.usesThis = true
            return VariableNode(.this, start)
        case .keyword("if"), .keyword("switch"), .keyword("while"), .keyword("loop"), .keyword("for"),
             .keyword("do"), .keyword("try"):
            return try parseCompound()
        case .keyword("global"):
            advance()
            try expect("::", "after 'global'")
            return GlobalConstantNode(try identifier(), start)
        case .symbol("("):
            advance()
            if accept(")") { return ConstantNode(.unit, start) }
            let inner = try parseExpression()
            try expect(")", "to close the parentheses")
            return inner
        case .symbol("["):
            advance()
            var items: [Node] = []
            while !accept("]") {
                items.append(try parseExpression())
                if !accept(",") && !check("]") { throw unexpected("Expecting ']' to end this array literal") }
            }
            try checkLiteralSize("Size of array literal", items.count, limits.maxArraySize, start)
            return ArrayLiteralNode(items, start)
        case .symbol("#{"):
            return try parseMapLiteral()
        case .symbol(".."), .symbol("..="):
            // An open start (`..end`, `..=end`, `..`), as used in indexing.
            let inclusive = check("..=")
            advance()
            if check("]") { return RangeNode(ConstantNode(.int(0), start), ConstantNode(.int(.max), start), inclusive: false, start) }
            let end = try parseExpression(minPrecedence: 141)
            return RangeNode(ConstantNode(.int(0), start), end, inclusive: inclusive, start)
        case .symbol("{"):
            return try parseBlock()
        case .symbol("|"), .symbol("||"):
            return try parseClosure()
        case .identifier(let name):
            advance()
            if check("::") { return try parseNamespaced(name, start) }
            if check("(") { return try parseCall(name, start) }
            return variableNode(name, start)
        case .keyword(let word):
            throw RhaiError.parse("'\(word)' is a reserved keyword", start)
        case .invalid(let problem):
            throw RhaiError.parse(problem, start)
        case .endOfInput:
            throw RhaiError.parse("Script is incomplete", start)
        case .symbol(let symbol):
            throw RhaiError.parse("Unexpected '\(symbol)'", start)
        }
    }

    private func variableNode(_ name: String, _ position: Position) -> Node {
        switch context.resolve(name) {
        case .local(let decl)?: return LocalNode(decl, position)
        case let root?: return VariableNode(root, position)
        case nil:
            if context.seesHostScope { return VariableNode(.scope(name), position) }
            return VariableNode(.missing(name), position)
        }
    }

    private func parseCall(_ name: String, _ start: Position) throws -> Node {
        let arguments = try parseArguments()
        if name == "is_shared", arguments.count == 1, let root = variableRoot(of: arguments[0]) {
            return IsSharedNode(root, start)
        }
        if name == "eval", arguments.count == 1 {
            return EvalNode(arguments[0], visible: context.visibleVariables(), start)
        }
        if name == "is_def_var", arguments.count == 1, case .string(let variable)? = arguments[0].constantValue {
            if context.resolve(variable) != nil { return ConstantNode(.bool(true), start) }
            return context.seesHostScope ? ScopeHasNode(variable, start) : ConstantNode(.bool(false), start)
        }
        var firstRoot: VariableRoot?
        if let first = arguments.first {
            if let local = first as? LocalNode {
                firstRoot = .local(local.decl)
            } else if let variable = first as? VariableNode {
                firstRoot = variable.root
            }
        }
        let call = CallNode(name, arguments, variable: context.resolve(name), firstArgumentRoot: firstRoot, start)
        calls.append(call)
        return call
    }

    /// Prefix of the hidden scope entries that make an imported module's alias visible.
    private static let moduleMarker = "::"

    private func parseNamespaced(_ module: String, _ start: Position) throws -> Node {
        var path = [module]
        var name = ""
        while accept("::") {
            name = try identifier("Expecting name of a module member")
            path.append(name)
        }
        path.removeLast()
        let visible = context.resolve(Parser.moduleMarker + module) != nil || globalModules.contains(module)
        if check("(") {
            let arguments = try parseArguments()
            return ModuleCallNode(path: path, name: name, arguments, visible: visible, start)
        }
        return ModuleVariableNode(path: path, name: name, visible: visible, start)
    }

    private func parseMapLiteral() throws -> Node {
        let start = current.position
        advance()
        var entries: [(key: String, value: Node)] = []
        var seen: Set<String> = []
        while !accept("}") {
            let key: String
            switch current.kind {
            case .identifier(let name): key = name
            case .string(let name): key = name
            case .keyword(let word): key = word
            default: throw unexpected("Expecting name of a property")
            }
            let keyPosition = current.position
            advance()
            if seen.contains(key) {
                throw RhaiError.parse("Duplicated property for object map literal: \(key)", keyPosition)
            }
            seen.insert(key)
            try expect(":", "to follow the property '\(key)' in this object map literal")
            entries.append((key, try parseExpression()))
            if !accept(",") && !check("}") { throw unexpected("Expecting '}' to end this object map literal") }
        }
        try checkLiteralSize("Size of object map literal", entries.count, limits.maxMapSize, start)
        return MapLiteralNode(entries, start)
    }

    private func parseClosure() throws -> Node {
        let start = current.position
        var parameters: [String] = []
        if !accept("||") {
            advance()
            while !accept("|") {
                let parameter = try identifier()
                if parameters.contains(parameter) {
                    throw RhaiError.parse("Duplicated parameter \(parameter) for function anonymous function", current.position)
                }
                parameters.append(parameter)
                if !accept(",") && !check("|") { throw unexpected("Expecting '|' to close the parameters list") }
            }
        }
        anonymousCount += 1
        let function = ScriptFunction(name: anonymousFunctionName(anonymousCount, start), parameters: parameters, isPrivate: true, position: start)
        let outer = context
        let closureContext = CompileContext(kind: .closure, function: function, parent: outer)
        context = closureContext
        defer { context = outer }
        for parameter in parameters { _ = context.declare(parameter, constant: false) }
        if check("{") {
            function.body = try parseBlock()
        } else {
            function.body = try parseExpressionStatement()
        }
        context.finish()
        library.addAnonymous(function)
        return ClosureNode(function, closureContext.captures.map(\.source), start)
    }

    private func parseInterpolation(_ parts: [InterpolationPart], _ start: Position) throws -> Node {
        var nodes: [Node] = []
        for part in parts {
            switch part {
            case .text(let text):
                nodes.append(ConstantNode(.string(text), start))
            case .code(let innerTokens):
                let savedTokens = tokens
                let savedIndex = index
                tokens = innerTokens
                index = 0
                defer {
                    tokens = savedTokens
                    index = savedIndex
                }
                var statements: [Node] = []
                context.pushScope()
                defer { context.popScope() }
                while !isAtEnd {
                    if let statement = try parseStatement() { statements.append(statement) }
                }
                nodes.append(statements.count == 1 ? statements[0] : BlockNode(statements, start))
            }
        }
        // The Rust optimizer folds a string whose parts are all constants with each value's
        // own Display, which differs from `to_string` inside containers (`${['c']}` is "['c']").
        let constants = nodes.compactMap(\.constantValue)
        if constants.count == nodes.count {
            return ConstantNode(.string(constants.map(\.valueDisplay).joined()), start)
        }
        return InterpolationNode(nodes, start)
    }
}

extension Dynamic {
    var isNumber: Bool {
        switch self {
        case .int, .float: return true
        default: return false
        }
    }
}

/// The name of an anonymous function: `anon$` and 16 hex digits, like the Rust engine's
/// (there a hash of the body; here one of the function's number and position).
func anonymousFunctionName(_ number: Int, _ position: Position) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for value in [UInt64(number), UInt64(position.line), UInt64(position.column)] {
        hash = (hash ^ value) &* 0x0000_0100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return RhaiError.anonymousPrefix + String(repeating: "0", count: 16 - digits.count) + digits
}
