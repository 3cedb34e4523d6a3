/// Expressions: the Rust engine's `parse_expr`, `parse_unary`, `parse_primary`, `parse_postfix`,
/// `parse_binary_op`, literals, calls, `switch`, and assignments (`parse_expr_stmt`).
extension Parser {
    /// An expression (`parse_expr`).
    func parseExpression(_ outer: ParseSettings) throws -> Node {
        var settings = outer
        settings.position = peek().position
        settings = try settings.levelUp(self)
        let lhs = try parseUnary(settings)
        return try parseBinaryOperators(settings, parentPrecedence: 1, lhs)
    }

    /// An expression statement or an assignment (`parse_expr_stmt`).
    func parseExpressionStatement(_ outer: ParseSettings) throws -> Node {
        var settings = outer
        settings.position = peek().position
        let target = try parseExpression(settings)
        let token = peek()
        let op: BinaryOperator?
        switch token.kind {
        case .symbol("="):
            op = nil
        case .symbol(let symbol) where Parser.compoundAssignments.contains(symbol):
            op = BinaryOperator(rawValue: String(symbol.dropLast()))
        default:
            return target
        }
        advance()
        settings.position = token.position
        let value = try parseExpression(settings)
        return try makeAssignment(op, target, value, token.position)
    }

    private static let compoundAssignments: Set<String> = ["+=", "-=", "*=", "/=", "<<=", ">>=", "%=", "**=", "&=", "|=", "^="]

    /// Checks an assignment target and builds the assignment (`make_assignment_stmt`).
    private func makeAssignment(_ op: BinaryOperator?, _ target: Node, _ value: Node, _ opPosition: Position) throws -> Node {
        if let root = variableRoot(of: target) {
            if case .local(let decl) = root, decl.isConstant {
                throw RhaiError.parse("Cannot assign to constant \(decl.name)", target.position)
            }
            // `x = x op y` runs as `x op= y` (as Rhai's optimizer rewrites it).
            if op == nil, !root.isThis,
               let binary = value as? BinaryNode, Parser.compoundAssignments.contains(binary.op.rawValue + "="),
               let operand = variableRoot(of: binary.lhs), operand.name == root.name {
                return AssignNode(root, binary.op, binary.rhs, target.position, operatorPosition: binary.position)
            }
            return AssignNode(root, op, value, target.position, operatorPosition: opPosition)
        }
        if let chain = target.asChain { return try ChainAssignNode.make(chain, op, value, opPosition) }
        if let variable = target as? ModuleVariableNode { return ModuleVariableAssignNode(variable) }
        if isConstantExpression(target) {
            throw RhaiError.parse("Cannot assign to a constant value", target.startPosition)
        }
        if op == nil && (target is LogicNode || target is CoalesceNode) {
            throw RhaiError.parse("Possibly a typo of '=='?", opPosition)
        }
        throw RhaiError.parse("Expression cannot be assigned to", target.position)
    }

    /// The variable a node reads, when it is a plain variable (or `this`).
    func variableRoot(of node: Node) -> VariableRoot? {
        if let local = node as? LocalNode { return .local(local.decl) }
        if let variable = node as? VariableNode { return variable.root }
        return nil
    }

    // MARK: operators

    /// Unary `-`, `+`, `!` (`parse_unary`); a negated number literal is a literal.
    private func parseUnary(_ outer: ParseSettings) throws -> Node {
        let token = peek()
        if pipeEndsExpression && token.kind == .symbol("|") {
            throw RhaiError.parse("Unexpected '|'", token.position)
        }
        var settings = outer
        settings.position = token.position
        switch token.kind {
        case .symbol("-"):
            advance()
            let operand = try parseUnary(settings.levelUp(self))
            if let constant = operand as? ConstantNode, constant.isLiteral {
                switch constant.value {
                case .int(let number):
                    let (negated, overflow) = Int64(0).subtractingReportingOverflow(number)
                    return ConstantNode(overflow ? .float(-Double(number)) : .int(negated), token.position)
                case .float(let number):
                    return ConstantNode(.float(-number), token.position)
                default:
                    break
                }
            }
            return foldUnary(.negate, operand, token.position)
        case .symbol("+"):
            advance()
            let operand = try parseUnary(settings.levelUp(self))
            if let constant = operand as? ConstantNode, constant.isLiteral, constant.value.isNumber { return operand }
            return foldUnary(.plus, operand, token.position)
        case .symbol("!"):
            advance()
            return foldUnary(.not, try parseUnary(settings.levelUp(self)), token.position)
        case .eof:
            throw RhaiError.parse("Script is incomplete", token.position)
        default:
            return try parsePrimary(settings)
        }
    }

