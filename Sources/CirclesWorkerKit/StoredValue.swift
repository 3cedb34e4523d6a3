import CirclesCore
import Foundation
import Rhai

/// How a Rhai value is kept in the circle database: JSON in which every value is an object
/// with one key naming its Rhai type, so that it comes back with the same type —
/// `{"i64":42}`, `{"f64":2.0}`, `{"string":"a"}`, `{"char":"c"}`, `{"bool":true}`, `{"()":null}`,
/// `{"array":[…]}`, `{"map":{"k":…}}`, `{"blob":"00ff"}`, `{"range":[1,5]}`, `{"range=":[1,5]}`.
/// Floats that JSON cannot hold are strings: `{"f64":"NaN"}`, `"inf"`, `"-inf"`.
/// Function pointers and timestamps cannot be stored.
struct StoredValue: Codable {
    let value: Dynamic

    init(_ value: Dynamic) throws {
        try Self.checkStorable(value)
        self.value = value
    }

    /// The JSON text of `value`.
    static func encode(_ value: Dynamic) throws -> String {
        String(decoding: try JSONEncoder().encode(StoredValue(value)), as: UTF8.self)
    }

    /// The value of a JSON text written by `encode`.
    static func decode(_ text: String) throws -> Dynamic {
        try JSONDecoder().decode(StoredValue.self, from: Data(text.utf8)).value
    }

    private static func checkStorable(_ value: Dynamic) throws {
        switch value {
        case .fnPtr, .timestamp, .iterator:
            throw RhaiError.runtime("a value of type \(value.typeName) cannot be stored in the database; store data (numbers, strings, arrays, maps) instead")
        case .array(let items):
            try items.forEach(checkStorable)
        case .map(let map):
            try map.values.forEach(checkStorable)
        default:
            break
        }
    }

    private struct TypeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a stored value has exactly one type key"))
        }
        switch key.stringValue {
        case "()": value = .unit
        case "bool": value = .bool(try container.decode(Bool.self, forKey: key))
        case "i64": value = .int(try container.decode(Int64.self, forKey: key))
        case "f64":
            if let number = try? container.decode(Double.self, forKey: key) {
                value = .float(number)
            } else {
                let text = try container.decode(String.self, forKey: key)
                value = .float(text == "inf" ? .infinity : text == "-inf" ? -.infinity : .nan)
            }
        case "char":
            let text = try container.decode(String.self, forKey: key)
            guard let character = text.unicodeScalars.first, text.unicodeScalars.count == 1 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "a char is one character")
            }
            value = .char(character)
        case "string": value = .string(try container.decode(String.self, forKey: key))
        case "array": value = .array(try container.decode([StoredValue].self, forKey: key).map(\.value))
        case "map": value = .map(try container.decode([String: StoredValue].self, forKey: key).mapValues(\.value))
        case "blob":
            let hex = try container.decode(String.self, forKey: key)
            guard let bytes = Hex.decode(Substring(hex)) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "a blob is an even number of hex digits")
            }
            value = .blob(bytes)
        case "range", "range=":
            let bounds = try container.decode([Int64].self, forKey: key)
            guard bounds.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "a range has two bounds")
            }
            value = key.stringValue == "range" ? .range(bounds[0], bounds[1]) : .inclusiveRange(bounds[0], bounds[1])
        default:
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "unknown stored type \(key.stringValue)")
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        let key = TypeKey(value.typeName)
        switch value {
        case .unit: try container.encodeNil(forKey: key)
        case .bool(let flag): try container.encode(flag, forKey: key)
        case .int(let number): try container.encode(number, forKey: key)
        case .float(let number):
            if number.isFinite {
                try container.encode(number, forKey: key)
            } else {
                try container.encode(number.isNaN ? "NaN" : number > 0 ? "inf" : "-inf", forKey: key)
            }
        case .char(let character): try container.encode(String(Character(character)), forKey: key)
        case .string(let text): try container.encode(text, forKey: key)
        case .array(let items): try container.encode(items.map { StoredValue(unchecked: $0) }, forKey: key)
        case .map(let map): try container.encode(map.mapValues { StoredValue(unchecked: $0) }, forKey: key)
        case .blob(let bytes): try container.encode(Hex.encode(bytes), forKey: key)
        case .range(let start, let end), .inclusiveRange(let start, let end): try container.encode([start, end], forKey: key)
        case .fnPtr, .timestamp, .iterator: try Self.checkStorable(value)
        }
    }

    private init(unchecked value: Dynamic) {
        self.value = value
    }
}
