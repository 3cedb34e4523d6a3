import Foundation
import Testing
import Rhai

// Book chapter: Parse an Object Map from JSON; `to_json` / `parse_json` and the host-side
// JSON conversions of `Dynamic`. Script expectations follow rhai/tests/maps.rs and the
// engine's `format_map_as_json` (compact, keys sorted, values debug-formatted, () as null).
@Suite struct JSONTests {
    static let toJSON: [(String, String)] = [
        ("#{a:[#{b:42}]}.to_json()", #"{"a":[{"b":42}]}"#),
        (#"#{a:[Fn("abc")]}.to_json()"#, #"{"a":["abc"]}"#),
        (#"#{a:[Fn("abc").curry(42).curry(123)]}.to_json()"#, #"{"a":[["abc",42,123]]}"#),
        (#"#{d: "x", c: true, b: (), a: 2.0}.to_json()"#, #"{"a":2.0,"b":null,"c":true,"d":"x"}"#),
        (#"#{s: "say \"hi\""}.to_json()"#, #"{"s":"say \"hi\""}"#),
        ("#{}.to_json()", "{}"),
        ("#{n: -5, l: [1, [2, []]]}.to_json()", #"{"l":[1,[2,[]]],"n":-5}"#),
        (#"#{"key with space": 1}.to_json()"#, #"{"key with space":1}"#),
        ("to_json(#{a: 1})", #"{"a":1}"#),
    ]

    @Test(arguments: toJSON)
    func scriptToJSON(script: String, expected: String) {
        #expect(render(script) == expected)
    }

    static let parseJSON: [(String, String)] = [
        (#"parse_json(`{"a":1, "b":true}`)"#, #"#{"a": 1, "b": true}"#),
        (#"parse_json(`{"a": 1.5, "b": "x", "z": null}`)"#, #"#{"a": 1.5, "b": "x", "z": ()}"#),
        (#"parse_json(`{"list": [1, 42, "999"]}`).list.len()"#, "3"),
        (#"parse_json(`{"a": {"b": {"c": [true]}}}`).a.b.c[0]"#, "true"),
        (#"let m = parse_json(`{"a":1, "b":2, "c":3}`); m.a + m.b + m.c"#, "6"),
        (#"let m = #{x: [1, 2.5, "s", ()], y: #{z: false}}; parse_json(m.to_json()) == m"#, "true"),
    ]

    @Test(arguments: parseJSON)
    func scriptParseJSON(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    @Test func malformedJSONIsAnError() {
        #expect(errorKind(#"parse_json("{a:42")"#) != nil)
        #expect(errorKind(#"parse_json(`{"a": }`)"#) != nil)
    }

    @Test func scriptJSONIsValidJSON() throws {
        let text = try #require(try eval(#"#{a: 1, b: [true, ()], c: "q\"uote\nline", d: #{e: 2.5}}.to_json()"#).asString)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["a"] as? Int == 1)
        #expect(parsed?["c"] as? String == "q\"uote\nline")
        #expect((parsed?["d"] as? [String: Any])?["e"] as? Double == 2.5)
    }

    @Test func fromJSON() throws {
        let value = try Dynamic.fromJSON(#"{"a":1,"b":[true,null,1.5,"x"],"c":{"d":"e"}}"#)
        #expect(value == .map([
            "a": .int(1),
            "b": .array([.bool(true), .unit, .float(1.5), .string("x")]),
            "c": .map(["d": .string("e")]),
        ]))
        #expect(try Dynamic.fromJSON("[1, 2]") == .array([.int(1), .int(2)]))
        #expect(try Dynamic.fromJSON(#""text""#) == .string("text"))
        #expect(try Dynamic.fromJSON("-3") == .int(-3))
        #expect(try Dynamic.fromJSON("2.0") == .float(2.0))
        #expect(try Dynamic.fromJSON("null") == .unit)
        #expect(try Dynamic.fromJSON(#"{"big": 9007199254740993}"#) == .map(["big": .int(9_007_199_254_740_993)]))
    }

    @Test(arguments: ["{", "not json", #"{"a": }"#, "[1, 2", ""])
    func fromMalformedJSONThrows(text: String) {
        #expect(throws: (any Error).self) { try Dynamic.fromJSON(text) }
    }

    @Test func toJSON() {
        let value = Dynamic.map([
            "b": .array([.bool(true), .unit, .float(1.5), .string("x")]),
            "a": .int(1),
        ])
        #expect(value.toJSON() == #"{"a":1,"b":[true,null,1.5,"x"]}"#)
        #expect(Dynamic.string("line\nbreak \"q\"").toJSON() == #""line\nbreak \"q\"""#)
        #expect(Dynamic.array([]).toJSON() == "[]")
        #expect(Dynamic.float(2).toJSON() == "2.0")
    }

    @Test func jsonRoundTrip() throws {
        let value = Dynamic.map([
            "name": .string("circle ⭕️"),
            "n": .int(-42),
            "ratio": .float(0.25),
            "tags": .array([.string("a"), .string("b")]),
            "nested": .map(["ok": .bool(false), "none": .unit]),
        ])
        #expect(try Dynamic.fromJSON(value.toJSON()) == value)
    }
}