    /// A unary operator node, folded (not as a literal) when the operand is a constant.
    private func foldUnary(_ op: UnaryOperator, _ operand: Node, _ position: Position) -> Node {
        switch (op, operand.constantValue) {
        case (.negate, .int(let number)?) where number != .min: return ConstantNode(.int(-number), position, literal: false)
        case (.negate, .float(let number)?): return ConstantNode(.float(-number), position, literal: false)
        case (.not, .bool(let flag)?): return ConstantNode(.bool(!flag), position, literal: false)
        default: return UnaryNode(op, operand, position)
        }
    }

    /// The precedence of the next token as a binary operator; nil when it is none.
    private func operatorPrecedence(_ token: Token) throws -> Int? {
        if pipeEndsExpression && token.kind == .symbol("|") { return nil }
        if case .reserved(let symbol) = token.kind, !isValidIdentifier(symbol) {
            throw RhaiError.parse("Unknown operator: '\(symbol)'", token.position)
        }
        return token.kind.precedence
    }

    /// Binary operators by precedence climbing (`parse_binary_op`); `**` binds to the right.
    private func parseBinaryOperators(_ outer: ParseSettings, parentPrecedence: Int, _ lhs: Node) throws -> Node {
        var settings = outer
        settings.position = lhs.position
        var root = lhs
        while true {
            let opToken = peek()
            guard let precedence = try operatorPrecedence(opToken) else { return root }
            guard case .symbol(let symbol) = opToken.kind else { return root }
            let bindsRight = symbol == "**"
            if precedence < parentPrecedence || (precedence == parentPrecedence && !bindsRight) { return root }
            advance()

            var rhs: Node
            let following = peek()
            switch (symbol, following.kind) {
            case ("??", .symbol("break")), ("??", .symbol("continue")), ("??", .symbol("return")), ("??", .symbol("throw")):
                rhs = try parseStatement(settings)?.node ?? ConstantNode(.unit, following.position)
            case ("..", .symbol(let next)) where Parser.openRangeEnds.contains(next),
                 ("..=", .symbol(let next)) where Parser.openRangeEnds.contains(next):
                // `x..` with no end: the end is `()`.
                rhs = ConstantNode(.unit, following.position)
            default:
                rhs = try parseUnary(settings)
            }

            if let nextPrecedence = try operatorPrecedence(peek()),
               (precedence == nextPrecedence && bindsRight) || precedence < nextPrecedence {
                rhs = try parseBinaryOperators(settings.levelUp(self), parentPrecedence: precedence, rhs)
            }
            settings = try settings.levelUp(self, at: opToken.position)
            root = try makeBinary(symbol, root, rhs, opToken.position)
        }
    }

    private static let openRangeEnds: Set<String> = ["]", ")", "}", ",", ";", "=>"]

    private func makeBinary(_ symbol: String, _ lhs: Node, _ rhs: Node, _ position: Position) throws -> Node {
        switch symbol {
        case "&&", "||":
            try ensureBoolean(lhs)
            try ensureBoolean(rhs)
            return LogicNode(isAnd: symbol == "&&", lhs, rhs, position)
        case "??": return CoalesceNode(lhs, rhs, position)
        case "in": return InNode(lhs, rhs, negated: false, position)
        case "!in": return InNode(lhs, rhs, negated: true, position)
        case "..": return RangeNode(lhs, rhs, inclusive: false, position)
        case "..=": return RangeNode(lhs, rhs, inclusive: true, position)
        default:
            let op = BinaryOperator(rawValue: symbol)!
            if let a = lhs.constantValue, let b = rhs.constantValue, a.isNumber && b.isNumber,
               case .success(let folded)? = Operators.builtin(op, a, b) {
                return ConstantNode(folded, position, literal: false)
            }
            return BinaryNode(op, lhs, rhs, position)
        }
    }

