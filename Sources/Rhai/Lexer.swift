/// Turns Rhai source text into tokens. Errors become `.invalid` tokens so the parser
/// reports them with their position.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// All tokens of the source, ending with `.endOfInput`.
    static func tokenize(_ source: String) -> [Token] {
        var lexer = Lexer(source)
        lexer.skipShebang()
        var tokens: [Token] = []
        lexer.lexTokens(into: &tokens, insideInterpolation: false)
        return tokens
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private var position: Position { Position(line: line, column: column) }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipShebang() {
        if current == "#" && peek() == "!" {
            while let scalar = current, scalar != "\n" { advance() }
        }
    }

    /// Lexes until end of input, or (inside `${…}`) until the unmatched `}`, which is consumed.
    private mutating func lexTokens(into tokens: inout [Token], insideInterpolation: Bool) {
        var braceDepth = 0
        while true {
            if let problem = skipWhitespaceAndComments() {
                tokens.append(problem)
                tokens.append(Token(kind: .endOfInput, position: position))
                return
            }
            guard let scalar = current else {
                if insideInterpolation {
                    tokens.append(Token(kind: .invalid("Open string is not terminated"), position: position))
                }
                tokens.append(Token(kind: .endOfInput, position: position))
                return
            }
            if insideInterpolation {
                if scalar == "{" { braceDepth += 1 }
                if scalar == "}" {
                    if braceDepth == 0 {
                        advance()
                        tokens.append(Token(kind: .endOfInput, position: position))
                        return
                    }
                    braceDepth -= 1
                }
            }
            let token = lexToken(scalar)
            if insideInterpolation, case .symbol("#{") = token.kind { braceDepth += 1 }
            tokens.append(token)
            if case .invalid = token.kind {
                tokens.append(Token(kind: .endOfInput, position: position))
                return
            }
        }
    }

    /// Skips blanks and comments; returns an error token for an unterminated block comment.
    private mutating func skipWhitespaceAndComments() -> Token? {
        while let scalar = current {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace {
                advance()
            } else if scalar == "/" && peek() == "/" {
                while let next = current, next != "\n" { advance() }
            } else if scalar == "/" && peek() == "*" {
                let start = position
                var depth = 0
                repeat {
                    if current == "/" && peek() == "*" {
                        depth += 1
                        advance()
                    } else if current == "*" && peek() == "/" {
                        depth -= 1
                        advance()
                    }
                    advance()
                } while depth > 0 && current != nil
                if depth > 0 {
                    return Token(kind: .invalid("Unterminated comment"), position: start)
                }
            } else {
                return nil
            }
        }
        return nil
    }

    private mutating func lexToken(_ scalar: Unicode.Scalar) -> Token {
        let start = position
        if scalar.properties.numericType != nil && ("0"..."9").contains(scalar) {
            return Token(kind: lexNumber(), position: start)
        }
        if isIdentifierStart(scalar) {
            var name = ""
            while let next = current, isIdentifierPart(next) {
                name.unicodeScalars.append(next)
                advance()
            }
            if rhaiKeywords.contains(name) { return Token(kind: .keyword(name), position: start) }
            if rhaiReservedWords.contains(name) {
                return Token(kind: .invalid("'\(name)' is a reserved keyword"), position: start)
            }
            return Token(kind: .identifier(name), position: start)
        }
        switch scalar {
        case "\"":
            advance()
            return Token(kind: lexQuotedString(), position: start)
        case "'":
            advance()
            return Token(kind: lexChar(), position: start)
        case "`":
            advance()
            return Token(kind: lexBacktickString(), position: start)
        case "#" where peek() == "\"" || peek() == "#":
            if let raw = lexRawString() { return Token(kind: raw, position: start) }
        default:
            break
        }
        for symbol in rhaiSymbols where matches(symbol) {
            for _ in symbol.unicodeScalars { advance() }
            return Token(kind: .symbol(symbol), position: start)
        }
        advance()
        return Token(kind: .invalid("Unexpected '\(Character(scalar))'"), position: start)
    }

    private func matches(_ symbol: String) -> Bool {
        var offset = 0
        for expected in symbol.unicodeScalars {
            guard index + offset < scalars.count, scalars[index + offset] == expected else { return false }
            offset += 1
        }
        return true
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    // MARK: numbers

    private mutating func lexNumber() -> TokenKind {
        var text = ""
        if current == "0", let marker = peek(), "xXoObB".unicodeScalars.contains(marker) {
            advance()
            advance()
            let radix: Int = (marker == "x" || marker == "X") ? 16 : (marker == "o" || marker == "O") ? 8 : 2
            while let scalar = current, scalar == "_" || scalar.properties.isASCIIHexDigit || isIdentifierPart(scalar) {
                if scalar != "_" { text.unicodeScalars.append(scalar) }
                advance()
            }
            let prefix = "0" + String(Character(marker))
            // Rhai reads non-decimal literals as unsigned bit patterns.
            guard !text.isEmpty, let bits = UInt64(text, radix: radix) else {
                return .invalid("Invalid number: '\(prefix)\(text)'")
            }
            return .int(Int64(bitPattern: bits))
        }
        var isFloat = false
        consumeDigits(into: &text)
        if current == ".", let next = peek(), ("0"..."9").contains(next) {
            isFloat = true
            text += "."
            advance()
            consumeDigits(into: &text)
        } else if current == ".", peek() != ".", !(peek().map(isIdentifierStart) ?? false) {
            isFloat = true
            advance()
        }
        if current == "e" || current == "E" {
            let signOffset = (peek() == "+" || peek() == "-") ? 2 : 1
            if let digit = peek(signOffset), ("0"..."9").contains(digit) {
                isFloat = true
                text += "e"
                advance()
                if signOffset == 2 {
                    text.unicodeScalars.append(current!)
                    advance()
                }
                consumeDigits(into: &text)
            }
        }
        if let scalar = current, isIdentifierStart(scalar) {
            var rest = ""
            while let next = current, isIdentifierPart(next) {
                rest.unicodeScalars.append(next)
                advance()
            }
            return .invalid("Invalid number: '\(text)\(rest)'")
        }
        if isFloat {
            guard let value = Double(text) else { return .invalid("Invalid number: '\(text)'") }
            return .float(value)
        }
        guard let value = Int64(text) else { return .invalid("Invalid number: '\(text)'") }
        return .int(value)
    }

    private mutating func consumeDigits(into text: inout String) {
        while let scalar = current, ("0"..."9").contains(scalar) || scalar == "_" {
            if scalar != "_" { text.unicodeScalars.append(scalar) }
            advance()
        }
    }

    // MARK: strings and chars

    /// The outcome of reading an escape sequence.
    private enum EscapeResult {
        /// The escaped scalar, or nil for a line continuation.
        case success(Unicode.Scalar?)
        case failure(String)
    }

    /// Reads an escape sequence after the backslash.
    private mutating func lexEscape() -> EscapeResult {
        guard let scalar = current else { return .failure("Open string is not terminated") }
        advance()
        switch scalar {
        case "n": return .success("\n")
        case "t": return .success("\t")
        case "r": return .success("\r")
        case "0": return .success("\0")
        case "\\": return .success("\\")
        case "\"": return .success("\"")
        case "'": return .success("'")
        case "`": return .success("`")
        case "$": return .success("$")
        case "x", "u", "U":
            var hex = ""
            if scalar == "u" && current == "{" {
                advance()
                while let next = current, next != "}" {
                    hex.unicodeScalars.append(next)
                    advance()
                    if hex.count > 8 { break }
                }
                guard current == "}" else { return .failure("Invalid escape sequence: '\\u{\(hex)'") }
                advance()
            } else {
                let count = scalar == "x" ? 2 : scalar == "u" ? 4 : 8
                for _ in 0..<count {
                    guard let next = current, next.properties.isASCIIHexDigit else {
                        return .failure("Invalid escape sequence: '\\\(scalar)\(hex)'")
                    }
                    hex.unicodeScalars.append(next)
                    advance()
                }
            }
            guard let code = UInt32(hex, radix: 16), let result = Unicode.Scalar(code) else {
                return .failure("Invalid escape sequence: '\\\(scalar)\(hex)'")
            }
            return .success(result)
        case "\n":
            // Line continuation: skip the line break and leading blanks of the next line.
            while let next = current, next == " " || next == "\t" { advance() }
            return .success(nil)
        case "\r" where current == "\n":
            advance()
            while let next = current, next == " " || next == "\t" { advance() }
            return .success(nil)
        default:
            return .failure("Invalid escape sequence: '\\\(scalar)'")
        }
    }

    private mutating func lexQuotedString() -> TokenKind {
        var text = ""
        while true {
            guard let scalar = current, scalar != "\n" else { return .invalid("Open string is not terminated") }
            advance()
            if scalar == "\"" { return .string(text) }
            if scalar == "\\" {
                switch lexEscape() {
                case .success(let escaped): if let escaped { text.unicodeScalars.append(escaped) }
                case .failure(let message): return .invalid(message)
                }
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }

    private mutating func lexChar() -> TokenKind {
        var text = ""
        while let scalar = current, scalar != "'" {
            if scalar == "\n" { return .invalid("Invalid character: '\(text)'") }
            advance()
            if scalar == "\\" {
                switch lexEscape() {
                case .success(let escaped): if let escaped { text.unicodeScalars.append(escaped) }
                case .failure(let message): return .invalid(message)
                }
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        guard current == "'" else { return .invalid("Invalid character: '\(text)'") }
        advance()
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else {
            return .invalid("Invalid character: '\(text)'")
        }
        return .char(scalar)
    }

    /// `#"…"#` with any number of `#`; nil when this `#` does not start a raw string.
    private mutating func lexRawString() -> TokenKind? {
        var hashes = 0
        while peek(hashes) == "#" { hashes += 1 }
        guard peek(hashes) == "\"" else { return nil }
        for _ in 0...hashes { advance() }
        var text = ""
        while let scalar = current {
            if scalar == "\"" {
                var closing = 0
                while closing < hashes && peek(closing + 1) == "#" { closing += 1 }
                if closing == hashes {
                    for _ in 0...hashes { advance() }
                    return .string(text)
                }
            }
            text.unicodeScalars.append(scalar)
            advance()
        }
        return .invalid("Open string is not terminated")
    }

    private mutating func lexBacktickString() -> TokenKind {
        var parts: [InterpolationPart] = []
        var text = ""
        // A line break right after the opening back-tick is not part of the string.
        if current == "\r" && peek() == "\n" { advance() }
        if current == "\n" { advance() }
        while let scalar = current {
            if scalar == "`" {
                if peek() == "`" {
                    text += "`"
                    advance()
                    advance()
                    continue
                }
                advance()
                if parts.isEmpty { return .string(text) }
                if !text.isEmpty { parts.append(.text(text)) }
                return .interpolated(parts)
            }
            if scalar == "$" && peek() == "{" {
                advance()
                advance()
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                var inner: [Token] = []
                lexTokens(into: &inner, insideInterpolation: true)
                if let bad = inner.first(where: { if case .invalid = $0.kind { return true } else { return false } }),
                   case .invalid(let message) = bad.kind {
                    return .invalid(message)
                }
                parts.append(.code(inner))
                continue
            }
            if scalar == "\r" && peek() == "\n" {
                advance()
                continue
            }
            text.unicodeScalars.append(scalar)
            advance()
        }
        return .invalid("Open string is not terminated")
    }
}
