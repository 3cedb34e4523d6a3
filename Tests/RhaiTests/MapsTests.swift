import Testing
import Rhai

// Book chapters: Object Maps, Object Maps as OOP. Values ported from rhai/tests/maps.rs.
@Suite struct MapsTests {
    static let access: [(String, String)] = [
        (#"let x = #{a: 1, b: 2, c: 3}; x["b"]"#, "2"),
        (#"let x = #{a: 1, b: 2, c: 3,}; x["b"]"#, "2"),
        (#"let y = #{d: 1, "e": #{a: 42, b: 88, "": "hello"}, " 123 xyz": 9}; y.e[""][4]"#, "'o'"),
        ("let y = #{a: 1, b: 2, c: 3}; y.a = 5; y.a", "5"),
        ("let y = #{a: #{x:9, y:8, z:7}, b: 2, c: 3}; (y.a).z", "7"),
        ("let y = #{a: #{x:9, y:8, z:7}, b: 2, c: 3}; y.a.z = 42; y.a.z", "42"),
        ("let y = #{a: 1, b: 2, c: 3}; y.z", "()"),
        (#"let y = #{a: 1}; y["xyz"]"#, "()"),
        ("let y = #{`a\nb`: 1}; y[\"a\\nb\"]", "1"),
        (#"let y = #{"baz!$@": 123.456}; y["baz!$@"]"#, "123.456"),
        (#"let y = #{"": false}; y[""]"#, "false"),
        ("#{ a:1, b:2, c:3 }[\"a\"]", "1"),
        ("#{ a:1, b:2, c:3 }.a", "1"),
        ("fn abc() { #{ a:1, b:2, c:3 } } abc().b", "2"),
        ("let m = #{a: 1}; m.b = 2; m", #"#{"a": 1, "b": 2}"#),
        (#"let m = #{a: 1}; m["b c"] = 2; m"#, #"#{"a": 1, "b c": 2}"#),
        ("let m = #{a: #{b: #{c: 1}}}; m.a.b.c += 41; m.a.b.c", "42"),
        ("let m = #{list: [1, 2]}; m.list[1] = 20; m", #"#{"list": [1, 20]}"#),
        ("let m = #{z: 1, a: 2, m: 3}; m", #"#{"a": 2, "m": 3, "z": 1}"#),
        ("let m = #{a: 1}; m.len", "()"),
        ("let m = #{a: 1}; m.len()", "1"),
        ("let m = #{len: 5}; m.len", "5"),
    ]

    @Test(arguments: access)
    func property(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let functions: [(String, String)] = [
        (#"let y = #{a: 1, b: 2, c: 3}; "c" in y"#, "true"),
        (#"let y = #{a: 1, b: 2, c: 3}; "z" in y"#, "false"),
        (#"let y = #{a: 1}; y.contains("a")"#, "true"),
        (#"let y = #{a: 1}; y.contains("xyz")"#, "false"),
        (#"let x = #{a: 1, b: 2, c: 3}; let c = x.remove("c"); x.len() + c"#, "5"),
        (#"let x = #{a: 1}; x.remove("zzz")"#, "()"),
        ("let x = #{a: 1, b: 2, c: 3}; let y = #{b: 42, d: 9}; x.mixin(y); x.len() + x.b", "46"),
        ("let x = #{a: 1, b: 2, c: 3}; x += #{b: 42, d: 9}; x.len() + x.b", "46"),
        ("let x = #{a: 1, b: 2, c: 3}; let y = #{b: 42, d: 9}; (x + y).len()", "4"),
        ("let x = #{a: 1}; let y = #{b: 2}; x + y; x", #"#{"a": 1}"#),
        ("let x = #{a: 1, b: 2}; x.fill_with(#{b: 9, c: 3}); x", #"#{"a": 1, "b": 2, "c": 3}"#),
        ("let x = #{a: 1, b: 2}; x.clear(); x.len()", "0"),
        ("#{b: 2, a: 1}.keys()", #"["a", "b"]"#),
        ("#{b: 2, a: 1}.values()", "[1, 2]"),
        ("#{}.is_empty()", "true"),
        (#"let map = #{a: 1, b_x: true, "$c d e!": "hello"}; let s = ""; for key in keys(map) { s += key; } s.len()"#, "11"),
        ("let map = #{a: 1, b: 2, c: 3}; let sum = 0; for v in map.values() { sum += v; } sum", "6"),
        ("let map = #{c: 1, a: 2, b: 3}; let s = \"\"; for k in map.keys() { s += k; } s", #""abc""#),
        ("let a = #{x: 1}; let b = a; b.x = 2; a.x", "1"),
        ("fn f(m) { m.x = 99; } let a = #{x: 1}; f(a); a.x", "1"),
        ("let m = #{a: [1]}; let n = m; n.a.push(2); m.a", "[1]"),
        ("#{a: 1, b: [1, 2], c: #{d: ()}}", #"#{"a": 1, "b": [1, 2], "c": #{"d": ()}}"#),
    ]

    @Test(arguments: functions)
    func function(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let objectOriented: [(String, String)] = [
        (#"let obj = #{ data: 40, action: Fn("abc") }; fn abc(x) { this.data += x; } obj.action(2); obj.data"#, "42"),
        (#"fn foo(x) { this.data += x; } let x = #{ data: 40, action: Fn("foo") }; x.action(2); x.data"#, "42"),
        (#"fn foo(x) { 40 + x } let x = #{ action: Fn("foo") }; x.action.call(2)"#, "42"),
        ("let obj = #{ data: 42, increment: |x| this.data += x, decrement: |x| this.data -= x }; obj.increment(8); obj.decrement(5); obj.data", "45"),
        ("let o = #{ n: 1, bump: |k| this.n += k }; o.bump(2); o.bump(3); o.n", "6"),
        ("let o = #{ n: 5, get: || this.n * 2 }; o.get()", "10"),
        ("let o = #{ name: \"rhai\", greet: |p| `${p}, ${this.name}!` }; o.greet(\"hi\")", #""hi, rhai!""#),
        ("let foo = #{ x: 42 }; let f = || { this.x }; foo.call(f)", "42"),
        ("fn inc() { this.count += 1 } let m = #{count: 0}; m.inc(); m.inc(); m.count", "2"),
    ]

    @Test(arguments: objectOriented)
    func oop(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let syntaxErrors: [String] = [
        "let y = #{`a${1}`: 1}; y.a1",
        "#{a: 1, a: 2}",
        #"#{a:1, b:2, c:3}['x']"#,
        "#{a:1, b:2, c:3}[1]",
        "#{a:1, b:2, c:3}[123.456]",
        "#{a:1, b:2, c:3}[()]",
        "#{a:1, b:2, c:3}[true && false]",
        #"let y = #{}; y."baz" = 1;"#,
        "#{a 1}",
        "#{1: 2}",
    ]

    @Test(arguments: syntaxErrors)
    func malformedMap(script: String) {
        #expect(errorKind(script) == .parse)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        ("let m = #{a: 1}; m.foo()", .functionNotFound),
        ("let m = #{a: 1}; m.a.b.c", .dotExpr),
        ("let m = #{}; let k = 1; m[k]", .mismatchedType),
        ("let m = #{a: 1}; m.a.b = 5", .dotExpr),
    ]

    @Test(arguments: errors)
    func mapError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func swiftValueOfMap() throws {
        let value = try eval(#"#{a: 1, b: true, "c$": "hello"}"#)
        #expect(value == .map(["a": .int(1), "b": .bool(true), "c$": .string("hello")]))
        #expect(value.asMap?["c$"]?.asString == "hello")
    }
}