    // MARK: primary expressions

    /// A primary expression and its postfix chain (`parse_primary`).
    private func parsePrimary(_ outer: ParseSettings) throws -> Node {
        let token = peek()
        var settings = outer
        settings.position = token.position
        let start = token.position
        if pipeEndsExpression && token.kind == .symbol("|") {
            throw RhaiError.parse("Unexpected '|'", start)
        }

        let root: Node
        switch token.kind {
        case .eof:
            throw RhaiError.parse("Script is incomplete", start)
        case .symbol("()"):
            advance()
            root = ConstantNode(.unit, start)
        case .int(let value):
            advance()
            root = ConstantNode(.int(value), start)
        case .float(let value):
            advance()
            root = ConstantNode(.float(value), start)
        case .char(let value):
            advance()
            root = ConstantNode(.char(value), start)
        case .string(let value):
            advance()
            root = ConstantNode(.string(value), start)
        case .symbol("true"), .symbol("false"):
            advance()
            root = ConstantNode(.bool(token.kind == .symbol("true")), start)
        case .symbol(".."), .symbol("..="):
            // `..x`: the start is 0 (the range operator comes next).
            root = ConstantNode(.int(0), start)
        case .symbol("{"):
            root = try parseBlock(settings.levelUp(self))
        case .symbol("("):
            advance()
            let inner = try parseExpression(settings.levelUp(self))
            let close = next()
            switch close.kind {
            case .symbol(")"): break
            case .error(let message): throw RhaiError.parse(message, close.position)
            default: throw missing(")", "for a matching ( in this expression", close.position)
            }
            root = inner
        case .symbol("if"):
            root = try parseIf(settings.levelUp(self))
        case .symbol("while"), .symbol("loop"):
            root = try parseWhileLoop(settings.levelUp(self))
        case .symbol("do"):
            root = try parseDo(settings.levelUp(self))
        case .symbol("for"):
            root = try parseFor(settings.levelUp(self))
        case .symbol("switch"):
            root = try parseSwitch(settings.levelUp(self))
        case .symbol("|"), .symbol("||"):
            root = try parseClosure(settings)
        case .interpolated:
            root = try parseInterpolation(settings)
        case .symbol("["):
            root = try parseArrayLiteral(settings.levelUp(self))
        case .symbol("#{"):
            root = try parseMapLiteral(settings.levelUp(self))
        case .identifier(let name):
            advance()
            root = try parseName(name, start, settings)
        case .reserved(let word):
            advance()
            let following = peek().kind
            if following == .symbol("(") || following == .symbol("!") || following == .symbol("()"),
               rhaiReserved[word]?.callable == true {
                root = try parseCallFollowing(word, start, settings)
            } else if word == "this" {
                guard settings.flags.contains(.functionScope) else {
                    throw RhaiError.parse("'this' can only be used in functions", start)
                }
                context.function.usesThis = true
                root = VariableNode(.this, start)
            } else {
                throw reserved(word, start)
            }
        case .error(let message):
            advance()
            throw RhaiError.parse(message, start)
        default:
            throw RhaiError.parse("Unexpected '\(token.kind.text)'", start)
        }

        if pipeEndsExpression && check("|") { return root }
        return try parsePostfix(settings, root)
    }

    /// What follows a name: a call, a module path (`a::b`), or a variable.
    private func parseName(_ name: String, _ start: Position, _ settings: ParseSettings) throws -> Node {
        let following = peek()
        switch following.kind {
        case .symbol("("), .symbol("!"), .symbol("()"):
            return try parseCallFollowing(name, start, settings)
        case .symbol("::"):
            return try parseNamespaced(name, start, settings)
        default:
            return variableNode(name, start)
        }
    }

    /// `name(args)`, `name()` or `name!(args)` after the name (the call arms of `parse_postfix`).
    private func parseCallFollowing(_ name: String, _ start: Position, _ settings: ParseSettings) throws -> Node {
        let (arguments, capturesScope) = try parseCallArguments(name, settings)
        let call = makeCall(name, arguments, start)
        guard capturesScope, let callNode = call as? CallNode else { return call }
        return ScopeCallNode(callNode, visible: context.visibleVariables(), seesHostScope: context.seesHostScope, start)
    }

