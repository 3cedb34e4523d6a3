import Testing
import Rhai

// Book chapters: print and debug, to_string, Values and Types. Renderings follow the Rust
// engine: print/to_string use Display (strings bare, `()` prints nothing, floats keep `.0`,
// huge/tiny floats switch to `1e14` notation); debug uses Debug (strings and chars quoted);
// arrays and maps always render their items debug-style; map keys sorted (BTreeMap).
@Suite struct RenderingTests {
    static let printed: [(String, String)] = [
        (#"print("hello")"#, "hello"),
        ("print(1 + 2 + 3)", "6"),
        ("let x = 42; print(`hello${x}`)", "hello42"),
        ("print(40 + 2)", "42"),
        ("print(2.0)", "2.0"),
        ("print(-0.5)", "-0.5"),
        ("print(true)", "true"),
        ("print('c')", "c"),
        ("print(())", ""),
        ("print([1, \"a\", 'c', 2.0, (), true])", #"[1, "a", c, 2.0, (), true]"#),
        (#"print(#{b: "x", a: 1})"#, #"#{"a": 1, "b": "x"}"#),
        ("print([])", "[]"),
        ("print(#{})", "#{}"),
        ("print([[1, 2], [3]])", "[[1, 2], [3]]"),
        ("print([#{a: [1]}])", #"[#{"a": [1]}]"#),
        (#"print(Fn("foo"))"#, "Fn(foo)"),
        ("print(1..3)", "1..3"),
        ("print(1..=3)", "1..=3"),
        (#"print("a\"b")"#, #"a"b"#),
        (#"print(["a\"b"])"#, #"["a\"b"]"#),
        (#"print(["line\nbreak"])"#, #"["line\nbreak"]"#),
        // Plain runs between escapes (copied whole), from rhai-run v1.25.0.
        (#"let s = "plain \"q\" back\\slash tab\tnl\n é\u0301 \x7f\x1b end"; print([s, s.sub_string(0, 5)])"#,
         #"["plain \"q\" back\\slash tab\tnl\n é\u{301} \u{7f}\u{1b} end", "plain"]"#),
    ]

    @Test(arguments: printed)
    func print(script: String, expected: String) {
        let log = OutputLog()
        let engine = log.engine()
        _ = try? engine.eval(script)
        #expect(log.printed == [expected])
    }

    static let debugged: [(String, String)] = [
        (#"debug("world!")"#, #""world!""#),
        (#"let x = "hello!"; debug(x)"#, #""hello!""#),
        ("debug(42)", "42"),
        ("debug(2.0)", "2.0"),
        // The Rust engine's `to_debug` shows a char bare.
        ("debug('c')", "c"),
        ("debug(())", "()"),
        ("debug(true)", "true"),
        ("debug([1, \"a\"])", #"[1, "a"]"#),
        (#"debug(#{a: "x"})"#, #"#{"a": "x"}"#),
        (#"debug("tab\there")"#, #""tab\there""#),
        (#"debug("quote\"inside")"#, #""quote\"inside""#),
    ]

    @Test(arguments: debugged)
    func debug(script: String, expected: String) {
        let log = OutputLog()
        let engine = log.engine()
        _ = try? engine.eval(script)
        #expect(log.debugged == [expected])
        #expect(log.printed.isEmpty)
    }

    static let toStringCases: [(String, String)] = [
        ("to_string(42)", "42"),
        ("to_string(-7)", "-7"),
        ("to_string(2.0)", "2.0"),
        ("to_string(0.0)", "0.0"),
        ("to_string(2.5)", "2.5"),
        ("to_string(-1.5)", "-1.5"),
        ("to_string(100.0)", "100.0"),
        ("to_string(0.1 + 0.2)", "0.30000000000000004"),
        ("to_string(1.0 / 3.0)", "0.3333333333333333"),
        ("to_string(123456789.0)", "123456789.0"),
        ("to_string(10000000000000.0)", "1e13"),
        ("to_string(9999999900000.0)", "9.9999999e12"),
        ("to_string(1e-5)", "0.00001"),
        ("to_string(1.5e-14)", "1.5e-14"),
        ("to_string(-0.0)", "0.0"),
        ("to_debug(-0.0)", "-0.0"),
        ("to_debug(1e15)", "1000000000000000.0"),
        ("to_debug(1e16)", "1e16"),
        ("to_debug(0.0001)", "0.0001"),
        ("to_debug(0.00001)", "1e-5"),
        ("to_string([1e-5, -0.0])", "[1e-5, -0.0]"),
        ("to_string(blob(10, 1))", "[0101010101010101 0101]"),
        ("to_string(1e14)", "1e14"),
        ("to_string(1.5e20)", "1.5e20"),
        ("to_string(-2e15)", "-2e15"),
        ("to_string(1e-14)", "1e-14"),
        ("to_string(0.001)", "0.001"),
        ("to_string(())", ""),
        ("to_string(true)", "true"),
        ("to_string('x')", "x"),
        (#"to_string("s")"#, "s"),
        ("to_string([1, 'x', \"y\"])", #"[1, x, "y"]"#),
        ("to_string(#{a: 'x', \"b c\": \"y\\n\"})", #"#{"a": x, "b c": "y\n"}"#),
        ("to_string(#{b: 1, a: [2.0]})", #"#{"a": [2.0], "b": 1}"#),
        (#"`${1.0}|${()}|${[()]}`"#, "1.0||[()]"),
        ("let x = [ 123, true, (), \"world\" ]; x.to_string()", #"[123, true, (), "world"]"#),
        ("to_debug(\"a\")", #""a""#),
        ("to_debug(())", "()"),
        ("to_debug(2.0)", "2.0"),
    ]

    @Test(arguments: toStringCases)
    func toString(script: String, expected: String) {
        #expect(render(script) == expected)
    }

    /// The Swift renderings of host-side values mirror Rhai's `to_string` and `debug`.
    @Test func swiftDescriptions() {
        #expect(Dynamic.int(3).description == "3")
        #expect(Dynamic.float(2).description == "2.0")
        #expect(Dynamic.float(0.5).debugDescription == "0.5")
        #expect(Dynamic.bool(true).description == "true")
        #expect(Dynamic.string("a").description == "a")
        #expect(Dynamic.string("a").debugDescription == #""a""#)
        #expect(Dynamic.char("c").description == "c")
        #expect(Dynamic.char("c").debugDescription == "c")
        #expect(Dynamic.char("c").valueDebug == "'c'")
        #expect(Dynamic.unit.debugDescription == "()")
        #expect(Dynamic.array([.int(1), .string("x")]).description == #"[1, "x"]"#)
        #expect(Dynamic.map(["b": .int(2), "a": .int(1)]).description == #"#{"a": 1, "b": 2}"#)
        #expect(Dynamic.map([:]).description == "#{}")
        #expect(Dynamic.array([]).description == "[]")
    }

    @Test func swiftTypeNames() {
        #expect(Dynamic.unit.typeName == "()")
        #expect(Dynamic.bool(false).typeName == "bool")
        #expect(Dynamic.int(1).typeName == "i64")
        #expect(Dynamic.float(1).typeName == "f64")
        #expect(Dynamic.char("x").typeName == "char")
        #expect(Dynamic.string("").typeName == "string")
        #expect(Dynamic.array([]).typeName == "array")
        #expect(Dynamic.map([:]).typeName == "map")
    }

    @Test func evaluatedValuesRender() throws {
        #expect(try eval("2.0").description == "2.0")
        #expect(try eval(#""a""#).description == "a")
        #expect(try eval(#""a""#).debugDescription == #""a""#)
        #expect(try eval("#{a: 1}").description == #"#{"a": 1}"#)
        #expect(try eval("()").isUnit)
        #expect(try eval("()").debugDescription == "()")
    }

    /// A deeply nested value renders completely (no recursion limit in rendering).
    @Test func deeplyNestedValueRenders() throws {
        let value = try eval("let a = []; for i in 0..2000 { a = [a]; } a")
        #expect(value.description.hasPrefix("[[[["))
        #expect(value.description.count == 4002)
    }

    /// Outputs of the Rust engine (v1.25.0): float forms, chars and strings inside containers,
    /// blobs in 8-byte groups, `debug` with source and position, and interpolated strings the
    /// optimizer folds (with each value's own Display: the char keeps its quotes).
    static let referenceRenderings: [(String, String)] = [
        ("print(1e13); print(9999999900000.0); print(1e15.to_debug()); print([1e-5]); print(-0.0); print(-0.0.to_debug()); print([-0.0]); print(1e-5); print(0.1 + 0.2);",
         "1e13 | 9.9999999e12 | 1000000000000000.0 | [1e-5] | 0.0 | -0.0 | [-0.0] | 0.00001 | 0.30000000000000004"),
        (#"print([1, "a", 'c', 2.0, (), true]); print(#{a: 'x', "b c": "y\n"}); print('c'.to_debug()); print("c".to_debug());"#,
         #"[1, "a", c, 2.0, (), true] | #{"a": x, "b c": "y\n"} | c | "c""#),
        ("print(blob(10, 1)); print([blob(3, 255)]); print(blob(8, 2)); print(blob(9, 2));",
         "[0101010101010101 0101] | [[ffffff]] | [0202020202020202] | [0202020202020202 02]"),
        (#"debug("hi"); debug('c'); debug([1, 2.0]); let x = 5;"# + "\n  debug(x);",
         #"prog.rhai @ 1:1 | "hi" | prog.rhai @ 1:14 | c | prog.rhai @ 1:26 | [1, 2.0] | prog.rhai @ 2:3 | 5"#),
        ("print(`${[1.0, 'c']}`); let a = ['c']; print(`${a}`);", "[1.0, 'c'] | [c]"),
        (#"print(0..5); print(0..=5); print("é\u0301ß\t\"'".to_debug()); print(['\'', '"']);"#, #"0..5 | 0..=5 | "é\u{301}ß\t\"'" | [', "]"#),
    ]

    @Test(arguments: referenceRenderings)
    func reference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
