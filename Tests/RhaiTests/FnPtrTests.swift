import Testing
import Rhai

// Book chapters: Function Pointers, Currying, Binding `this` via `call`.
// Values ported from rhai/tests/{fn_ptr,functions}.rs and the book's fn-ptr examples.
@Suite struct FnPtrTests {
    static let pointers: [(String, String)] = [
        (#"type_of(Fn("abc"))"#, #""Fn""#),
        (#"fn foo(x) { 40 + x } let f = Fn("foo"); call(f, 2)"#, "42"),
        (#"fn foo(x) { 40 + x } let fn_name = "f"; fn_name += "oo"; let f = Fn(fn_name); f.call(2)"#, "42"),
        (#"fn foo(x) { 41 + x } let func = Fn("foo"); func.call(1)"#, "42"),
        (#"fn foo(x) { 41 + x } let func = Fn("foo"); func.name"#, #""foo""#),
        (#"fn foo(x) { 41 + x } Fn("foo").is_anonymous"#, "false"),
        (#"let len = Fn("len"); len.call("hello")"#, "5"),
        (#"fn foo(x) { 40 + x } let x = #{ action: Fn("foo") }; x.action.call(2)"#, "42"),
        (#"fn m1(x) { x + 1 } fn m2(x) { x + 2 } fn m3(x) { x + 3 } let map = [Fn("m1"), Fn("m2"), Fn("m3")]; map[2].call(39)"#, "42"),
        (#"fn add(x) { this += x; } let func = Fn("add"); let x = 41; x.call(func, 1); x"#, "42"),
        (#"fn foo(x) { this += x; } let f = Fn("foo"); let x = 40; x.call(f, 2); x"#, "42"),
        (#"fn foo(x, y) { x * y } let f = Fn("foo").curry(6); f.call(7)"#, "42"),
        (#"fn foo(x, y) { x * y } let f = curry(Fn("foo"), 6); call(f, 7)"#, "42"),
        (#"fn foo(a, b, c) { a + b + c } Fn("foo").curry(1).curry(2).call(39)"#, "42"),
        (#"Fn("abc")"#, #"Fn("abc")"#),
        (#"fn f(g) { g.call(21) } f(Fn("to_string"))"#, #""21""#),
        (#"fn twice(x) { x * 2 } [1, 2, 3].map(Fn("twice"))"#, "[2, 4, 6]"),
    ]

    @Test(arguments: pointers)
    func pointer(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        (#"let f = Fn("abc"); f.call(0)"#, .functionNotFound),
        (#"let fn_name = "hello"; let hello = Fn(fn_name + "_world"); hello.call(0)"#, .functionNotFound),
        (#"fn foo(x) { this += x; } let f = Fn("foo"); call(f, 2);"#, .unboundThis),
        (#"fn add(x) { this += x; } let func = Fn("add"); func.call(1);"#, .unboundThis),
        (#"fn add(x) { this += x; } let func = Fn("add"); let x = 41; func.call(x, 1);"#, .functionNotFound),
        ("Fn(42)", .mismatchedType),
        (#"Fn("f::do_work")"#, .functionNotFound),
        (#"Fn("bad name")"#, .functionNotFound),
        ("let f = 42; f.call()", .mismatchedType),
    ]

    @Test(arguments: errors)
    func pointerError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func notFoundMessageNamesTheTarget() {
        #expect(rhaiError(#"let f = Fn("abc"); f.call(0)"#)?.message.hasPrefix("Function not found: abc (") == true)
    }

    @Test func fnPtrReachesTheHost() throws {
        let value = try eval(#"Fn("abc")"#)
        #expect(value.typeName == "Fn")
        #expect(value.description == "Fn(abc)")
    }

    /// Outputs of the Rust engine (v1.25.0): `call` and `curry` are keywords that need a
    /// function pointer; `x.call(f, …)` calls `f` with `x` as `this`.
    static let keywordCalls: [(String, String)] = [
        ("print(5.call(1))", "!! Data type incorrect: i64 (expecting Fn) @1:14"),
        (#"print("text".call(1))"#, "!! Data type incorrect: i64 (expecting Fn) @1:19"),
        ("print(call(5, 1))", "!! Data type incorrect: i64 (expecting Fn) @1:12"),
        (#"print(call("abc", 1))"#, "!! Data type incorrect: string (expecting Fn) @1:12"),
        ("print(5.curry(1))", "!! Data type incorrect: i64 (expecting Fn) @1:9"),
        ("print(curry(5,1))", "!! Data type incorrect: i64 (expecting Fn) @1:13"),
        ("let x = 5; print(x.call())", "!! Data type incorrect: i64 (expecting Fn) @1:20"),
        (#"fn inc(d) { this + d } print(5.call(Fn("inc"), 2))"#, "7"),
        // `Fn(name)` reports its errors at the name given.
        (#"Fn("")"#, "!! Function not found:  @1:4"),
        (#"Fn("+")"#, "!! Syntax error: '+' is a reserved symbol @1:4"),
        (#"let n = "print"; Fn(n)"#, "!! Syntax error: 'print' is a reserved keyword @1:21"),
    ]

    @Test(arguments: keywordCalls)
    func keywordCall(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