    /// The arguments after a called name, from `(`, `()` or `!(`; also whether there was a `!`
    /// (the function is to see the caller's variables).
    private func parseCallArguments(_ name: String, _ settings: ParseSettings) throws -> (arguments: [Node], capturesScope: Bool) {
        guard check("!") else { return (try parseArguments(name, settings), false) }
        advance()
        let open = peek()
        guard open.kind == .symbol("(") || open.kind == .symbol("()") else {
            throw missing("(", "to start arguments list of function call", open.position)
        }
        return (try parseArguments(name, settings), true)
    }

    /// The arguments of a call after its name (`parse_fn_call`), from `(` or `()`.
    private func parseArguments(_ name: String, _ outer: ParseSettings) throws -> [Node] {
        let open = next()
        if open.kind == .symbol("()") { return [] }
        let first = peek()
        switch first.kind {
        case .eof:
            throw missing(")", "to close the arguments list of this function call '\(name)'", first.position)
        case .error(let message):
            throw RhaiError.parse(message, first.position)
        case .symbol(")"):
            advance()
            return []
        default:
            break
        }
        let settings = try outer.levelUp(self)
        var arguments: [Node] = []
        while true {
            if !check(")") { arguments.append(try parseExpression(settings)) }
            let token = peek()
            switch token.kind {
            case .symbol(")"):
                advance()
                return arguments
            case .symbol(","):
                advance()
            case .eof:
                throw missing(")", "to close the arguments list of this function call '\(name)'", token.position)
            case .error(let message):
                throw RhaiError.parse(message, token.position)
            default:
                throw missing(",", "to separate the arguments to function call '\(name)'", token.position)
            }
        }
    }

    /// A call by name: special forms resolved at compile time, or a call linked later.
    private func makeCall(_ name: String, _ arguments: [Node], _ start: Position) -> Node {
        if name == "is_shared", arguments.count == 1, let root = variableRoot(of: arguments[0]) {
            return IsSharedNode(root, start)
        }
        if name == "eval", arguments.count == 1 {
            return EvalNode(arguments[0], visible: context.visibleVariables(), seesHostScope: context.seesHostScope, start)
        }
        if name == "is_def_var", arguments.count == 1, case .string(let variable)? = arguments[0].constantValue {
            if context.resolve(variable) != nil { return ConstantNode(.bool(true), start, literal: false) }
            return context.seesHostScope ? ScopeHasNode(variable, start) : ConstantNode(.bool(false), start, literal: false)
        }
        let call = CallNode(name, arguments, firstArgumentRoot: arguments.first.flatMap(variableRoot(of:)), start)
        calls.append(call)
        return call
    }

    /// `module::name`, `module::sub::name(args)`, `global::NAME`.
    private func parseNamespaced(_ module: String, _ start: Position, _ settings: ParseSettings) throws -> Node {
        var path: [String] = []
        var (name, namePosition) = (module, start)
        while match("::").matched {
            path.append(name)
            (name, namePosition) = try parseVariableName()
        }
        let following = peek()
        switch following.kind {
        case .symbol("!"):
            advance()
            let after = peek().kind
            if after == .symbol("(") || after == .symbol("()") {
                throw RhaiError.parse("Unexpected '!'", following.position)
            }
            throw RhaiError.parse("'!' cannot be used to call module functions", following.position)
        case .symbol("("), .symbol("()"):
            let arguments = try parseArguments(name, settings)
            return ModuleCallNode(path: path, name: name, arguments, visible: moduleIsVisible(module), pathPosition: start, namePosition)
        default:
            if path == ["global"] { return GlobalConstantNode(name, start) }
            return ModuleVariableNode(path: path, name: name, visible: moduleIsVisible(module), namePosition: namePosition, start)
        }
    }

    private func moduleIsVisible(_ module: String) -> Bool {
        context.resolve(Parser.moduleMarker + module) != nil || globalModules.contains(module)
    }

