/// Rhai's renderings of values: `to_string`/`print` (description) and `debug` (debugDescription).
extension Dynamic: CustomStringConvertible, CustomDebugStringConvertible {
    /// Rhai's `to_string`: strings and chars unquoted, `()` empty, nested values debug-rendered.
    public var description: String {
        switch self {
        case .unit: return ""
        case .string(let value): return value
        case .char(let value): return String(value)
        default: return debugDescription
        }
    }

    /// Rhai's `debug`: strings quoted "a", chars quoted 'c'.
    public var debugDescription: String {
        var output = ""
        renderDebug(into: &output)
        return output
    }

    func renderDebug(into output: inout String) {
        switch self {
        case .unit: output += "()"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .float(let value): output += formatFloat(value)
        case .char(let value):
            output += "'"
            output += value == "'" ? "\\'" : escapeForDebug(String(value), quote: "\0")
            output += "'"
        case .string(let value):
            output += "\""
            output += escapeForDebug(value, quote: "\"")
            output += "\""
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                item.renderDebug(into: &output)
            }
            output += "]"
        case .map(let map):
            output += "#{"
            for (index, key) in map.keys.sorted().enumerated() {
                if index > 0 { output += ", " }
                output += "\""
                output += escapeForDebug(key, quote: "\"")
                output += "\": "
                map[key]!.renderDebug(into: &output)
            }
            output += "}"
        case .fnPtr(let pointer):
            output += "Fn(\(pointer.name))"
        case .range(let start, let end):
            output += "\(start)..\(end)"
        case .inclusiveRange(let start, let end):
            output += "\(start)..=\(end)"
        case .timestamp:
            output += "<timestamp>"
        case .blob(let bytes):
            output += "["
            for byte in bytes {
                let hex = String(byte, radix: 16)
                output += hex.count == 1 ? "0" + hex : hex
            }
            output += "]"
        }
    }
}

/// Escapes a string the way Rust's `Debug` does.
func escapeForDebug(_ text: String, quote: Character) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\0": output += "\\0"
        case "\"" where quote == "\"": output += "\\\""
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                output += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    return output
}

/// Formats a float like Rhai: `2.0`, `0.1`, and scientific notation outside 1e-13…1e13.
func formatFloat(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let magnitude = abs(value)
    if magnitude == 0 { return "0.0" }
    let sign = value < 0 ? "-" : ""
    let (digits, pointPosition) = shortestDigits(magnitude)
    if magnitude > 1e13 || magnitude < 1e-13 {
        var mantissa = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        return sign + mantissa + "e" + String(pointPosition - 1)
    }
    var text: String
    if pointPosition <= 0 {
        text = "0." + String(repeating: "0", count: -pointPosition) + digits
    } else if pointPosition >= digits.count {
        text = digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
    } else {
        let index = digits.index(digits.startIndex, offsetBy: pointPosition)
        text = digits[..<index] + "." + digits[index...]
    }
    return sign + text
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
    return (digits, pointPosition)
}
