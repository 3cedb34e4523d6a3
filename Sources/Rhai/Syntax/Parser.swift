/// Parses Rhai source into executable nodes, resolving variables to frame slots,
/// closures to captured shared variables, and calls to script functions.
///
/// The grammar, the order of checks and the wording and position of every syntax error follow
/// the Rust engine's parser (`src/parser.rs`, v1.25.0) function by function: `parseStatement` is
/// `parse_stmt`, `parseBlock` is `parse_block`, and so on (the expression half is in
/// `Parser+Expressions.swift`).
final class Parser {
    var lexer: Lexer
    private var peeked: Token?
    /// How many `{` (and `#{`) consumed so far are not closed yet: lets error recovery skip
    /// to the end of the statement an error happened in.
    private var openBraces = 0
    let limits: Limits
    var context: CompileContext
    let library = FunctionLibrary()
    /// Call nodes to link to script functions once all functions are known.
    var calls: [CallNode] = []
    var anonymousCount = 0
    /// Aliases of modules imported at global level (visible inside functions too).
    var globalModules: Set<String> = []
    /// Global-level variables, written back to the host scope after a run.
    private(set) var globals: [VariableDecl] = []
    /// Exported variables of a module: exported name → variable.
    private(set) var exports: [(name: String, decl: VariableDecl)] = []
    /// While parsing the cases of a `switch`, `|` separates cases instead of being an operator.
    var pipeEndsExpression = false
    let stackFloor = Runtime.stackFloor()

    init(_ source: String, limits: Limits) {
        lexer = Lexer(source, maxStringLength: limits.maxStringSize)
        self.limits = limits
        let main = ScriptFunction(name: "", parameters: [], isPrivate: false, position: Position(line: 1, column: 1))
        context = CompileContext(kind: .script, function: main, parent: nil)
    }

    // MARK: entry points

    private var globalSettings: ParseSettings {
        ParseSettings(flags: .globalLevel, level: 0, position: Position(line: 1, column: 0), maxDepth: limits.maxExpressionDepth)
    }

    /// Parses a whole script; throws the first syntax error.
    func parseScript() throws -> AST {
        let statements = try parseGlobalStatements()
        context.function.body = BlockNode(statements, Position(line: 1, column: 1), countsAsOperation: false)
        finish()
        Optimizer.optimize(context.function, library)
        return AST(main: context.function, library: library, globals: globals, exports: exports)
    }

    /// Parses the text given to `eval(…)` as a function named `eval`: names it does not define
    /// are the calling code's variables (`ScopeCallNode`'s mechanism); it may not define functions.
    /// Also gives the variables it defines at its top level.
    func parseEval() throws -> (function: ScriptFunction, variables: [VariableDecl]) {
        let function = ScriptFunction(name: "eval", parameters: [], isPrivate: false, position: Position(line: 1, column: 1))
        context = CompileContext(kind: .function, function: function, parent: nil)
        let statements = try parseGlobalStatements()
        if !library.functions.isEmpty {
            throw RhaiError.parse("Function definitions must be at global level and cannot be inside a block or another function", .none)
        }
        function.body = BlockNode(statements, Position(line: 1, column: 1), countsAsOperation: false)
        finish()
        return (function, context.outermostDeclarations)
    }

    /// The statements of a script (`parse_global_level`).
    private func parseGlobalStatements() throws -> [Node] {
        var statements: [Node] = []
        while peek().kind != .eof {
            guard let statement = try parseStatement(globalSettings) else { continue }
            statements.append(statement.node)
            if try endOfGlobalStatement(statement) { break }
        }
        return statements
    }

    /// Parses a whole script, collecting every syntax error (recovering at statement boundaries).
    func parseAllErrors() -> [RhaiError] {
        var errors: [RhaiError] = []
        while peek().kind != .eof {
            let depth = openBraces
            do {
                guard let statement = try parseStatement(globalSettings) else { continue }
                if try endOfGlobalStatement(statement) { break }
            } catch let error as RhaiError {
                errors.append(error)
                recover(toDepth: depth)
            } catch {
                break
            }
        }
        return errors
    }