    func variableNode(_ name: String, _ position: Position) -> Node {
        switch context.resolve(name) {
        case .local(let decl)?: return LocalNode(decl, position)
        case let root?: return VariableNode(root, position)
        case nil:
            // A closure captures the names it uses when it is created; names of functions defined
            // before it are function pointers instead.
            if !library.contains(name: name) { context.noteExternal(name, position) }
            if context.seesHostScope { return VariableNode(.scope(name), position) }
            return VariableNode(.missing(name), position)
        }
    }

    // MARK: postfix chains

    /// Indexing, properties and method calls after a primary expression (`parse_postfix`),
    /// gathered into one chain; a chain in parentheses goes on (`(a.b).c` is `a.b.c`, as in Rhai).
    private func parsePostfix(_ outer: ParseSettings, _ base: Node) throws -> Node {
        var settings = outer
        var root = base
        var steps: [ChainStep] = []
        if let chain = base.asChain {
            root = chain.root
            steps = chain.steps
        }
        let initialCount = steps.count
        var run: Int?
        while true {
            let token = peek()
            switch token.kind {
            case .symbol("["), .symbol("?["):
                advance()
                settings.position = token.position
                settings = try settings.levelUp(self)
                let index = try parseExpression(settings.levelUp(self))
                if steps.isEmpty { try checkIndexType(root, index) }
                let close = peek()
                switch close.kind {
                case .symbol("]"):
                    advance()
                case .error(let message):
                    throw RhaiError.parse(message, close.position)
                default:
                    throw missing("]", "for a matching [ in this index expression", close.position)
                }
                let step = ChainStep(.index(index), optional: token.kind == .symbol("?["), token.position, key: index.startPosition)
                steps.append(step, run: &run)
            case .symbol("."), .symbol("?."):
                advance()
                settings.position = token.position
                settings = try settings.levelUp(self)
                let optional = token.kind == .symbol("?.")
                let name = peek()
                let step = try parseDotStep(settings, name, optional: optional, token.position)
                if case .method("is_shared", let arguments) = step.kind, arguments.isEmpty, steps.isEmpty,
                   let variable = variableRoot(of: root) {
                    root = IsSharedNode(variable, name.position)
                    continue
                }
                steps.append(step, run: &run)
            default:
                if steps.count == initialCount { return initialCount == 0 ? root : base }
                return ChainNode.make(root, steps)
            }
        }
    }

    /// Rejects an index of the wrong type for a literal (`check_argument_types`).
    private func checkIndexType(_ object: Node, _ index: Node) throws {
        let indexKind = expressionKind(index)
        let position = index.startPosition
        switch expressionKind(object) {
        case .map:
            let actual: String
            switch indexKind {
            case .int: actual = "a number"
            case .float: actual = "a float"
            case .char: actual = "a character"
            case .unit: actual = "()"
            case .logic, .bool: actual = "a boolean"
            default: return
            }
            throw RhaiError.parse("Object map expects string index, not \(actual)", position)
        case .int, .array, .string, .interpolated:
            let message: String
            switch indexKind {
            case .string, .interpolated: message = "numeric index, not a string"
            case .float: message = "integer index, not a float"
            case .char: message = "integer index, not a character"
            case .unit: message = "integer index, not ()"
            case .logic, .bool: message = "integer index, not a boolean"
            default: return
            }
            throw RhaiError.parse("Array, string or bit-field expects \(message)", position)
        default:
            return
        }
    }

    /// The property or method call after `.` or `?.` (at `dot`), its name being `token`.
    private func parseDotStep(_ settings: ParseSettings, _ token: Token, optional: Bool, _ dot: Position) throws -> ChainStep {
        let name: String
        switch token.kind {
        case .identifier(let identifier):
            name = identifier
        case .reserved(let word) where rhaiReserved[word]?.method == true:
            name = word
        case .reserved(let word):
            throw reserved(word, token.position)
        default:
            throw RhaiError.parse("Expecting name of a property", token.position)
        }
        advance()
        let following = peek()
        switch following.kind {
        case .symbol("("), .symbol("()"), .symbol("!"):
            let (arguments, capturesScope) = try parseCallArguments(name, settings)
            if capturesScope {
                throw RhaiError.parse("method-call style does not support running within the caller's scope", token.position)
            }
            return ChainStep(.method(name, arguments), optional: optional, dot, key: token.position)
        case .symbol("::"):
            throw RhaiError.parse("Invalid symbol encountered: '::'", following.position)
        default:
            if case .reserved = token.kind { throw reserved(name, token.position) }
            return ChainStep(.property(name), optional: optional, dot, key: token.position)
        }
    }

