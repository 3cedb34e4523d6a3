import Testing
import Rhai

// Book chapters: Anonymous Functions, Closures ("Simulating Closures": captured variables are
// shared, not copied). Values ported from rhai/tests/closures.rs and the book's examples.
@Suite struct ClosuresTests {
    static let anonymous: [(String, String)] = [
        ("let f = |x| x * 2; f.call(21)", "42"),
        ("let f = |x, y| x + y; f.call(40, 2)", "42"),
        ("let f = || 42; f.call()", "42"),
        ("let f = |x| { let y = x + 1; y * 2 }; f.call(20)", "42"),
        ("(|x| x + 1).call(41)", "42"),
        ("let f = |x| x; type_of(f)", #""Fn""#),
        ("let f = |x| x; f.is_anonymous", "true"),
        ("let addition = |x, y| { x + y }; let curried = addition.curry(2); curried.call(40)", "42"),
        ("let fs = [|x| x + 1, |x| x * 2]; fs[1].call(fs[0].call(20))", "42"),
        ("fn apply(f, x) { f.call(x) } apply(|v| v * 3, 14)", "42"),
        ("fn make_adder(n) { |x| x + n } let add5 = make_adder(5); add5.call(37)", "42"),
    ]

    @Test(arguments: anonymous)
    func anonymousFunction(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let sharing: [(String, String)] = [
        ("let x = 1; let f = |y| x + y; f.call(2)", "3"),
        ("let x = 1; let f = |y| x + y; x = 40; f.call(2)", "42"),
        ("let a = 41; let foo = |x| { a += x }; foo.call(1); a", "42"),
        ("let a = 21; let f = |x| a += x; f.call(a); a", "42"),
        ("let a = 41; let foo = |x| { a += x }; a.is_shared()", "true"),
        ("let a = 41; let foo = |x| { a += x }; is_shared(a)", "true"),
        ("let x = 1; x.is_shared()", "false"),
        ("let x = 8; let res = |y, z| { let w = 12; return (|| x + y + z + w).call(); }.curry(15).call(2); res + (|| x - 3).call()", "42"),
        ("let a = 40; let f = |x| { let f = |x| { let f = |x| a + 1 + x; f.call(x) }; f.call(x) }; f.call(1)", "42"),
        ("fn make() { let c = 0; || { c += 1; c } } let f = make(); f.call(); f.call(); f.call()", "3"),
        ("fn make() { let c = 0; || { c += 1; c } } let f = make(); let g = make(); f.call(); f.call(); g.call()", "1"),
        ("let n = 0; let inc = || n += 1; let get = || n; inc.call(); inc.call(); get.call()", "2"),
        ("let list = []; let add = |v| list.push(v); add.call(1); add.call(2); list", "[1, 2]"),
        ("let x = 1; let f = || x; { let x = 100; f.call() }", "1"),
        ("let x = 1; let f = |x| x * 10; f.call(5)", "50"),
        ("let x = 5; let f = || { let x = 7; x }; f.call() + x", "12"),
        ("let s = \"hello\"; let f = || s; let n = s.len(); s", #""hello""#),
        ("let test = \"hello\"; let f = |x| test + x; f.call(42)", #""hello42""#),
        ("let x; let data = #{ foo: || x = this }; data.foo(); type_of(x)", #""map""#),
    ]

    @Test(arguments: sharing)
    func capturedVariablesAreShared(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    @Test func closureCapturesHostScopeVariable() {
        let scope = Scope()
        scope.push("x", .int(42))
        #expect(show("let f = || { x }; f.call()", on: quietEngine(), scope: scope) == "42")
    }

    static let errors: [(String, RhaiError.Kind)] = [
        ("let f = |x| x; f.call()", .functionNotFound),
        ("let f = |x| x; f.call(1, 2)", .functionNotFound),
        ("let f = |x| y; f.call(1)", .variableNotFound),
    ]

    @Test(arguments: errors)
    func closureError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    /// Book: using a captured shared variable as `this` of the same closure is a data race.
    @Test func dataRaceOnSharedThisIsAnError() {
        #expect(errorKind("let a = 20; let foo = |x| { this += a + x }; a.call(foo, 1); a") != nil)
        #expect(show("let a = 1; let b = 40; let foo = |x| { this += a + x }; b.call(foo, 1); b") == "42")
    }

    static let syntaxErrors: [String] = [
        "|x| {",
        "|x x| x",
        "let f = |x, x| x;",
        "|1| 1",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) {
        #expect(errorKind(script) == .parse)
    }
}