    /// Checks what follows a global-level statement; true at the end of the script.
    private func endOfGlobalStatement(_ statement: Statement) throws -> Bool {
        let token = peek()
        switch token.kind {
        case .eof:
            return true
        case .symbol(";") where !statement.selfTerminated:
            advance()
        case _ where statement.selfTerminated:
            break
        case .error(let message):
            throw RhaiError.parse(message, token.position)
        default:
            throw RhaiError.parse("Expecting ';' to terminate this statement", token.position)
        }
        return false
    }

    /// Records what the main function needs and links calls to the script's functions.
    private func finish() {
        context.finish()
        for call in calls {
            call.target = library.lookup(call.name, arity: call.arguments.count)
        }
    }

    /// Skips to the end of the global-level statement an error happened in: a `;` or the `}`
    /// that closes its last open block.
    private func recover(toDepth depth: Int) {
        while true {
            let token = next()
            switch token.kind {
            case .eof: return
            case .symbol(";") where openBraces <= depth: return
            case .symbol("}") where openBraces <= depth: return
            default: break
            }
        }
    }

    // MARK: tokens

    func peek() -> Token {
        if let peeked { return peeked }
        let token = lexer.next()
        peeked = token
        return token
    }

    @discardableResult
    func next() -> Token {
        let token: Token
        if let waiting = peeked {
            peeked = nil
            token = waiting
        } else {
            token = lexer.next()
        }
        switch token.kind {
        case .symbol("{"), .symbol("#{"): openBraces += 1
        case .symbol("}"): openBraces -= 1
        default: break
        }
        return token
    }

    func advance() {
        _ = next()
    }

    /// Whether the next token is the symbol or keyword `text`.
    func check(_ text: String) -> Bool {
        peek().kind == .symbol(text)
    }

    /// Consumes the next token if it is `text` (Rust's `match_token`); also gives its position.
    func match(_ text: String) -> (matched: Bool, position: Position) {
        let token = peek()
        if token.kind == .symbol(text) {
            advance()
            return (true, token.position)
        }
        return (false, token.position)
    }

    /// "Expecting 'token' description" (Rust's `PERR::MissingToken`).
    func missing(_ token: String, _ description: String, _ position: Position) -> RhaiError {
        .parse("Expecting '\(token)' \(description)", position)
    }

    /// A reserved word or symbol used where a name or expression belongs (`PERR::Reserved`).
    func reserved(_ text: String, _ position: Position) -> RhaiError {
        .parse(isValidIdentifier(text) ? "'\(text)' is a reserved keyword" : "'\(text)' is a reserved symbol", position)
    }

    /// A variable name (Rust's `parse_var_name`).
    func parseVariableName() throws -> (String, Position) {
        let token = next()
        switch token.kind {
        case .identifier(let name): return (name, token.position)
        case .reserved(let word) where isValidIdentifier(word): throw reserved(word, token.position)
        case .error(let message): throw RhaiError.parse(message, token.position)
        default: throw RhaiError.parse("Expecting name of a variable", token.position)
        }
    }

    // MARK: statements

    /// A parsed statement and whether it ends without a `;` (`Stmt::is_self_terminated`).
    struct Statement {
        let node: Node
        let selfTerminated: Bool
    }

