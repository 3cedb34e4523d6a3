import Testing
import Rhai

// Book chapters: Functions, Function Overloading, Pure functions (no access to the caller's
// variables), Recursion, Private functions. Values ported from rhai/tests/functions.rs, stack.rs.
@Suite struct FunctionsTests {
    static let definitions: [(String, String)] = [
        ("fn add_me(a, b) { a+b } add_me(3, 4)", "7"),
        ("fn add_me(a, b,) { a+b } add_me(3, 4,)", "7"),
        ("fn bob() { return 4; 5 } bob()", "4"),
        ("fn add(x, n) { x + n } add(40, 2)", "42"),
        ("fn add(x, n) { x + n } let a = 40; add(a, 2); a", "40"),
        ("fn mul2(x) { x * 2 } mul2(21)", "42"),
        ("fn mul2(x) { x *= 2 } let a = 21; mul2(a); a", "21"),
        ("fn mul2(x) { x *= 2; x } let a = 21; mul2(a)", "42"),
        ("fn math_me(a, b, c, d, e, f) { a - b * c + d * e - f } math_me(100, 5, 2, 9, 6, 32)", "112"),
        ("fn abc(x,y,z) { 2*x + 3*y + 4*z + 888 } fn abc(x,y) { x + 2*y + 88 } fn abc() { 42 } fn abc(x) { x - 42 } abc() + abc(1) + abc(1,2) + abc(1,2,3)", "1002"),
        ("let r = f(1); fn f(x) { x + 1 } r", "2"),
        ("fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } } fact(20)", "2432902008176640000"),
        ("fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } } fib(20)", "6765"),
        ("fn foo(n) { if n <= 1 { 0 } else { n + foo(n-1) } } foo(6)", "20"),
        ("fn is_even(n) { if n == 0 { true } else { is_odd(n - 1) } } fn is_odd(n) { if n == 0 { false } else { is_even(n - 1) } } is_even(10)", "true"),
        ("fn f(x) { let y = x * 2; y + 1 } f(4)", "9"),
        ("fn f() { 1; 2; 3 } f()", "3"),
        ("fn f(a) { a.len() } f([1, 2, 3])", "3"),
        ("fn f(a) { a } f(#{x: 1}).x", "1"),
        ("fn f() { [1, 2, 3] } f()[1]", "2"),
        ("fn f(x) { x } f(f(f(5)))", "5"),
        ("fn f() { this + 1 } 1.f().f().f()", "4"),
        ("fn f(x) { x + 1 } f(1)", "2"),
        ("private fn secret() { 42 } secret()", "42"),
        (#"fn foo(x) { x + 1 } is_def_fn("foo", 1)"#, "true"),
        (#"fn foo(x) { x + 1 } is_def_fn("bar", 1)"#, "false"),
        (#"fn foo(x) { x + 1 } is_def_fn("foo", 0)"#, "false"),
        ("const ANSWER = 42; fn foo() { global::ANSWER } foo()", "42"),
        (#"fn foo(x) { try { throw 42; } catch (x) { return x; } } foo(0)"#, "42"),
        ("fn f(x) { x } f(())", "()"),
        ("fn len(x) { 999 } len([1, 2])", "999"),
        ("fn f(x) { `got ${x}` } f(2.0)", #""got 2.0""#),
    ]

    @Test(arguments: definitions)
    func function(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    /// Functions are pure: they cannot see or change the caller's variables.
    static let isolation: [(String, RhaiError.Kind)] = [
        ("fn foo(y) { x += y; x } let x = 41; let y = 999; foo(1) + x", .variableNotFound),
        ("let x = 1; fn f() { x } f()", .variableNotFound),
        ("fn f() { let inner = 1; } f(); inner", .variableNotFound),
        ("fn f() { z = 5; } let z = 0; f()", .variableNotFound),
        ("fn foo() { global::ANSWER } { const ANSWER = 42; foo() }", .variableNotFound),
    ]

    @Test(arguments: isolation)
    func pureFunctions(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    static let callErrors: [(String, RhaiError.Kind)] = [
        ("foo(1)", .functionNotFound),
        ("fn f(a) { a } f(1, 2)", .functionNotFound),
        ("fn f(a) { a } f()", .functionNotFound),
        ("fn f() { g() } f()", .functionNotFound),
        ("fn foo(n) { if n == 0 { 0 } else { n + foo(n-1) } } foo(1000000)", .stackOverflow),
        ("fn f() { f() } f()", .stackOverflow),
        ("fn a() { b() } fn b() { a() } a()", .stackOverflow),
        ("fn f(x) { x / 0 } f(1)", .arithmetic),
        ("fn f(x) { throw x; } f(\"boom\")", .runtime),
    ]

    @Test(arguments: callErrors)
    func callError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    static let syntaxErrors: [String] = [
        "fn abc(x) { x + 42 } fn abc(x) { x - 42 }",
        "fn hello(x, x) { x }",
        "{ fn inner() { 1 } }",
        "fn outer() { fn inner() { 1 } }",
        "if true { fn f() { 1 } }",
        "fn f(1) { }",
        "fn f(a b) { }",
        "fn f() 42",
        "fn f( { }",
        "fn /*\u{0}„",
        "fn 1abc() { }",
        "private let x = 1;",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) {
        #expect(errorKind(script) == .parse)
    }

    @Test func notFoundMessageNamesArgumentTypes() {
        #expect(rhaiError(#"foo(1, "a")"#)?.message == "Function not found: foo (i64, &str | ImmutableString | String)")
        #expect(rhaiError("foo()")?.message == "Function not found: foo ()")
        #expect(rhaiError("foo(1.5, [], #{}, true, 'c', ())")?.message == "Function not found: foo (f64, array, map, bool, char, ())")
    }

    @Test func callDepthLimitIsConfigurable() {
        let script = "fn f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } } f(DEPTH)"
        let engine = quietEngine()
        engine.limits.maxCallDepth = 10
        #expect(show(script.replacingOccurrences(of: "DEPTH", with: "5"), on: engine) == "5")
        #expect(errorKind(script.replacingOccurrences(of: "DEPTH", with: "50"), on: engine) == .stackOverflow)
        #expect(show(script.replacingOccurrences(of: "DEPTH", with: "50"), on: quietEngine()) == "50")
    }

    @Test func defaultCallDepthAllowsModerateRecursion() {
        #expect(show("fn f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } } f(60)") == "60")
    }
}
