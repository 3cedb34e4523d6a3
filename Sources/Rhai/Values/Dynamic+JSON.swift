/// Conversions between Rhai values and JSON.
extension Dynamic {
    /// Renders the value as compact, strict JSON for the host (maps with keys in order; `()`
    /// as null; a non-finite float as null).
    public func toJSON() -> String {
        var output = ""
        writeJSON(into: &output, strict: true)
        return output
    }

    /// The value as Rhai's `to_json` writes it (api/json.rs `format_map_as_json`): like
    /// `toJSON`, but values other than `()`, containers and function pointers in the
    /// engine's `Debug` form, so strings are Rust-escaped (`\u{1b}`), a char is `'c'`, an
    /// infinite float `inf` and a range `1..2`: not always valid JSON.
    var rhaiJSON: String {
        var output = ""
        writeJSON(into: &output, strict: false)
        return output
    }

    private func writeJSON(into output: inout String, strict: Bool) {
        switch self {
        case .unit: output += "null"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.writeJSON(into: &output, strict: strict)
            }
            output += "]"
        case .map(let map):
            output += "{"
            for (index, key) in sortedKeys(map).enumerated() {
                if index > 0 { output += "," }
                Dynamic.string(key).writeJSON(into: &output, strict: strict)
                output += ":"
                map[key]!.writeJSON(into: &output, strict: strict)
            }
            output += "}"
        case .blob(let bytes):
            output += "[" + bytes.map { String($0) }.joined(separator: ",") + "]"
        case .fnPtr(let pointer):
            if pointer.curried.isEmpty {
                Dynamic.string(pointer.name).writeJSON(into: &output, strict: strict)
            } else {
                Dynamic.array([.string(pointer.name)] + pointer.curried).writeJSON(into: &output, strict: strict)
            }
        case .bool, .int: output += description
        case .float(let value) where strict: output += value.isFinite ? formatFloat(value) : "null"
        case .string(let value) where strict: writeJSONString(value, into: &output)
        default: if strict { writeJSONString(description, into: &output) } else { output += valueDebug }
        }
    }

    /// Parses JSON text; integers become INT, other numbers FLOAT, null becomes `()`.
    public static func fromJSON(_ text: String) throws -> Dynamic {
        var parser = JSONReader(Array(text.utf8))
        return try parser.readDocument()
    }
}

private func writeJSONString(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    output += "\""
}

/// A small strict JSON parser producing Rhai values.
private struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func readDocument() throws -> Dynamic {
        let value = try readValue()
        skipWhitespace()
        guard index == bytes.count else { throw problem("unexpected trailing characters") }
        return value
    }

    private func problem(_ message: String) -> RhaiError {
        RhaiError(.runtime, "Invalid JSON at offset \(index): \(message)", thrownValue: .string("Invalid JSON at offset \(index): \(message)"))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func readValue() throws -> Dynamic {
        skipWhitespace()
        guard index < bytes.count else { throw problem("unexpected end of input") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw problem("nesting too deep") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var map: [String: Dynamic] = [:]
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .map(map)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw problem("expected a key") }
                let key = try readString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw problem("expected ':'") }
                index += 1
                map[key] = try readValue()
                skipWhitespace()
                guard index < bytes.count else { throw problem("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .map(map) }
                throw problem("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Dynamic] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try readValue())
                skipWhitespace()
                guard index < bytes.count else { throw problem("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw problem("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"): return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try readLiteral("null", .unit)
        default:
            return try readNumber()
        }
    }

    private mutating func readLiteral(_ word: String, _ value: Dynamic) throws -> Dynamic {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw problem("invalid literal")
        }
        index += expected.count
        return value
    }

    private mutating func readNumber() throws -> Dynamic {
        let start = index
        var isFloat = false
        while index < bytes.count {
            let byte = bytes[index]
            if (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isFloat = true
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat, let value = Int64(text) { return .int(value) }
        guard !text.isEmpty, let value = Double(text) else { throw problem("invalid number") }
        return .float(value)
    }

    private mutating func readString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() { scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars); pending.removeAll() }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") {
                flush()
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                flush()
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try readHex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
            } else {
                pending.append(byte)
            }
        }
        throw problem("unterminated string")
    }

    private mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw problem("invalid unicode escape")
        }
        index += 4
        return code
    }
}