    /// Parses one statement (`parse_stmt`); nil for an empty statement, a function definition
    /// or the end of the script.
    func parseStatement(_ outer: ParseSettings) throws -> Statement? {
        let token = peek()
        if token.kind == .eof { return nil }
        var settings = outer
        settings.position = token.position

        guard case .symbol(let symbol) = token.kind else {
            return Statement(node: try parseExpressionStatement(settings.levelUp(self)), selfTerminated: false)
        }
        switch symbol {
        case ";":
            advance()
            return nil
        case "{":
            return Statement(node: try parseBlock(settings.levelUp(self)), selfTerminated: true)
        case "fn", "private":
            try parseFunctionDefinition(settings)
            return nil
        case "if":
            return Statement(node: try parseIf(settings.levelUp(self)), selfTerminated: true)
        case "switch":
            return Statement(node: try parseSwitch(settings.levelUp(self)), selfTerminated: true)
        case "while", "loop":
            return Statement(node: try parseWhileLoop(settings.levelUp(self)), selfTerminated: true)
        case "do":
            return Statement(node: try parseDo(settings.levelUp(self)), selfTerminated: false)
        case "for":
            return Statement(node: try parseFor(settings.levelUp(self)), selfTerminated: true)
        case "continue" where settings.flags.contains(.breakable):
            advance()
            return Statement(node: ContinueNode(token.position), selfTerminated: false)
        case "break" where settings.flags.contains(.breakable):
            advance()
            let value = try parseOptionalExpression(settings.levelUp(self))
            return Statement(node: BreakNode(value, token.position), selfTerminated: false)
        case "continue", "break":
            throw RhaiError.parse("Break statement should only be used inside a loop", token.position)
        case "return", "throw":
            advance()
            let value = try parseOptionalExpression(settings.levelUp(self))
            let node: Node = symbol == "return" ? ReturnNode(value, token.position) : ThrowNode(value, token.position)
            return Statement(node: node, selfTerminated: false)
        case "try":
            return Statement(node: try parseTryCatch(settings.levelUp(self)), selfTerminated: true)
        case "let", "const":
            return Statement(node: try parseLet(settings.levelUp(self), exported: false), selfTerminated: false)
        case "import":
            return Statement(node: try parseImport(settings.levelUp(self)), selfTerminated: false)
        case "export" where !settings.flags.contains(.globalLevel):
            throw RhaiError.parse("Export statement can only appear at global level", token.position)
        case "export":
            return Statement(node: try parseExport(settings.levelUp(self)), selfTerminated: false)
        default:
            return Statement(node: try parseExpressionStatement(settings.levelUp(self)), selfTerminated: false)
        }
    }

    /// The value after `return`, `throw` or `break`: none when no expression starts there (the
    /// expression fails before consuming a token).
    private func parseOptionalExpression(_ settings: ParseSettings) throws -> Node? {
        let start = peek().position
        do {
            return try parseExpression(settings)
        } catch {
            if peek().position == start { return nil }
            throw error
        }
    }

    /// A statement block `{ … }` (`parse_block`).
    func parseBlock(_ settings: ParseSettings) throws -> BlockNode {
        let brace = next()
        switch brace.kind {
        case .symbol("{"): break
        case .error(let message): throw RhaiError.parse(message, brace.position)
        default: throw missing("{", "to start a statement block", brace.position)
        }
        var settings = try settings.levelUp(self, at: brace.position)
        context.pushScope()
        defer { context.popScope() }

        var statements: [Node] = []
        loop: while true {
            let token = peek()
            switch token.kind {
            case .symbol("}"):
                advance()
                break loop
            case .eof:
                throw missing("}", "to terminate this block", token.position)
            default:
                break
            }
            settings.flags.remove(.globalLevel)
            guard let statement = try parseStatement(settings) else { continue }
            statements.append(statement.node)

            let after = peek()
            switch after.kind {
            case .symbol("}"):
                advance()
                break loop
            case .symbol(";"):
                advance()
            case _ where statement.selfTerminated:
                break
            case .error(let message):
                throw RhaiError.parse(message, after.position)
            default:
                throw missing(";", "to terminate this statement", after.position)
            }
        }
        return BlockNode(statements, brace.position)
    }

    /// `let`/`const` (`parse_let`); evaluates to `()`.
    func parseLet(_ outer: ParseSettings, exported: Bool) throws -> LetNode {
        var settings = outer
        let keyword = next()
        settings.position = keyword.position
        let isConstant = keyword.kind == .symbol("const")
        let (name, _) = try parseVariableName()
        var value: Node?
        if match("=").matched { value = try parseExpression(settings.levelUp(self)) }
        let decl = context.declare(name, constant: isConstant)
        if context.isGlobalLevel { globals.append(decl) }
        if exported { exports.append((name, decl)) }
        let node = LetNode(decl, value, keyword.position)
        node.isGlobalConstant = isConstant && context.isGlobalLevel
        return node
    }

    /// `if … {…} else …` (`parse_if`).
    func parseIf(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        let settings = try outer.levelUp(self, at: keyword.position)
        let condition = try parseCondition(settings)
        let thenBranch = try parseBlock(settings)
        var elseBranch: Node?
        if match("else").matched {
            elseBranch = check("if") ? try parseIf(settings) : try parseBlock(settings)
        }
        return IfNode(condition, thenBranch, elseBranch, keyword.position)
    }

