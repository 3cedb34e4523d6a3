/// A lexical token of Rhai source, as the Rust engine's tokenizer (`src/tokenizer.rs`) makes them.
enum TokenKind: Equatable {
    case int(Int64)
    case float(Double)
    case identifier(String)
    case char(Unicode.Scalar)
    case string(String)
    /// The text of a back-tick string up to an interpolation `${` (the `{` is the next token).
    case interpolated(String)
    /// A keyword or symbol of the language, by its text (`let`, `+=`, `()`, `_`, `!in`, …).
    case symbol(String)
    /// A reserved word or symbol (`var`, `print`, `this`, `#`, `++`, …).
    case reserved(String)
    /// Text the lexer could not read; the message is the Rust engine's wording.
    case error(String)
    case eof

    /// The token as the Rust engine's `Token` displays it (in "Unexpected '…'" messages).
    var text: String {
        switch self {
        case .int(let value): return String(value)
        case .float(let value): return Dynamic.float(value).description
        case .identifier(let name), .symbol(let name), .reserved(let name), .error(let name): return name
        case .char(let scalar): return String(Character(scalar))
        case .string(let text): return "\"\(text)\""
        case .interpolated: return "string"
        case .eof: return "{EOF}"
        }
    }

    /// Whether an operator after this token is a unary one (`is_next_unary`): then `-` followed by
    /// a digit starts a negative number literal.
    var allowsUnaryNext: Bool {
        switch self {
        case .symbol(let symbol): return unaryFollowingSymbols.contains(symbol)
        case .error: return true
        default: return false
        }
    }

    /// Whether this is a keyword of the language (`is_standard_keyword`).
    var isStandardKeyword: Bool {
        if case .symbol(let symbol) = self { return rhaiKeywords.contains(symbol) }
        return false
    }

    /// The precedence of this token as a binary operator; nil when it is not one.
    var precedence: Int? {
        guard case .symbol(let symbol) = self else { return nil }
        return binaryPrecedence[symbol]
    }
}

struct Token: Equatable {
    let kind: TokenKind
    let position: Position
}

/// Keywords of the language (the words of Rust's `KEYWORDS_LIST`).
let rhaiKeywords: Set<String> = [
    "let", "const", "if", "else", "switch", "do", "while", "until", "loop", "for", "in",
    "break", "continue", "return", "throw", "try", "catch", "fn", "private", "import", "export",
    "as", "true", "false",
]

/// Reserved words and symbols (Rust's `RESERVED_LIST`), each with whether it may be called as a
/// function (`print(…)`) and whether it may be called in method style (`x.type_of()`).
let rhaiReserved: [String: (callable: Bool, method: Bool)] = {
    var table: [String: (callable: Bool, method: Bool)] = [:]
    for word in ["?", "use", "case", "async", "public", "package", "super", "#", "var", "protected",
                 "spawn", "shared", "is", "===", "sync", "static", "default", "!==", "#!", "this",
                 "thread", "yield", "new", "match", "~", "!.", "await", ":=", "...", "null", "@",
                 "with", "<-", "void", "--", "nil", "<|", "$", "->", "|>", "module", "::<", "++",
                 ":;", "*)", "(*", "go", "goto"] {
        table[word] = (false, false)
    }
    for word in ["print", "is_def_var", "is_def_fn", "eval", "debug", "Fn"] { table[word] = (true, false) }
    for word in ["curry", "is_shared", "call", "type_of"] { table[word] = (true, true) }
    return table
}()

/// Tokens after which an operator is unary (Rust's `Token::is_next_unary`).
private let unaryFollowingSymbols: Set<String> = [
    ";", ":", ",", "??", "..", "..=", "{", "(", "[", "+", "+=", "-", "-=", "*", "*=", "/", "/=",
    "%", "%=", "**", "**=", "<<", "<<=", ">>", ">>=", "=", "==", "!=", "<", ">", "!", "<=", ">=",
    "|", "&", "if", "while", "until", "in", "!in", "&&", "&=", "||", "|=", "^", "^=", "return",
    "throw", "?[",
]

/// Binary operator precedences (Rust's `Token::precedence`).
private let binaryPrecedence: [String: Int] = [
    "||": 30, "^": 30, "|": 30, "&&": 60, "&": 60, "==": 90, "!=": 90, "in": 110, "!in": 110,
    "<": 130, "<=": 130, ">": 130, ">=": 130, "??": 135, "..": 140, "..=": 140,
    "+": 150, "-": 150, "/": 180, "*": 180, "%": 180, "**": 190, "<<": 210, ">>": 210,
]

/// Whether a name is a proper variable name (`is_valid_identifier`): an ASCII letter must come
/// before any digit, so `_1` and `__` are not.
func isValidIdentifier(_ name: String) -> Bool {
    var sawLetter = false
    for scalar in name.unicodeScalars {
        if scalar == "_" { continue }
        if isASCIILetter(scalar) {
            sawLetter = true
        } else if !sawLetter || !("0"..."9").contains(scalar) {
            return false
        }
    }
    return sawLetter
}

func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
}

/// Whether a name may name a script function (`is_valid_function_name`).
func isProperFunctionName(_ name: String) -> Bool {
    isValidIdentifier(name) && rhaiReserved[name] == nil && !rhaiKeywords.contains(name)
}
