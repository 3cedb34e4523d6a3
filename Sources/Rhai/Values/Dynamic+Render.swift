/// Rhai's renderings of values, as the Rust engine (v1.25.0) produces them.
///
/// There are two pairs. `description` / `debugDescription` are what the script functions
/// `to_string` / `to_debug` (and so `print` / `debug`) return: inside arrays and maps every
/// element goes through `to_debug`, which shows a char bare (`[a, "b"]`). `valueDisplay` /
/// `valueDebug` are the engine's own `Display` / `Debug` of a value, used for error messages
/// (`Runtime error: ['a']`) and for interpolated strings folded at compile time: there a char
/// inside a container keeps its quotes.
extension Dynamic: CustomStringConvertible, CustomDebugStringConvertible {
    /// Rhai's `to_string`: strings and chars unquoted, `()` empty, container elements as `to_debug`.
    public var description: String { rendered(.toString) }

    /// Rhai's `to_debug`: strings quoted and escaped, chars bare, floats in Rust's `{:?}` form.
    public var debugDescription: String { rendered(.toDebug) }

    /// The engine's `Display` of the value (Rust `{}`).
    public var valueDisplay: String { rendered(.display) }

    /// The engine's `Debug` of the value (Rust `{:?}`).
    public var valueDebug: String { rendered(.debug) }

    private func rendered(_ rendering: Rendering) -> String {
        var output = ""
        render(rendering, into: &output)
        return output
    }

    /// Which of the four renderings to produce.
    enum Rendering {
        case toString, toDebug, display, debug

        /// How elements inside arrays and maps are rendered.
        var element: Rendering {
            switch self {
            case .toString, .toDebug: return .toDebug
            case .display, .debug: return .debug
            }
        }

        var quotesText: Bool { self == .toDebug || self == .debug }
    }

    func render(_ rendering: Rendering, into output: inout String) {
        switch self {
        case .unit:
            if rendering.quotesText { output += "()" }
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .float(let value): output += rendering.quotesText ? floatDebug(value) : formatFloat(value)
        case .char(let value):
            if rendering == .debug {
                output += "'"
                appendEscaped(value, quote: "'", into: &output)
                output += "'"
            } else {
                output.unicodeScalars.append(value)
            }
        case .string(let value):
            if rendering.quotesText {
                appendDebugQuoted(value, into: &output)
            } else {
                output += value
            }
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                item.render(rendering.element, into: &output)
            }
            output += "]"
        case .map(let map):
            output += "#{"
            for (index, key) in map.keys.sorted(by: rhaiKeyOrder).enumerated() {
                if index > 0 { output += ", " }
                appendDebugQuoted(key, into: &output)
                output += ": "
                map[key]!.render(rendering.element, into: &output)
            }
            output += "}"
        case .fnPtr(let pointer):
            if rendering == .debug {
                output += "Fn("
                appendDebugQuoted(pointer.name, into: &output)
                for argument in pointer.curried {
                    output += ", "
                    argument.render(.debug, into: &output)
                }
                output += ")"
            } else {
                output += "Fn(\(pointer.name))"
            }
        case .range(let start, let end):
            output += end == .max ? "\(start).." : "\(start)..\(end)"
        case .inclusiveRange(let start, let end):
            output += end == .max ? "\(start)..=" : "\(start)..=\(end)"
        case .timestamp:
            output += "<timestamp>"
        case .iterator:
            output += "range"
        case .blob(let bytes):
            output += "["
            for (index, byte) in bytes.enumerated() {
                if index > 0 && index % 8 == 0 { output += " " }
                let hex = String(byte, radix: 16)
                if hex.count == 1 { output += "0" }
                output += hex
            }
            output += "]"
        }
    }
}

/// The order of map keys: Rust's `BTreeMap` of strings, by UTF-8 bytes.
func rhaiKeyOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}

/// Appends `text` in Rust's `Debug` form for strings: double quotes, escapes. Runs of printable
/// ASCII other than `"` and `\` (which need no escape) are copied whole, so rendering a long
/// plain string is a copy rather than a call per scalar.
func appendDebugQuoted(_ text: String, into output: inout String) {
    output += "\""
    let bytes = text.utf8
    var plainStart = bytes.startIndex
    var index = plainStart
    while index != bytes.endIndex {
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7f && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
            index = bytes.index(after: index)
            continue
        }
        // `index` starts a scalar: plain runs are ASCII and other scalars are stepped over whole.
        output += text[plainStart..<index]
        appendEscaped(text.unicodeScalars[index], quote: "\"", into: &output)
        index = text.unicodeScalars.index(after: index)
        plainStart = index
    }
    output += text[plainStart..<index]
    output += "\""
}

