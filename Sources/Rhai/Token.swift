/// A lexical token of Rhai source.
enum TokenKind: Equatable {
    case int(Int64)
    case float(Double)
    case string(String)
    case char(Unicode.Scalar)
    /// A back-tick string with `${…}` parts.
    case interpolated([InterpolationPart])
    case identifier(String)
    /// A reserved word (`let`, `if`, `fn`, …).
    case keyword(String)
    /// An operator or punctuation symbol (`+`, `..=`, `#{`, …).
    case symbol(String)
    /// Text the lexer could not read; the message says why.
    case invalid(String)
    case endOfInput
}

/// A piece of an interpolated back-tick string.
enum InterpolationPart: Equatable {
    case text(String)
    case code([Token])
}

struct Token: Equatable {
    let kind: TokenKind
    let position: Position
}

/// Reserved words of the language.
let rhaiKeywords: Set<String> = [
    "let", "const", "if", "else", "switch", "do", "while", "until", "loop", "for", "in",
    "break", "continue", "return", "throw", "try", "catch", "fn", "private", "import", "export",
    "as", "true", "false", "this", "global",
]

/// Words Rhai reserves for future use; using them as names is a syntax error.
let rhaiReservedWords: Set<String> = [
    "var", "static", "shared", "with", "goto", "match", "case", "public", "protected",
    "new", "use", "module", "package", "super", "thread", "spawn", "go", "await", "async",
    "sync", "yield", "default", "void", "null", "nil",
]

/// Symbols, longest first, so the lexer takes the longest match.
let rhaiSymbols: [String] = [
    "**=", "<<=", ">>=", "..=", "...",
    "::", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "**", "<<", ">>", "..", "?.", "?[", "??", "->", "#{", "++", "--",
    "+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|", "^", "(", ")", "[", "]", "{", "}",
    ",", ";", ":", ".", "?", "@", "~", "$", "#",
]