    /// A condition of `if`, `while`, `do` or a switch case guard: not a block, never a value of
    /// another type (`ensure_bool_expr`), not followed by `=` (a typo of `==`).
    func parseCondition(_ settings: ParseSettings) throws -> Node {
        try ensureNotStatementExpression()
        let condition = try parseExpression(settings)
        try ensureBoolean(condition)
        let token = peek()
        if token.kind == .symbol("=") { throw RhaiError.parse("Possibly a typo of '=='?", token.position) }
        return condition
    }

    /// A condition or iterable must not start with `{` (`ensure_not_statement_expr`).
    func ensureNotStatementExpression() throws {
        let token = peek()
        if token.kind == .symbol("{") { throw RhaiError.parse("Expecting a boolean expression", token.position) }
    }

    /// `while cond {…}` or `loop {…}` (`parse_while_loop`).
    func parseWhileLoop(_ outer: ParseSettings) throws -> Node {
        var settings = try outer.levelUp(self)
        let keyword = next()
        var condition: Node?
        if keyword.kind == .symbol("while") { condition = try parseCondition(settings) }
        settings.position = keyword.position
        settings.flags.insert(.breakable)
        let body = try parseBlock(settings)
        return WhileNode(condition, body, testsAfterBody: condition == nil, isUntil: false, keyword.position)
    }

    /// `do {…} while/until cond` (`parse_do`).
    func parseDo(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        var settings = try outer.levelUp(self, at: keyword.position)
        let wasBreakable = settings.flags.contains(.breakable)
        settings.flags.insert(.breakable)
        let body = try parseBlock(settings)
        let word = next()
        let isUntil: Bool
        switch word.kind {
        case .symbol("while"): isUntil = false
        case .symbol("until"): isUntil = true
        default: throw missing("while", "for the do statement", word.position)
        }
        if !wasBreakable { settings.flags.remove(.breakable) }
        let condition = try parseCondition(settings)
        return WhileNode(condition, body, testsAfterBody: true, isUntil: isUntil, keyword.position)
    }

    /// `for x in … {…}` and `for (x, i) in … {…}` (`parse_for`).
    func parseFor(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        var settings = try outer.levelUp(self, at: keyword.position)
        let name: String
        var counterName: String?
        if match("(").matched {
            (name, _) = try parseVariableName()
            let comma = match(",")
            if !comma.matched { throw missing(",", "after the iteration variable name", comma.position) }
            let (counter, counterPosition) = try parseVariableName()
            if counter == name { throw RhaiError.parse("Duplicated variable name: \(counter)", counterPosition) }
            let close = match(")")
            if !close.matched { throw missing(")", "to close the iteration variable", close.position) }
            counterName = counter
        } else {
            (name, _) = try parseVariableName()
        }
        let inToken = next()
        switch inToken.kind {
        case .symbol("in"): break
        case .error(let message): throw RhaiError.parse(message, inToken.position)
        default: throw missing("in", "after the iteration variable", inToken.position)
        }
        try ensureNotStatementExpression()
        let iterable = try parseExpression(settings)
        try ensureIterable(iterable)

        context.pushScope()
        defer { context.popScope() }
        let counter = counterName.map { context.declare($0, constant: false) }
        let variable = context.declare(name, constant: false)
        settings.flags.insert(.breakable)
        let body = try parseBlock(settings)
        let loop = ForNode(variable, counter, iterable, body, keyword.position)
        if let call = iterable as? CallNode, call.name == "range", call.arguments.count == 3 {
            return SteppedForNode(loop, from: call.arguments[0], to: call.arguments[1], step: call.arguments[2], call.position)
        }
        return loop
    }

    /// `try {…} catch (e) {…}` (`parse_try_catch`).
    func parseTryCatch(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        let settings = try outer.levelUp(self, at: keyword.position)
        let body = try parseBlock(settings)
        let catchToken = match("catch")
        if !catchToken.matched { throw missing("catch", "for the 'try' statement", catchToken.position) }
        context.pushScope()
        defer { context.popScope() }
        var errorVariable: VariableDecl?
        if match("(").matched {
            let (name, _) = try parseVariableName()
            let close = match(")")
            if !close.matched { throw missing(")", "to enclose the catch variable", close.position) }
            errorVariable = context.declare(name, constant: false)
        }
        let handler = try parseBlock(settings)
        return TryNode(body, errorVariable, handler, keyword.position)
    }

