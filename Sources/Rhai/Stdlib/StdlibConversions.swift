/// Conversions between types (math_basic.rs): to_int, to_float, parse_int, parse_float; JSON.
extension StandardLibrary {
    func registerConversions() {
        add("to_int", [.int]) { call in call[0] }
        add("to_int", [.float]) { call in
            let value = call.float(0)
            // Rust: an error only beyond ±2^63, so NaN passes and becomes 0 (`as` saturates).
            if value > 9.223372036854775807e18 || value < -9.223372036854775808e18 {
                throw RhaiError.arithmetic("Integer overflow: to_int(\(floatDisplay(value)))", call.position)
            }
            return .int(value.isNaN ? 0 : value >= 9.223372036854775807e18 ? .max : Int64(value))
        }
        add("to_int", [.char]) { call in .int(Int64(call.char(0).value)) }
        add("to_float", [.float]) { call in call[0] }
        add("to_float", [.int]) { call in .float(Double(call.int(0))) }
        add("parse_int", [.string]) { call in try parseInteger(call.string(0), radix: 10, call.position) }
        add("parse_int", [.string, .int]) { call in
            let radix = call.int(1)
            guard (2...36).contains(radix) else {
                throw RhaiError.arithmetic("Invalid radix: '\(radix)'", call.position)
            }
            return try parseInteger(call.string(0), radix: Int64(radix), call.position)
        }
        add("parse_float", [.string]) { call in try parseFloat(call.string(0), call.position) }
        add("parse_json", [.string]) { call in
            do {
                return try Dynamic.fromJSON(call.string(0))
            } catch let error as RhaiError {
                throw RhaiError(.runtime, error.message, at: call.position, thrownValue: .string(error.message))
            }
        }
        add("to_binary", [.int]) { call in .string(String(UInt64(bitPattern: call.int(0)), radix: 2)) }
        add("to_octal", [.int]) { call in .string(String(UInt64(bitPattern: call.int(0)), radix: 8)) }
        add("to_hex", [.int]) { call in .string(String(UInt64(bitPattern: call.int(0)), radix: 16)) }
    }
}

/// Rust's `i64::from_str_radix` on the trimmed text, with its error wording.
private func parseInteger(_ text: String, radix: Int64, _ position: Position) throws -> Dynamic {
    func failure(_ reason: String) -> RhaiError {
        .arithmetic("Error parsing integer number '\(text)': \(reason)", position)
    }
    var digits = Substring(text.trimmingWhitespace()).unicodeScalars[...]
    guard let first = digits.first else { throw failure("cannot parse integer from empty string") }
    let negative = first == "-"
    if first == "-" || first == "+" {
        digits = digits.dropFirst()
        if digits.isEmpty { throw failure("invalid digit found in string") }
    }
    var value: Int64 = 0
    for scalar in digits {
        guard let digit = asciiDigit(scalar), digit < radix else { throw failure("invalid digit found in string") }
        let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
        let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
        if overflow || overflow2 {
            throw failure(negative ? "number too small to fit in target type" : "number too large to fit in target type")
        }
        value = next
    }
    return .int(value)
}

/// The value of an ASCII digit or letter (`a`/`A` = 10 … `z`/`Z` = 35), as Rust's `char::to_digit`.
private func asciiDigit(_ scalar: Unicode.Scalar) -> Int64? {
    switch scalar {
    case "0"..."9": return Int64(scalar.value - 48)
    case "a"..."z": return Int64(scalar.value - 97 + 10)
    case "A"..."Z": return Int64(scalar.value - 65 + 10)
    default: return nil
    }
}

/// Rust's `f64::from_str` on the trimmed text: an optional sign, then `inf`, `infinity` or
/// `nan` (any case) or decimal digits with an optional point and exponent.
private func parseFloat(_ text: String, _ position: Position) throws -> Dynamic {
    let trimmed = text.trimmingWhitespace()
    guard !trimmed.isEmpty else {
        throw RhaiError.arithmetic("Error parsing floating-point number '\(text)': cannot parse float from empty string", position)
    }
    guard isRustFloatLiteral(trimmed), let value = Double(trimmed) else {
        throw RhaiError.arithmetic("Error parsing floating-point number '\(text)': invalid float literal", position)
    }
    return .float(value)
}

private func isRustFloatLiteral(_ text: String) -> Bool {
    var rest = Substring(text).unicodeScalars[...]
    if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
    let word = String(String.UnicodeScalarView(rest)).lowercased()
    if word == "inf" || word == "infinity" || word == "nan" { return true }
    let isDigit = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
    let integerDigits = rest.prefix(while: isDigit).count
    rest = rest.dropFirst(integerDigits)
    var fractionDigits = 0
    if rest.first == "." {
        rest = rest.dropFirst()
        fractionDigits = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(fractionDigits)
    }
    guard integerDigits + fractionDigits > 0 else { return false }
    if rest.first == "e" || rest.first == "E" {
        rest = rest.dropFirst()
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let exponentDigits = rest.prefix(while: isDigit).count
        guard exponentDigits > 0 else { return false }
        rest = rest.dropFirst(exponentDigits)
    }
    return rest.isEmpty
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
