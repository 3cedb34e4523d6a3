import CirclesCore
import Rhai

/// How a Rhai value is kept in the circle database: JSON in which every value is an object
/// with one key naming its Rhai type, so that it comes back with the same type —
/// `{"i64":42}`, `{"f64":2.0}`, `{"string":"a"}`, `{"char":"c"}`, `{"bool":true}`, `{"()":null}`,
/// `{"array":[…]}`, `{"map":{"k":…}}`, `{"blob":"00ff"}`, `{"range":[1,5]}`, `{"range=":[1,5]}`.
/// Floats that JSON cannot hold are strings: `{"f64":"NaN"}`, `"inf"`, `"-inf"`; a whole float
/// may be written without its fraction (`{"f64":2}`, as earlier versions wrote it).
/// Function pointers and timestamps cannot be stored. Written and read with the engine's own
/// JSON (`Dynamic.toJSON`, `Dynamic.fromJSON`): one pass each way, no Codable.
enum StoredValue {
    /// The JSON text of `value`.
    /// - Throws: `RhaiError` when the value (or one inside it) cannot be stored.
    static func encode(_ value: Dynamic) throws -> String {
        try tagged(value).toJSON()
    }

    /// The value of a JSON text written by `encode`.
    /// - Throws: when the text is not JSON or not a tagged value.
    static func decode(_ text: String) throws -> Dynamic {
        try untagged(Dynamic.fromJSON(text))
    }

    /// `value` with every level wrapped in a one-key map naming its type.
    private static func tagged(_ value: Dynamic) throws -> Dynamic {
        let inner: Dynamic
        switch value {
        case .unit, .bool, .int, .string: inner = value
        case .float(let number): inner = number.isFinite ? value : .string(number.isNaN ? "NaN" : number > 0 ? "inf" : "-inf")
        case .char(let character): inner = .string(String(Character(character)))
        case .array(let items): inner = .array(try items.map(tagged))
        case .map(let map): inner = .map(try map.mapValues(tagged))
        case .blob(let bytes): inner = .string(Hex.encode(bytes))
        case .range(let start, let end), .inclusiveRange(let start, let end): inner = .array([.int(start), .int(end)])
        case .fnPtr, .timestamp, .iterator:
            throw RhaiError.runtime("a value of type \(value.typeName) cannot be stored in the database; store data (numbers, strings, arrays, maps) instead")
        }
        return .map([value.typeName: inner])
    }

    /// The value `tagged` wrapped.
    private static func untagged(_ stored: Dynamic) throws -> Dynamic {
        guard case .map(let wrapper) = stored, wrapper.count == 1, let (type, inner) = wrapper.first else {
            throw StoredValueError("a stored value is an object with exactly one type key, not \(stored.toJSON())")
        }
        switch (type, inner) {
        case ("()", .unit), ("bool", .bool), ("i64", .int), ("string", .string), ("f64", .float):
            return inner
        case ("f64", .int(let whole)):
            return .float(Double(whole))
        case ("f64", .string(let text)) where ["NaN", "inf", "-inf"].contains(text):
            return .float(text == "inf" ? .infinity : text == "-inf" ? -.infinity : .nan)
        case ("char", .string(let text)) where text.unicodeScalars.count == 1:
            return .char(text.unicodeScalars.first!)
        case ("array", .array(let items)):
            return .array(try items.map(untagged))
        case ("map", .map(let map)):
            return .map(try map.mapValues(untagged))
        case ("blob", .string(let hex)):
            guard let bytes = Hex.decode(Substring(hex)) else { throw StoredValueError("a blob is an even number of hex digits, not \"\(hex)\"") }
            return .blob(bytes)
        case ("range", .array(let bounds)), ("range=", .array(let bounds)):
            guard bounds.count == 2, case .int(let start) = bounds[0], case .int(let end) = bounds[1] else {
                throw StoredValueError("a range has two integer bounds, not \(inner.toJSON())")
            }
            return type == "range" ? .range(start, end) : .inclusiveRange(start, end)
        default:
            throw StoredValueError("\(inner.toJSON()) is not a stored \(type)")
        }
    }
}

/// A database value that is not a tagged value (written by something else, or damaged).
struct StoredValueError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