    /// `import path as name` (`parse_import`).
    func parseImport(_ outer: ParseSettings) throws -> Node {
        let keyword = next()
        let settings = try outer.levelUp(self, at: keyword.position)
        let path = try parseExpression(settings)
        var alias: String?
        if match("as").matched {
            let (name, _) = try parseVariableName()
            _ = context.declare(Parser.moduleMarker + name, constant: true)
            if context.isGlobalLevel { globalModules.insert(name) }
            alias = name
        }
        return ImportNode(path, alias: alias, keyword.position)
    }

    /// `export let …`, `export const …`, `export name as alias` (`parse_export`).
    func parseExport(_ settings: ParseSettings) throws -> Node {
        advance()
        if check("let") || check("const") {
            return try parseLet(settings.levelUp(self), exported: true)
        }
        let (name, position) = try parseVariableName()
        var exportedName = name
        if match("as").matched { (exportedName, _) = try parseVariableName() }
        guard case .local(let decl)? = context.resolve(name) else {
            // Exporting a variable that does not exist fails when the statement runs.
            return VariableNode(.missing(name), position)
        }
        exports.append((exportedName, decl))
        return ConstantNode(.unit, position)
    }

    /// Prefix of the hidden scope entries that make an imported module's alias visible.
    static let moduleMarker = "::"

    // MARK: functions

    /// `fn name(params) {…}`, `private fn …`, `fn type.name(…) {…}` (the `Token::Fn` arm of
    /// `parse_stmt`, then `parse_fn`).
    private func parseFunctionDefinition(_ settings: ParseSettings) throws {
        let first = peek()
        let isPrivate = first.kind == .symbol("private")
        if isPrivate { advance() }
        let keyword = next()
        guard keyword.kind == .symbol("fn") else {
            throw missing("fn", "following 'private'", keyword.position)
        }
        guard settings.flags.contains(.globalLevel) else {
            throw RhaiError.parse("Function definitions must be at global level and cannot be inside a block or another function", first.position)
        }
        let functionSettings = ParseSettings(flags: .functionScope, level: 0, position: keyword.position,
                                             maxDepth: limits.maxFunctionExpressionDepth)
        let function = try parseFunction(functionSettings, isPrivate: isPrivate)
        if library.lookup(function.name, arity: function.arity, thisType: function.thisType) != nil {
            let count = function.arity
            let detail = count == 0 ? "no parameters" : count == 1 ? "1 parameter" : "\(count) parameters"
            throw RhaiError.parse("Function \(function.name) with \(detail) already exists", keyword.position)
        }
        library.add(function)
    }

    /// The rest of a function definition after `fn` (`parse_fn`).
    private func parseFunction(_ outer: ParseSettings, isPrivate: Bool) throws -> ScriptFunction {
        let settings = try outer.levelUp(self)
        var token = next()

        // `fn int.name()`: a method only for values of that type.
        var thisType: String?
        let following = peek()
        switch token.kind {
        case .string(let type) where following.kind == .symbol("."),
             .identifier(let type) where following.kind == .symbol("."):
            advance()
            thisType = type == "int" ? "i64" : type == "float" ? "f64" : type
            token = next()
        case .string:
            throw missing(".", "after the type name for 'this'", following.position)
        default:
            break
        }

        let name: String
        switch token.kind {
        case .identifier(let identifier) where isProperFunctionName(identifier): name = identifier
        case .reserved(let word): throw reserved(word, token.position)
        default: throw RhaiError.parse("Expecting function name in function declaration", token.position)
        }

        let open = peek()
        let noParameters: Bool
        switch open.kind {
        case .symbol("("):
            advance()
            noParameters = match(")").matched
        case .symbol("()"):
            advance()
            noParameters = true
        default:
            throw RhaiError.parse("Expecting parameters for function \(name)", open.position)
        }

        let parameters = noParameters ? [] : try parseParameters(closing: ")", duplicateOf: name,
            closingPurpose: "to close the parameters list of function '\(name)'",
            separatingPurpose: "to separate the parameters of function '\(name)'")

        let body = peek()
        guard body.kind == .symbol("{") else {
            throw RhaiError.parse("Expecting body statement block for function \(name)", body.position)
        }

        let function = ScriptFunction(name: name, parameters: parameters, isPrivate: isPrivate,
                                      position: outer.position, thisType: thisType)
        let outerContext = context
        context = CompileContext(kind: .function, function: function, parent: nil)
        defer { context = outerContext }
        for parameter in parameters { _ = context.declare(parameter, constant: false) }
        function.body = try parseBlock(settings)
        context.finish()
        return function
    }

