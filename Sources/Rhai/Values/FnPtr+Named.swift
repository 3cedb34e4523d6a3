extension FnPtr {
    /// A pointer to the function called `name` (Rust's `FnPtr::new`, behind `Fn("name")` and
    /// the callbacks given by name): a keyword or symbol is a syntax error ("'+' is a reserved
    /// symbol"), any other name that is not an identifier is "Function not found".
    static func named(_ name: String, library: FunctionLibrary?) throws(RhaiError) -> FnPtr {
        let identifier = isRhaiIdentifier(name)
        if identifier && !reservedFunctionNames.contains(name) {
            return FnPtr(name: name, curried: [], function: nil, captures: [], library: library)
        }
        if reservedFunctionNames.contains(name) || reservedSymbols.contains(name) {
            throw .parse("'\(name)' is a reserved \(identifier ? "keyword" : "symbol")", .none)
        }
        throw .functionNotFound(name)
    }
}

/// Rust's `is_valid_identifier`: ASCII letters, digits and underscores, with a letter before
/// any digit.
private func isRhaiIdentifier(_ name: String) -> Bool {
    var sawLetter = false
    for byte in name.utf8 {
        switch byte {
        case UInt8(ascii: "_"): continue
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): sawLetter = true
        case UInt8(ascii: "0")...UInt8(ascii: "9") where sawLetter: continue
        default: return false
        }
    }
    return sawLetter
}

/// Identifiers that cannot name a function: the keywords and reserved words of Rust's tokenizer.
private let reservedFunctionNames: Set<String> = [
    "as", "break", "catch", "const", "continue", "do", "else", "export", "false", "fn", "for", "if",
    "import", "in", "let", "loop", "private", "return", "switch", "throw", "true", "try", "until", "while",
    "async", "await", "call", "case", "curry", "debug", "default", "eval", "Fn", "go", "goto", "is",
    "is_def_fn", "is_def_var", "is_shared", "match", "module", "new", "nil", "null", "package", "print",
    "protected", "public", "shared", "spawn", "static", "super", "sync", "this", "thread", "type_of",
    "use", "var", "void", "with", "yield",
]

/// Operators and punctuation (used and reserved) of Rust's tokenizer.
private let reservedSymbols: Set<String> = [
    "_", "+", "-", "*", "/", "%", "**", "<<", ">>", "&", "|", "^", "=", "+=", "-=", "*=", "/=", "%=",
    "**=", "<<=", ">>=", "&=", "|=", "^=", "==", "!=", "<", "<=", ">", ">=", "!", "&&", "||", "!in",
    "(", ")", "[", "]", "{", "}", "#{", ",", ";", ":", "::", ".", "..", "..=", "=>", "?.", "?[", "??", "()",
    "?", "#", "#!", "===", "!==", "!.", "~", ":=", "...", "@", "<-", "--", "++", "<|", "|>", "->", "$",
    "::<", ":;", "(*", "*)",
]