    // MARK: literals

    /// `[a, b, …]` (`parse_array_literal`).
    private func parseArrayLiteral(_ outer: ParseSettings) throws -> Node {
        let open = next()
        var settings = outer
        settings.position = open.position
        var items: [Node] = []
        while true {
            if limits.maxArraySize > 0 && items.count >= limits.maxArraySize {
                throw RhaiError.parse("Size of array literal exceeds the maximum limit (\(limits.maxArraySize))", peek().position)
            }
            let token = peek()
            switch token.kind {
            case .symbol("]"):
                advance()
                return ArrayLiteralNode(items, open.position)
            case .eof:
                throw missing("]", "to end this array literal", token.position)
            default:
                items.append(try parseExpression(settings.levelUp(self)))
            }
            let separator = peek()
            switch separator.kind {
            case .symbol(","): advance()
            case .symbol("]"): break
            case .eof: throw missing("]", "to end this array literal", separator.position)
            case .error(let message): throw RhaiError.parse(message, separator.position)
            default: throw missing(",", "to separate the items of this array literal", separator.position)
            }
        }
    }

    /// `#{name: value, "name": value, …}` (`parse_map_literal`).
    private func parseMapLiteral(_ outer: ParseSettings) throws -> Node {
        let open = next()
        var settings = outer
        settings.position = open.position
        let endMessage = "to end this object map literal"
        var entries: [(key: String, value: Node)] = []
        while true {
            let first = peek()
            switch first.kind {
            case .symbol("}"):
                advance()
                return MapLiteralNode(entries, open.position)
            case .eof:
                throw missing("}", endMessage, first.position)
            default:
                break
            }

            let keyToken = next()
            let key: String
            switch keyToken.kind {
            case .identifier(let name), .string(let name):
                if entries.contains(where: { $0.key == name }) {
                    throw RhaiError.parse("Duplicated property for object map literal: \(name)", keyToken.position)
                }
                key = name
            case .interpolated:
                throw RhaiError.parse("Expecting name of a property", keyToken.position)
            case .reserved(let word) where isValidIdentifier(word):
                throw reserved(word, keyToken.position)
            case .error(let message):
                throw RhaiError.parse(message, keyToken.position)
            case .eof:
                throw missing("}", endMessage, keyToken.position)
            default:
                if entries.isEmpty { throw missing("}", endMessage, keyToken.position) }
                throw RhaiError.parse("Expecting name of a property", keyToken.position)
            }

            let colon = next()
            switch colon.kind {
            case .symbol(":"): break
            case .error(let message): throw RhaiError.parse(message, colon.position)
            default: throw missing(":", "to follow the property '\(key)' in this object map literal", colon.position)
            }
            if limits.maxMapSize > 0 && entries.count >= limits.maxMapSize {
                throw RhaiError.parse("Number of properties in object map literal exceeds the maximum limit (\(limits.maxMapSize))", peek().position)
            }
            entries.append((key, try parseExpression(settings.levelUp(self))))

            let separator = peek()
            switch separator.kind {
            case .symbol(","): advance()
            case .symbol("}"): break
            case .identifier: throw missing(",", "to separate the items of this object map literal", separator.position)
            case .error(let message): throw RhaiError.parse(message, separator.position)
            default: throw missing("}", endMessage, separator.position)
            }
        }
    }