/// Escapes one scalar as Rust's `char::escape_debug` does inside a quoted string or char:
/// `\0 \t \r \n \\`, the quote in use, grapheme extenders and unprintable scalars as `\u{…}`.
func appendEscaped(_ scalar: Unicode.Scalar, quote: Unicode.Scalar, into output: inout String) {
    switch scalar {
    case "\0": output += "\\0"
    case "\t": output += "\\t"
    case "\r": output += "\\r"
    case "\n": output += "\\n"
    case "\\": output += "\\\\"
    case quote: output += "\\" + String(Character(quote))
    default:
        if scalar.isASCII {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                output += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        } else if scalar.properties.isGraphemeExtend || !isPrintable(scalar) {
            output += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
            output.unicodeScalars.append(scalar)
        }
    }
}

/// Rust's `is_printable`: everything except control, format, surrogate, private-use,
/// unassigned and separator scalars (the ASCII space aside).
private func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default:
        return true
    }
}

// MARK: floats

/// Rhai's `Display` of a float: natural digits with `.0` for whole numbers, scientific notation
/// above 1e13 and below 1e-13 (both bounds as `f32` values, as in the Rust engine); zero is `0.0`.
func formatFloat(_ value: Double) -> String {
    let magnitude = Swift.abs(value)
    if magnitude == 0 { return "0.0" }
    if value.isNaN { return "NaN" }
    if magnitude > Double(Float(10_000_000_000_000.0)) || magnitude < Double(Float(0.000_000_000_000_1)) {
        return floatExponential(value)
    }
    var text = floatNatural(value)
    if magnitude.rounded(.towardZero) == magnitude { text += ".0" }
    return text
}

/// Rust's `{:?}` of an `f64`: at least one decimal, scientific notation outside 1e-4 ..< 1e16.
func floatDebug(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let magnitude = Swift.abs(value)
    if magnitude == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    if magnitude >= 1e16 || magnitude < 1e-4 { return floatExponential(value) }
    let text = floatNatural(value)
    return text.contains(".") ? text : text + ".0"
}

/// Rust's `{}` of an `f64` (in error messages such as `to_int`'s): `1000000000000000000000`,
/// `0.5`, `-0`, `NaN`, `inf`.
func floatDisplay(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    return floatNatural(value)
}

/// Rust's `{}` of an `f64`: the shortest round-trip digits, never in scientific notation.
private func floatNatural(_ value: Double) -> String {
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let sign = value.sign == .minus ? "-" : ""
    let (digits, pointPosition) = shortestDigits(Swift.abs(value))
    if pointPosition <= 0 {
        return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
        return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
    }
    let index = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<index] + "." + digits[index...]
}

/// Rust's `{:e}` of an `f64`: `1e13`, `1.5e-14`, `-2.25e20`.
private func floatExponential(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0e0" }
    let (digits, pointPosition) = shortestDigits(Swift.abs(value))
    var mantissa = String(digits.first!)
    if digits.count > 1 { mantissa += "." + digits.dropFirst() }
    return sign + mantissa + "e" + String(pointPosition - 1)
}

/// The shortest round-trip decimal digits of a positive finite double, and where the
/// decimal point goes (number of digits before it; may be ≤ 0 or > digit count).
private func shortestDigits(_ value: Double) -> (String, Int) {
    let text = value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<eIndex]
        exponent = Int(text[text.index(after: eIndex)...]) ?? 0
    }
    var digits = ""
    var pointPosition = 0
    var seenPoint = false
    for character in mantissa {
        if character == "." {
            seenPoint = true
        } else {
            digits.append(character)
            if !seenPoint { pointPosition += 1 }
        }
    }
    pointPosition += exponent
    while digits.hasPrefix("0") && digits.count > 1 {
        digits.removeFirst()
        pointPosition -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 {
        digits.removeLast()
    }
    if digits.count >= 16 { roundTiesUp(value, &digits, &pointPosition) }
    return (digits, pointPosition)
}

/// When the double lies exactly halfway between two shortest representations (possible only
/// at 16 or 17 digits), Rust's formatter takes the one of larger magnitude where Swift's may
/// take the other: `697774694051634.25` prints as `…634.3` in Rust.
private func roundTiesUp(_ value: Double, _ digits: inout String, _ pointPosition: inout Int) {
    // The exact decimal expansion (glibc prints it exactly; 800 digits hold any double's).
    var buffer = [CChar](repeating: 0, count: 1024)
    let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.800e", $0) }
    guard length > 0, length < buffer.count else { return }
    let text = String(cString: buffer)
    guard let e = text.firstIndex(of: "e") else { return }
    let exact = text[..<e].filter { $0 != "." }
    let count = digits.count
    let tail = exact.dropFirst(count)
    guard tail.first == "5", tail.dropFirst().allSatisfy({ $0 == "0" }) else { return }
    var rounded = Array(exact.prefix(count).utf8)
    var index = rounded.count - 1
    while index >= 0 && rounded[index] == UInt8(ascii: "9") {
        rounded[index] = UInt8(ascii: "0")
        index -= 1
    }
    if index < 0 {
        rounded.insert(UInt8(ascii: "1"), at: 0)
        pointPosition += 1
    } else {
        rounded[index] += 1
    }
    digits = String(decoding: rounded, as: UTF8.self)
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