    /// The parameter names of a function or closure, up to and including `closing`; the words
    /// of each error are Rust's (`duplicateOf`: the function named in "Duplicated parameter").
    private func parseParameters(closing: String, duplicateOf function: String, closingPurpose: String, separatingPurpose: String) throws -> [String] {
        var parameters: [String] = []
        while true {
            let parameter = next()
            switch parameter.kind {
            case .symbol(closing):
                return parameters
            case .identifier(let identifier):
                if parameters.contains(identifier) {
                    throw RhaiError.parse("Duplicated parameter \(identifier) for function \(function)", parameter.position)
                }
                parameters.append(identifier)
            case .error(let message):
                throw RhaiError.parse(message, parameter.position)
            case .reserved(let word):
                throw reserved(word, parameter.position)
            case let kind where kind.isStandardKeyword:
                throw RhaiError.parse("Expecting name of a variable", parameter.position)
            default:
                throw missing(closing, closingPurpose, parameter.position)
            }
            let separator = next()
            switch separator.kind {
            case .symbol(closing): return parameters
            case .symbol(","): break
            case .error(let message): throw RhaiError.parse(message, separator.position)
            default: throw missing(",", separatingPurpose, separator.position)
            }
        }
    }

    /// A closure `|params| body` or `|| body` (`parse_anon_fn`): its body is one statement.
    func parseClosure(_ settings: ParseSettings) throws -> Node {
        let start = settings.position
        var parameters: [String] = []
        if next().kind != .symbol("||") && !match("|").matched {
            parameters = try parseParameters(closing: "|", duplicateOf: "",
                closingPurpose: "to close the parameters list of anonymous function or closure",
                separatingPurpose: "to separate the parameters of anonymous function")
        }

        anonymousCount += 1
        let function = ScriptFunction(name: anonymousFunctionName(anonymousCount, start), parameters: parameters,
                                      isPrivate: true, position: start)
        let outerContext = context
        let closureContext = CompileContext(kind: .closure, function: function, parent: outerContext)
        context = closureContext
        defer { context = outerContext }
        for parameter in parameters { _ = context.declare(parameter, constant: false) }
        var bodySettings = settings
        bodySettings.flags = [.functionScope, .closureScope]
        let body = try parseStatement(bodySettings.levelUp(self))
        function.body = body?.node ?? ConstantNode(.unit, start)
        context.finish()
        library.addAnonymous(function)
        return ClosureNode(function, closureContext.captures.map(\.source), externals: closureContext.externals,
                           seesHostScope: closureContext.seesHostScope, start)
    }
}

/// Where the parser stands (Rust's `ParseSettings`): the flags of the construct being parsed
/// and the expression nesting level, checked against the engine's depth limits.
struct ParseSettings {
    struct Flags: OptionSet {
        let rawValue: UInt8
        /// At global level (not inside a block or function).
        static let globalLevel = Flags(rawValue: 1)
        /// Inside a function or closure (`this` is allowed).
        static let functionScope = Flags(rawValue: 2)
        /// Inside a closure.
        static let closureScope = Flags(rawValue: 4)
        /// Inside a loop (`break` and `continue` are allowed).
        static let breakable = Flags(rawValue: 8)
    }

    var flags: Flags
    var level: Int
    var position: Position
    /// Maximum nesting level (0: unlimited).
    let maxDepth: Int

    /// One level deeper; "Expression exceeds maximum complexity" past the limit (or when the
    /// native stack runs low).
    func levelUp(_ parser: Parser) throws -> ParseSettings {
        if (maxDepth > 0 && level >= maxDepth) || level >= Limits.hardExpressionDepthCap
            || Runtime.stackAddress() < parser.stackFloor {
            throw RhaiError.parse("Expression exceeds maximum complexity", position)
        }
        var deeper = self
        deeper.level += 1
        return deeper
    }

    /// One level deeper, at a new position.
    func levelUp(_ parser: Parser, at newPosition: Position) throws -> ParseSettings {
        var deeper = try levelUp(parser)
        deeper.position = newPosition
        return deeper
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