    /// A back-tick string with `${…}` blocks: the lexer goes back to text after each block.
    private func parseInterpolation(_ outer: ParseSettings) throws -> Node {
        let settings = try outer.levelUp(self)
        var parts: [Node] = []
        let first = next()
        if case .interpolated(let text) = first.kind, !text.isEmpty { parts.append(ConstantNode(.string(text), first.position)) }
        while true {
            parts.append(try parseBlock(settings))
            lexer.resumesInterpolatedText = true
            let token = next()
            switch token.kind {
            case .string(let text):
                if !text.isEmpty { parts.append(ConstantNode(.string(text), token.position)) }
                return InterpolationNode(parts, outer.position)
            case .interpolated(let text):
                if !text.isEmpty { parts.append(ConstantNode(.string(text), token.position)) }
            case .error(let message):
                throw RhaiError.parse(message, token.position)
            default:
                throw RhaiError.parse("Open string is not terminated", token.position)
            }
        }
    }

    // MARK: switch

    /// `switch value { pattern | pattern if guard => statement, …, _ => statement }` (`parse_switch`).
    func parseSwitch(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        let settings = try outer.levelUp(self, at: keyword.position)
        let subject = try parseExpression(settings)
        let open = next()
        switch open.kind {
        case .symbol("{"): break
        case .error(let message): throw RhaiError.parse(message, open.position)
        default: throw missing("{", "to start a switch block", open.position)
        }

        var table: [Dynamic: [SwitchNode.Case]] = [:]
        var ranges: [(lower: Int64, upper: Int64, inclusive: Bool, entry: SwitchNode.Case)] = []
        var defaultBody: Node?
        var defaultPosition = Position.none
        while true {
            let token = peek()
            var patterns: [Node] = []
            var guardCondition: Node?
            switch token.kind {
            case .symbol("}"):
                advance()
                return SwitchNode(subject, table: table, ranges: ranges, defaultBody: defaultBody, keyword.position)
            case .eof:
                throw missing("}", "to end this switch block", token.position)
            case .symbol("_") where defaultBody == nil:
                defaultPosition = token.position
                advance()
                let condition = match("if")
                if condition.matched { throw RhaiError.parse("This switch case cannot have a condition", condition.position) }
            case _ where defaultBody != nil:
                throw RhaiError.parse("Default switch case must be the last", defaultPosition)
            default:
                repeat {
                    let saved = pipeEndsExpression
                    pipeEndsExpression = true
                    defer { pipeEndsExpression = saved }
                    do {
                        patterns.append(try parseExpression(settings))
                    } catch let error as RhaiError {
                        throw RhaiError.parse("Expecting literal expression", error.position)
                    }
                } while match("|").matched
                if match("if").matched { guardCondition = try parseCondition(settings) }
            }

            let arrow = next()
            switch arrow.kind {
            case .symbol("=>"): break
            case .error(let message): throw RhaiError.parse(message, arrow.position)
            default: throw missing("=>", "in this switch case", arrow.position)
            }

            context.pushScope()
            let statement = try parseStatement(settings)
            context.popScope()
            let body = statement?.node ?? ConstantNode(.unit, arrow.position)
            let needsComma = !(statement?.selfTerminated ?? false)

            if patterns.isEmpty {
                defaultBody = body
            } else {
                let entry = SwitchNode.Case(guardCondition: guardCondition, body: body)
                // The Rust optimizer drops cases whose condition is the constant `false`.
                let isDropped = guardCondition?.constantValue == .bool(false)
                for pattern in patterns {
                    guard let value = literalValue(of: pattern) else {
                        throw RhaiError.parse("Expecting a literal expression", pattern.startPosition)
                    }
                    switch value {
                    case .range(let lower, let upper):
                        if lower < upper && !isDropped { ranges.append((lower, upper, false, entry)) }
                    case .inclusiveRange(let lower, let upper):
                        if lower <= upper && !isDropped { ranges.append((lower, upper, true, entry)) }
                    case .int, .float:
                        if !ranges.isEmpty {
                            throw RhaiError.parse("Numeric switch case cannot follow a range case", pattern.startPosition)
                        }
                    default:
                        break
                    }
                    if !isDropped { table[value, default: []].append(entry) }
                }
            }

            let separator = peek()
            switch separator.kind {
            case .symbol(","): advance()
            case .symbol("}"): break
            // Rust's parser names ')' here (v1.25.0).
            case .eof: throw missing(")", "to end this switch block", separator.position)
            case .error(let message): throw RhaiError.parse(message, separator.position)
            case _ where needsComma: throw missing(",", "to separate the items in this switch block", separator.position)
            default: break
            }
        }
    }

