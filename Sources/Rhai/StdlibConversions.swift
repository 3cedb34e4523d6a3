/// Conversions between types: to_int, to_float, parse_int, parse_float, to_char, JSON.
extension StandardLibrary {
    func registerConversions() {
        add("to_int", [.int]) { call in call[0] }
        add("to_int", [.float]) { call in
            let value = call.float(0)
            guard value.isFinite, value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else {
                throw RhaiError.arithmetic("Integer overflow: to_int(\(formatFloat(value)))", call.position)
            }
            return .int(Int64(value))
        }
        add("to_int", [.char]) { call in .int(Int64(call.char(0).value)) }
        add("to_int", [.bool]) { call in .int(call.bool(0) ? 1 : 0) }
        add("to_int", [.string]) { call in try parseInteger(call.string(0), radix: 10, call.position) }
        add("to_float", [.float]) { call in call[0] }
        add("to_float", [.int]) { call in .float(Double(call.int(0))) }
        add("to_float", [.string]) { call in try parseFloat(call.string(0), call.position) }
        add("parse_int", [.string]) { call in try parseInteger(call.string(0), radix: 10, call.position) }
        add("parse_int", [.string, .int]) { call in
            let radix = call.int(1)
            guard (2...36).contains(radix) else {
                throw RhaiError.arithmetic("Invalid radix: '\(radix)'", call.position)
            }
            return try parseInteger(call.string(0), radix: Int(radix), call.position)
        }
        add("parse_float", [.string]) { call in try parseFloat(call.string(0), call.position) }
        add("to_char", [.int]) { call in
            guard let value = UInt32(exactly: call.int(0)), let scalar = Unicode.Scalar(value) else {
                throw RhaiError.arithmetic("Invalid character code: \(call.int(0))", call.position)
            }
            return .char(scalar)
        }
        add("to_char", [.char]) { call in call[0] }
        add("to_bool", [.bool]) { call in call[0] }
        add("to_bool", [.int]) { call in .bool(call.int(0) != 0) }
        add("to_json", [.any]) { call in .string(call[0].toJSON()) }
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

private func parseInteger(_ text: String, radix: Int, _ position: Position) throws -> Dynamic {
    let trimmed = text.trimmingWhitespace()
    guard let value = Int64(trimmed, radix: radix) else {
        throw RhaiError.arithmetic("Error parsing integer number '\(text)': invalid digit found in string", position)
    }
    return .int(value)
}

private func parseFloat(_ text: String, _ position: Position) throws -> Dynamic {
    let trimmed = text.trimmingWhitespace()
    if let value = Double(trimmed) { return .float(value) }
    if let value = Int64(trimmed) { return .float(Double(value)) }
    throw RhaiError.arithmetic("Error parsing floating-point number '\(text)': invalid float literal", position)
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
