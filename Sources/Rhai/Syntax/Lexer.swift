/// Turns Rhai source text into tokens on demand, as the Rust engine's tokenizer does
/// (`get_next_token` and `TokenIterator` in `src/tokenizer.rs`): the same tokens, the same
/// positions and the same lexical errors, which become `.error` tokens the parser reports.
/// The parser drives it one token at a time because an interpolated string (`` `a${x}b` ``)
/// switches it back to text after the `}` of each `${…}`.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Characters put back into the input (the last one put back comes out first).
    private var pushedBack: [Unicode.Scalar] = []
    /// Where the lexer stands (Rust's `Position`: the column of the last character read).
    private var line = 1
    private var column = 0
    /// Maximum length of a string literal in bytes (0: unlimited).
    private let maxStringLength: Int
    /// Whether an operator read next is binary (the previous token does not allow a unary one).
    private var nextCannotBeUnary = false
    /// Inside a string whose text continues with the next token: its closing text.
    private var withinTextTerminatedBy: String?
    /// Set by the parser after the `}` of an interpolation: go on with back-tick text.
    var resumesInterpolatedText = false

    init(_ source: String, maxStringLength: Int = 0) {
        scalars = Array(source.unicodeScalars)
        self.maxStringLength = maxStringLength
        skipShebang()
    }

    // MARK: the character stream

    private mutating func getNext() -> Unicode.Scalar? {
        if let scalar = pushedBack.popLast() { return scalar }
        guard index < scalars.count else { return nil }
        index += 1
        return scalars[index - 1]
    }

    private func peekNext() -> Unicode.Scalar? {
        if let scalar = pushedBack.last { return scalar }
        return index < scalars.count ? scalars[index] : nil
    }

    private mutating func unget(_ scalar: Unicode.Scalar) {
        pushedBack.append(scalar)
    }

    private mutating func eatNextAndAdvance() {
        column += 1
        _ = getNext()
    }

    private var position: Position { Position(line: line, column: column) }

    private mutating func newLine() {
        line += 1
        column = 0
    }

    /// `rhai-run` drops a first line starting with `#!` (keeping its line break).
    private mutating func skipShebang() {
        guard scalars.count >= 2, scalars[0] == "#", scalars[1] == "!" else { return }
        while index < scalars.count, scalars[index] != "\n" { index += 1 }
    }

    // MARK: tokens

    /// The next token; `.eof` (repeatedly) at the end.
    mutating func next() -> Token {
        if resumesInterpolatedText {
            resumesInterpolatedText = false
            withinTextTerminatedBy = "`"
        }
        let (kind, tokenPosition) = nextRawToken()
        nextCannotBeUnary = !kind.allowsUnaryNext
        switch kind {
        case .string where withinTextTerminatedBy != nil:
            // A string cut off by the end of the script (only verbatim or continued strings get here).
            withinTextTerminatedBy = nil
            return Token(kind: .error("Open string is not terminated"), position: tokenPosition)
        case .reserved(let symbol):
            if let message = Lexer.improperSymbols[symbol] {
                return Token(kind: .error(message), position: tokenPosition)
            }
            return Token(kind: kind, position: tokenPosition)
        default:
            return Token(kind: kind, position: tokenPosition)
        }
    }

    /// Reserved symbols the Rust engine explains instead of reporting as reserved.
    private static let improperSymbols: [String: String] = [
        "===": "'===' is not a valid operator. This is not JavaScript! Should it be '=='?",
        "!==": "'!==' is not a valid operator. This is not JavaScript! Should it be '!='?",
        "->": "'->' is not a valid symbol. This is not C or C++!",
        "<-": "'<-' is not a valid symbol. This is not Go! Should it be '<='?",
        ":=": "':=' is not a valid assignment operator. This is not Go or Pascal! Should it be simply '='?",
        ":;": "':;' is not a valid symbol. Should it be '::'?",
        "::<": "'::<>' is not a valid symbol. This is not Rust! Should it be '::'?",
        "(*": "'(* .. *)' is not a valid comment format. This is not Pascal! Should it be '/* .. */'?",
        "*)": "'(* .. *)' is not a valid comment format. This is not Pascal! Should it be '/* .. */'?",
        "# {": "'#' is not a valid symbol. Should it be '#{'?",
    ]

    private mutating func nextRawToken() -> (TokenKind, Position) {
        if let terminator = withinTextTerminatedBy {
            withinTextTerminatedBy = nil
            if terminator.hasPrefix("#") {
                switch lexRawString(hashes: terminator.unicodeScalars.count) {
                case .success(let text, let start): return (.string(text), start)
                case .failure(let message, let at): return (.error(message), at)
                }
            }
            switch lexString(terminator: "`", verbatim: true, lineContinuation: false, interpolation: true) {
            case .success(let text, let interpolated, let start): return (interpolated ? .interpolated(text) : .string(text), start)
            case .failure(let message, let at): return (.error(message), at)
            }
        }

        var negatedAt: Position?
        while let c = getNext() {
            column += 1
            let start = position
            let cc = peekNext() ?? "\0"

            if ("0"..."9").contains(c) {
                return lexNumber(c, start: negatedAt ?? start, negated: negatedAt != nil)
            }
            switch (c, cc) {
            case ("\"", _):
                switch lexString(terminator: "\"", verbatim: false, lineContinuation: true, interpolation: false) {
                case .success(let text, _, _): return (.string(text), start)
                case .failure(let message, let at): return (.error(message), at)
                }
            case ("`", _):
                // A line break right after the opening back-tick is not part of the text.
                if cc == "\r" {
                    eatNextAndAdvance()
                    if peekNext() == "\n" { eatNextAndAdvance() }
                    newLine()
                } else if cc == "\n" {
                    eatNextAndAdvance()
                    newLine()
                }
                switch lexString(terminator: "`", verbatim: true, lineContinuation: false, interpolation: true) {
                case .success(let text, let interpolated, _): return (interpolated ? .interpolated(text) : .string(text), start)
                case .failure(let message, let at): return (.error(message), at)
                }
            case ("#", "\""), ("#", "#"):
                switch lexRawString(hashes: 0) {
                case .success(let text, _): return (.string(text), start)
                case .failure(let message, let at): return (.error(message), at)
                }
            case ("'", "'"):
                return (.error("Invalid character: ''"), start)
            case ("'", _):
                switch lexString(terminator: "'", verbatim: false, lineContinuation: false, interpolation: false) {
                case .success(let text, _, _):
                    let characters = text.unicodeScalars
                    guard characters.count == 1, let first = characters.first else {
                        return (.error("Invalid character: '\(text)'"), start)
                    }
                    return (.char(first), start)
                case .failure(let message, let at): return (.error(message), at)
                }
            case ("{", _): return (.symbol("{"), start)
            case ("}", _): return (.symbol("}"), start)
            case ("(", ")"):
                eatNextAndAdvance()
                return (.symbol("()"), start)
            case ("(", "*"):
                eatNextAndAdvance()
                return (.reserved("(*"), start)
            case ("(", _): return (.symbol("("), start)
            case (")", _): return (.symbol(")"), start)
            case ("[", _): return (.symbol("["), start)
            case ("]", _): return (.symbol("]"), start)
            case ("#", "{"):
                eatNextAndAdvance()
                return (.symbol("#{"), start)
            case ("#", "!"): return (.reserved("#!"), start)
            case ("#", " "):
                eatNextAndAdvance()
                if peekNext() == "{" {
                    eatNextAndAdvance()
                    return (.reserved("# {"), start)
                }
                return (.reserved("#"), start)
            case ("#", _): return (.reserved("#"), start)
            case ("+", "="): return twoCharacter(.symbol("+="), start)
            case ("+", "+"): return twoCharacter(.reserved("++"), start)
            case ("+", _): return (.symbol("+"), start)
            case ("-", "0"..."9") where !nextCannotBeUnary:
                negatedAt = start
            case ("-", "0"..."9"): return (.symbol("-"), start)
            case ("-", "="): return twoCharacter(.symbol("-="), start)
            case ("-", ">"): return twoCharacter(.reserved("->"), start)
            case ("-", "-"): return twoCharacter(.reserved("--"), start)
            case ("-", _): return (.symbol("-"), start)
            case ("*", ")"): return twoCharacter(.reserved("*)"), start)
            case ("*", "="): return twoCharacter(.symbol("*="), start)
            case ("*", "*"):
                eatNextAndAdvance()
                if peekNext() == "=" {
                    eatNextAndAdvance()
                    return (.symbol("**="), start)
                }
                return (.symbol("**"), start)
            case ("*", _): return (.symbol("*"), start)
            case ("/", "/"):
                eatNextAndAdvance()
                skipLineComment()
            case ("/", "*"):
                eatNextAndAdvance()
                // An unterminated block comment runs to the end of the script.
                skipBlockComment()
            case ("/", "="): return twoCharacter(.symbol("/="), start)
            case ("/", _): return (.symbol("/"), start)
            case (";", _): return (.symbol(";"), start)
            case (",", _): return (.symbol(","), start)
            case (".", "."):
                eatNextAndAdvance()
                switch peekNext() {
                case "."?:
                    eatNextAndAdvance()
                    return (.reserved("..."), start)
                case "="?:
                    eatNextAndAdvance()
                    return (.symbol("..="), start)
                default:
                    return (.symbol(".."), start)
                }
            case (".", _): return (.symbol("."), start)
            case ("=", "="):
                eatNextAndAdvance()
                if peekNext() == "=" {
                    eatNextAndAdvance()
                    return (.reserved("==="), start)
                }
                return (.symbol("=="), start)
            case ("=", ">"): return twoCharacter(.symbol("=>"), start)
            case ("=", _): return (.symbol("="), start)
            case (":", ":"):
                eatNextAndAdvance()
                if peekNext() == "<" {
                    eatNextAndAdvance()
                    return (.reserved("::<"), start)
                }
                return (.symbol("::"), start)
            case (":", "="): return twoCharacter(.reserved(":="), start)
            case (":", ";"): return twoCharacter(.reserved(":;"), start)
            case (":", _): return (.symbol(":"), start)
            case ("<", "="): return twoCharacter(.symbol("<="), start)
            case ("<", "-"): return twoCharacter(.reserved("<-"), start)
            case ("<", "<"):
                eatNextAndAdvance()
                if peekNext() == "=" {
                    eatNextAndAdvance()
                    return (.symbol("<<="), start)
                }
                return (.symbol("<<"), start)
            case ("<", "|"): return twoCharacter(.reserved("<|"), start)
            case ("<", _): return (.symbol("<"), start)
            case (">", "="): return twoCharacter(.symbol(">="), start)
            case (">", ">"):
                eatNextAndAdvance()
                if peekNext() == "=" {
                    eatNextAndAdvance()
                    return (.symbol(">>="), start)
                }
                return (.symbol(">>"), start)
            case (">", _): return (.symbol(">"), start)
            case ("!", "i"):
                _ = getNext()
                if peekNext() == "n" {
                    _ = getNext()
                    if let after = peekNext(), isIdentifierContinue(after) {
                        unget("n")
                        unget("i")
                        return (.symbol("!"), start)
                    }
                    column += 2
                    return (.symbol("!in"), start)
                }
                unget("i")
                return (.symbol("!"), start)
            case ("!", "="):
                eatNextAndAdvance()
                if peekNext() == "=" {
                    eatNextAndAdvance()
                    return (.reserved("!=="), start)
                }
                return (.symbol("!="), start)
            case ("!", "."): return twoCharacter(.reserved("!."), start)
            case ("!", _): return (.symbol("!"), start)
            case ("|", "|"): return twoCharacter(.symbol("||"), start)
            case ("|", "="): return twoCharacter(.symbol("|="), start)
            case ("|", ">"): return twoCharacter(.reserved("|>"), start)
            case ("|", _): return (.symbol("|"), start)
            case ("&", "&"): return twoCharacter(.symbol("&&"), start)
            case ("&", "="): return twoCharacter(.symbol("&="), start)
            case ("&", _): return (.symbol("&"), start)
            case ("^", "="): return twoCharacter(.symbol("^="), start)
            case ("^", _): return (.symbol("^"), start)
            case ("~", _): return (.reserved("~"), start)
            case ("%", "="): return twoCharacter(.symbol("%="), start)
            case ("%", _): return (.symbol("%"), start)
            case ("@", _): return (.reserved("@"), start)
            case ("$", _): return (.reserved("$"), start)
            case ("?", "."): return twoCharacter(.symbol("?."), start)
            case ("?", "?"): return twoCharacter(.symbol("??"), start)
            case ("?", "["): return twoCharacter(.symbol("?["), start)
            case ("?", _): return (.reserved("?"), start)
            case _ where isASCIILetter(c) || c == "_":
                return (lexIdentifier(c), start)
            case ("\n", _):
                newLine()
            case _ where c == " " || c == "\t" || c == "\r" || c == "\u{0C}":
                break
            default:
                return (.error("Unexpected '\(Character(c))'"), start)
            }
        }
        column += 1
        return (.eof, position)
    }

    /// A token made of the current character and the next one.
    private mutating func twoCharacter(_ kind: TokenKind, _ start: Position) -> (TokenKind, Position) {
        eatNextAndAdvance()
        return (kind, start)
    }

    private func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isASCIILetter(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    private mutating func lexIdentifier(_ first: Unicode.Scalar) -> TokenKind {
        var name = String(Character(first))
        while let next = peekNext(), isIdentifierContinue(next) {
            eatNextAndAdvance()
            name.unicodeScalars.append(next)
        }
        if name == "_" || rhaiKeywords.contains(name) { return .symbol(name) }
        if rhaiReserved[name] != nil { return .reserved(name) }
        if !isValidIdentifier(name) { return .error("Variable name is not proper: '\(name)'") }
        return .identifier(name)
    }

    // MARK: comments

    private mutating func skipLineComment() {
        while let c = getNext() {
            if c == "\r" {
                if peekNext() == "\n" { eatNextAndAdvance() }
                newLine()
                return
            }
            if c == "\n" {
                newLine()
                return
            }
            column += 1
        }
    }

    /// Skips a (nested) block comment whose `/*` was read.
    private mutating func skipBlockComment() {
        var level = 1
        while let c = getNext() {
            column += 1
            switch c {
            case "/" where peekNext() == "*":
                eatNextAndAdvance()
                level += 1
            case "*" where peekNext() == "/":
                eatNextAndAdvance()
                level -= 1
            case "\n":
                newLine()
            default:
                break
            }
            if level == 0 { return }
        }
    }

    // MARK: numbers

    private mutating func lexNumber(_ first: Unicode.Scalar, start: Position, negated: Bool) -> (TokenKind, Position) {
        var text = String(Character(first))
        var radix: Int?
        var hasPeriod = false
        var hasExponent = false
        var isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }

        scanning: while let next = peekNext() {
            switch next {
            case "_":
                eatNextAndAdvance()
            case _ where isDigit(next):
                text.unicodeScalars.append(next)
                eatNextAndAdvance()
            case "." where !hasPeriod && radix == nil:
                _ = getNext()
                switch peekNext() {
                case let after? where ("0"..."9").contains(after):
                    text += "."
                    column += 1
                    hasPeriod = true
                case "_"?, "."?:
                    unget(".")
                    break scanning
                case let after? where !isASCIILetter(after):
                    // `1.` followed by a symbol is the float `1.0`.
                    text += ".0"
                    column += 1
                    hasPeriod = true
                default:
                    unget(".")
                    break scanning
                }
            case _ where (next == "e" || next == "E") && !hasExponent && radix == nil:
                _ = getNext()
                switch peekNext() {
                case let after? where ("0"..."9").contains(after):
                    text += "e"
                    column += 1
                    hasExponent = true
                    hasPeriod = true
                case "+"?, "-"?:
                    text += "e"
                    column += 1
                    text.unicodeScalars.append(getNext()!)
                    column += 1
                    hasExponent = true
                    hasPeriod = true
                default:
                    unget(next)
                    break scanning
                }
            case _ where "xobXOB".unicodeScalars.contains(next) && first == "0" && text.unicodeScalars.count <= 1:
                text.unicodeScalars.append(next)
                eatNextAndAdvance()
                switch next {
                case "x", "X":
                    radix = 16
                    isDigit = { $0.properties.isASCIIHexDigit }
                case "o", "O":
                    radix = 8
                    isDigit = { ("0"..."7").contains($0) }
                default:
                    radix = 2
                    isDigit = { $0 == "0" || $0 == "1" }
                }
            default:
                break scanning
            }
        }

        if negated { text = "-" + text }
        if let radix {
            // Rhai reads the digits as an unsigned bit pattern (after the `0x`, or after `-0` when negated).
            let digits = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(2)))
            guard let bits = UInt64(digits, radix: radix) else { return (.error("Invalid number: '\(digits)'"), start) }
            return (.int(Int64(bitPattern: bits)), start)
        }
        if let value = Int64(text) { return (.int(value), start) }
        if let value = Double(text) { return (.float(value), start) }
        return (.error("Invalid number: '\(text)'"), start)
    }

    // MARK: strings

    private enum StringResult {
        /// The text, whether it stops at an interpolation `${`, and the position of its first character.
        case success(String, interpolated: Bool, start: Position)
        case failure(String, Position)
    }

    private func tooLong(_ text: String) -> Bool {
        maxStringLength > 0 && text.utf8.count > maxStringLength
    }

    private var stringTooLongMessage: String { "Length of string exceeds the maximum limit (\(maxStringLength))" }

    /// Reads a string after its opening `terminator` (Rust's `parse_string_literal`).
    /// Verbatim strings (back-tick) keep line breaks and backslashes; a line continuation
    /// (`\` at the end of a line) skips the next line's blanks up to the opening quote's column.
    private mutating func lexString(terminator: Unicode.Scalar, verbatim: Bool, lineContinuation: Bool,
                                    interpolation: Bool) -> StringResult {
        var result = ""
        var escape = ""
        let start = position
        var firstCharacter = Position.none
        var interpolated = false
        var skipSpaceUntil = 0
        withinTextTerminatedBy = String(Character(terminator))

        while true {
            guard var nextCharacter = getNext() else {
                column += 1
                if verbatim || (lineContinuation && !escape.isEmpty) { break }
                withinTextTerminatedBy = nil
                return .failure("Open string is not terminated", start)
            }
            column += 1

            if interpolation && escape.isEmpty {
                if nextCharacter == "$" && peekNext() == "{" {
                    interpolated = true
                    withinTextTerminatedBy = nil
                    break
                }
                if nextCharacter == "\\" && peekNext() == "$" {
                    // `\${` is a literal `${`.
                    _ = getNext()
                    if peekNext() == "{" {
                        nextCharacter = "$"
                    } else {
                        unget("$")
                    }
                }
            }

            if tooLong(result) { return .failure(stringTooLongMessage, start) }

            if nextCharacter == terminator && escape.isEmpty {
                if peekNext() == terminator {
                    // A doubled terminator stands for itself.
                    eatNextAndAdvance()
                } else {
                    withinTextTerminatedBy = nil
                    break
                }
            }

            if firstCharacter.isNone { firstCharacter = position }

            switch nextCharacter {
            case "\r" where peekNext() == "\n":
                break
            case "r" where !escape.isEmpty:
                escape = ""
                result += "\r"
            case "n" where !escape.isEmpty:
                escape = ""
                result += "\n"
            case "\\" where !verbatim && escape.isEmpty:
                escape = "\\"
            case "\\" where !escape.isEmpty:
                escape = ""
                result += "\\"
            case "t" where !escape.isEmpty:
                escape = ""
                result += "\t"
            case _ where "xuU".unicodeScalars.contains(nextCharacter) && !escape.isEmpty:
                var sequence = escape + String(Character(nextCharacter))
                escape = ""
                let length = nextCharacter == "x" ? 2 : nextCharacter == "u" ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<length {
                    guard let digit = getNext() else {
                        return .failure("Invalid escape sequence: '\(sequence)'", position)
                    }
                    column += 1
                    sequence.unicodeScalars.append(digit)
                    guard let digitValue = Character(digit).hexDigitValue, digit.isASCII else {
                        return .failure("Invalid escape sequence: '\(sequence)'", position)
                    }
                    value = value &* 16 &+ UInt32(digitValue)
                }
                guard let scalar = Unicode.Scalar(value) else {
                    return .failure("Invalid escape sequence: '\(sequence)'", position)
                }
                result.unicodeScalars.append(scalar)
            case "\n" where verbatim:
                newLine()
                result += "\n"
            case "\n" where lineContinuation && !escape.isEmpty:
                escape = ""
                newLine()
                skipSpaceUntil = start.column + 1
            case "\n":
                // (The line break is put back, so reading on after the error keeps count of lines.)
                column -= 1
                unget("\n")
                withinTextTerminatedBy = nil
                return .failure("Open string is not terminated", start)
            case _ where nextCharacter == terminator && !escape.isEmpty:
                escape = ""
                result.unicodeScalars.append(terminator)
            case _ where !escape.isEmpty:
                escape.unicodeScalars.append(nextCharacter)
                return .failure("Invalid escape sequence: '\(escape)'", position)
            case _ where nextCharacter.properties.isWhitespace && column < skipSpaceUntil:
                break
            default:
                escape = ""
                result.unicodeScalars.append(nextCharacter)
                skipSpaceUntil = 0
            }
        }

        if tooLong(result) { return .failure(stringTooLongMessage, start) }
        return .success(result, interpolated: interpolated, start: firstCharacter)
    }

    /// Reads a raw string `#"…"#` (Rust's `parse_raw_string_literal`); `hashes` is 0 when the
    /// first `#` was just read, or the count of an unfinished string being continued.
    private mutating func lexRawString(hashes count: Int) -> RawStringResult {
        let start = position
        var firstCharacter = Position.none
        var hashes = count
        if hashes == 0 {
            hashes = 1
            while peekNext() == "#" {
                eatNextAndAdvance()
                hashes += 1
            }
            switch getNext() {
            case "\""?: column += 1
            case let other?: return .failure("Unexpected '\(Character(other))'", start)
            case nil: return .failure("Open string is not terminated", start)
            }
        }
        withinTextTerminatedBy = String(repeating: "#", count: hashes)

        var seenHashes: Int?
        var result = ""
        while let next = getNext() {
            column += 1
            switch (next, seenHashes) {
            case ("\"", nil):
                seenHashes = 0
            case ("\"", let seen?):
                result += "\"" + String(repeating: "#", count: seen)
                seenHashes = 0
            case ("#", let seen?):
                seenHashes = seen + 1
                if seen + 1 == hashes {
                    withinTextTerminatedBy = nil
                    return .success(result, firstCharacter)
                }
            case (_, let seen?):
                result += "\"" + String(repeating: "#", count: seen)
                result.unicodeScalars.append(next)
                seenHashes = nil
            case ("\n", nil):
                result += "\n"
                newLine()
            default:
                result.unicodeScalars.append(next)
            }
            if tooLong(result) { return .failure(stringTooLongMessage, start) }
            if firstCharacter.isNone { firstCharacter = position }
        }
        return .success(result, firstCharacter)
    }

    private enum RawStringResult {
        case success(String, Position)
        case failure(String, Position)
    }
}