    // MARK: what the Rust parser knows of an expression

    /// The kind of Rust `Expr` a node stands for, where parse-time checks depend on it
    /// (literals are `ConstantNode`s made from a literal token, not folded values).
    enum ExpressionKind {
        case unit, bool, int, float, char, string, interpolated, array, map, logic, other
        /// A constant of another type (a closure that captures nothing: `Fn`).
        case constant(String)
    }

    func expressionKind(_ node: Node) -> ExpressionKind {
        if let constant = node as? ConstantNode, constant.isLiteral {
            switch constant.value {
            case .unit: return .unit
            case .bool: return .bool
            case .int: return .int
            case .float: return .float
            case .char: return .char
            case .string: return .string
            default: return .constant(constant.value.typeName)
            }
        }
        switch node {
        case is InterpolationNode: return .interpolated
        case is ArrayLiteralNode: return .array
        case is MapLiteralNode: return .map
        case is LogicNode: return .logic
        case let closure as ClosureNode where closure.sources.isEmpty && closure.externals.isEmpty: return .constant("Fn")
        default: return .other
        }
    }

    /// Rejects an expression that can never be a boolean (`ensure_bool_expr`).
    func ensureBoolean(_ node: Node) throws {
        let actual: String
        switch expressionKind(node) {
        case .unit: actual = "()"
        case .constant(let type): actual = type
        case .int: actual = "a number"
        case .float: actual = "a floating-point number"
        case .char: actual = "a character"
        case .string, .interpolated: actual = "a string"
        case .array: actual = "an array"
        case .map: actual = "an object map"
        default: return
        }
        throw RhaiError.parse("Expecting a boolean expression, not \(actual)", node.startPosition)
    }

    /// Rejects an expression that can never be iterated (`ensure_iterable`).
    func ensureIterable(_ node: Node) throws {
        let actual: String
        switch expressionKind(node) {
        case .unit: actual = "()"
        case .bool: actual = "a boolean"
        case .int: actual = "a number"
        case .float: actual = "a floating-point number"
        case .char: actual = "a character"
        case .map: actual = "an object map"
        default: return
        }
        throw RhaiError.parse("Expecting an iterable value, not \(actual)", node.startPosition)
    }

    /// Whether the node is a constant expression (`Expr::is_constant`).
    func isConstantExpression(_ node: Node) -> Bool {
        if let constant = node as? ConstantNode { return constant.isLiteral }
        switch node {
        case let closure as ClosureNode: return closure.sources.isEmpty && closure.externals.isEmpty
        case let array as ArrayLiteralNode: return array.items.allSatisfy(isConstantExpression)
        case let map as MapLiteralNode: return map.entries.allSatisfy { isConstantExpression($0.value) }
        default: return false
        }
    }

    /// The value of a literal expression, as switch cases need (`Expr::get_literal_value`).
    func literalValue(of node: Node) -> Dynamic? {
        if let constant = node as? ConstantNode { return constant.isLiteral ? constant.value : nil }
        switch node {
        case let array as ArrayLiteralNode:
            var values: [Dynamic] = []
            for item in array.items {
                guard let value = literalValue(of: item) else { return nil }
                values.append(value)
            }
            return .array(values)
        case let map as MapLiteralNode:
            var values: [String: Dynamic] = [:]
            for entry in map.entries {
                guard let value = literalValue(of: entry.value) else { return nil }
                values[entry.key] = value
            }
            return .map(values)
        case let range as RangeNode:
            let lower = literalValue(of: range.lower)
            let upper = literalValue(of: range.upper)
            let start: Int64
            let end: Int64
            switch (lower, upper) {
            case (.int(let a)?, .int(let b)?): (start, end) = (a, b)
            case (.int(let a)?, .unit?): (start, end) = (a, .max)
            case (.unit?, .int(let b)?): (start, end) = (0, b)
            default: return nil
            }
            return range.inclusive ? .inclusiveRange(start, end) : .range(start, end)
        default:
            return nil
        }
    }
}
