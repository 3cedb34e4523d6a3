import Rhai
import Testing
@testable import CirclesWorkerKit

@Suite struct StoredValueTests {
    static let values: [Dynamic] = [
        .unit, .bool(true), .bool(false), .int(0), .int(-42), .int(Int64.max), .int(Int64.min),
        .float(2.0), .float(-0.1), .float(1e300), .float(.infinity), .float(-.infinity),
        .char("x"), .char("🦀"), .string(""), .string("quote \" backslash \\ newline \n"),
        .array([]), .array([.int(1), .float(1.0), .string("1"), .char("1")]),
        .map([:]), .map(["a": .int(1), "nested": .map(["list": .array([.bool(true), .unit])])]),
        .blob([0, 1, 254, 255]), .range(1, 5), .inclusiveRange(-3, 3),
    ]

    @Test(arguments: values)
    func roundTripKeepsTheType(_ value: Dynamic) throws {
        let text = try StoredValue.encode(value)
        let back = try StoredValue.decode(text)
        #expect(back == value)
        #expect(back.typeName == value.typeName)
    }

    @Test func notANumberStaysAFloat() throws {
        let back = try StoredValue.decode(try StoredValue.encode(.float(.nan)))
        #expect(back.asFloat?.isNaN == true)
    }

    @Test func theEncodingIsTaggedJSON() throws {
        #expect(try StoredValue.encode(.int(42)) == #"{"i64":42}"#)
        #expect(try StoredValue.encode(.array([.float(2.0)])) == #"{"array":[{"f64":2.0}]}"#)
        #expect(try StoredValue.encode(.map(["b": .char("c"), "a": .blob([0, 255])])) == #"{"map":{"a":{"blob":"00ff"},"b":{"char":"c"}}}"#)
    }

    /// Earlier versions wrote whole floats without a fraction (Foundation's JSONEncoder).
    @Test func aWholeFloatWrittenWithoutItsFractionIsStillAFloat() throws {
        #expect(try StoredValue.decode(#"{"array":[{"f64":2}]}"#) == .array([.float(2.0)]))
    }

    @Test(arguments: [#"{"i64":"42"}"#, #"{"i64":1,"f64":2}"#, #"[1]"#, #"{"char":"ab"}"#, #"{"blob":"0"}"#, #"{"range":[1]}"#, #"{"nope":1}"#, "{"])
    func anythingElseIsRefused(_ text: String) {
        #expect(throws: (any Error).self) { try StoredValue.decode(text) }
    }

    @Test func functionPointersAreRefused() {
        #expect(throws: RhaiError.self) { try StoredValue.encode(.array([.fnPtr(FnPtr(name: "f"))])) }
    }
}
