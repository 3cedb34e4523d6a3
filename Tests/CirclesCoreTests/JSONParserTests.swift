import Foundation
import Testing
import CirclesCore

/// The hand-written parser agrees with Foundation's on valid text and refuses what JSON refuses.
@Suite struct JSONParserTests {
    /// Foundation's reading of `text`, in the same value model (booleans are NSNumbers of type `c`).
    static func foundation(_ text: String) throws -> JSONValue {
        func convert(_ value: Any) -> JSONValue {
            switch value {
            case let text as String: return .string(text)
            case let number as NSNumber:
                switch String(cString: number.objCType) {
                case "c": return .bool(number.boolValue)
                case "d", "f", "Q": return Int64(exactly: number.doubleValue).map(JSONValue.integer) ?? .number(number.doubleValue)
                default: return .integer(number.int64Value)
                }
            case let array as [Any]: return .array(array.map(convert))
            case let object as [String: Any]: return .object(object.mapValues(convert))
            default: return .null
            }
        }
        return convert(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":1,"method":"play","params":["let x = 10; x * 2"]}"#,
        #" [1, -2, 3.5, -0.25e2, 1E3, 0, -0, 1.0, 9007199254740993, 123456789012345678901234567890] "#,
        #"{"a":{"b":[true,false,null,{}],"c":[]},"d":"","a2":"x"}"#,
        #""\"\\\/\b\f\n\r\t \u0041\u00e9\u4e2d\ud83d\ude00 ünïcödé 😀""#,
        #"{"dup":1,"dup":2}"#,
        "\t\n\r 42 \n",
        #"[[[[[[[[[[["deep"]]]]]]]]]]]"#,
        "-9223372036854775808",
        "9223372036854775808",
        "1e308",
    ])
    func agreesWithFoundation(_ text: String) throws {
        #expect(try JSONValue(parsing: text) == Self.foundation(text))
    }

    @Test(arguments: [
        "", " ", "hello", "{", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "[01]", "01", "-", "1.", ".5", "1e",
        "+1", "tru", "nul", "\"open", "\"tab\there\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "[1] [2]", "1e999", "NaN", "[\"a\"]]",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesNestingBeyondTheLimitWithoutRecursingIntoIt() throws {
        let limit = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try JSONValue(parsing: deepest) != .null)
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONValue(parsing: tooDeep) }
    }

    @Test func errorsNameTheOffset() {
        #expect(throws: JSONParser.SyntaxError.self) {
            do {
                _ = try JSONValue(parsing: #"{"a": tru}"#)
            } catch let error as JSONParser.SyntaxError {
                #expect(error.offset == 6 && error.description == "unexpected word at byte 6")
                throw error
            }
        }
    }
}
