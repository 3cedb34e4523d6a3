import Testing
import Rhai

// Book chapters: `this` – Simulating an Object Method, Method-Call Style (`a.f()` == `f(a)`).
// Values ported from rhai/tests/{functions,method_call}.rs and the book.
@Suite struct MethodsThisTests {
    static let thisBinding: [(String, String)] = [
        ("fn add(n) { this + n } let x = 40; x.add(2)", "42"),
        ("fn add(n) { this += n; } let x = 40; x.add(2); x", "42"),
        ("fn mul2() { this * 2 } let x = 21; x.mul2()", "42"),
        ("fn mul2() { this *= 2; } let x = 21; x.mul2(); x", "42"),
        ("fn change() { this = 42; } let x = 500; x.change(); x", "42"),
        ("fn foo(x) { this += x; } let z = 1000; z.foo(1); z", "1001"),
        ("fn inc() { this += 1 } let a = [1, 2]; a[1].inc(); a", "[1, 3]"),
        ("fn inc() { this += 1 } let m = #{x: 1}; m.x.inc(); m.x", "2"),
        ("fn inc() { this.count += 1 } let m = #{count: 0}; m.inc(); m.inc(); m.count", "2"),
        ("fn push_twice(v) { this.push(v); this.push(v); } let a = []; a.push_twice(7); a", "[7, 7]"),
        (#"fn greet() { "hi " + this } "bob".greet()"#, #""hi bob""#),
        ("fn get() { this } 5.get()", "5"),
        ("fn set_name(n) { this.name = n; } let p = #{}; p.set_name(\"x\"); p", #"#{"name": "x"}"#),
        ("fn double_all() { this = this.map(|v| v * 2); } let a = [1, 2]; a.double_all(); a", "[2, 4]"),
        ("fn nested() { this.inner(); } fn inner() { this += 1; } let x = 1; x.nested(); x", "2"),
        ("fn f() { type_of(this) } [1].f()", #""array""#),
    ]

    @Test(arguments: thisBinding)
    func thisPointer(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let methodStyle: [(String, String)] = [
        ("let x = -123; x.abs(); x", "-123"),
        ("let x = -123; x.abs()", "123"),
        ("abs(-123) == (-123).abs()", "true"),
        ("let a = [1, 2, 3]; len(a) == a.len()", "true"),
        (#""hello".len() == len("hello")"#, "true"),
        ("let a = [3, 1, 2]; sort(a); a", "[1, 2, 3]"),
        ("let a = [1]; push(a, 2); a", "[1, 2]"),
        ("let x = 5; x.to_string()", #""5""#),
        ("5.to_float()", "5.0"),
        ("42.is_even", "true"),
        ("42.is_odd()", "false"),
        (#""a,b".split(",").len()"#, "2"),
        ("[1, 2, 3].map(|x| x * 2).filter(|x| x > 2).len()", "2"),
        ("let x = #{ a: [1, 2] }; x.a.len()", "2"),
    ]

    @Test(arguments: methodStyle)
    func methodCall(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        ("fn change() { this = 42; } change();", .unboundThis),
        ("fn f() { this } f()", .unboundThis),
        ("fn f(x) { this + x } let x = 40; f(x, 2)", .functionNotFound),
        ("let x = 5; x.no_method()", .functionNotFound),
        ("5.len()", .functionNotFound),
    ]

    @Test(arguments: errors)
    func thisError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func thisOutsideAFunctionIsUnbound() {
        #expect(errorKind("this") != nil)
    }

    /// Transcripts of the Rust engine (v1.25.0): methods that change their object cannot be
    /// called on a constant (the list follows the Rust packages, `get` and range `contains` too).
    static let constantObjects: [(String, String)] = [
        ("const A = [1,2]; print(A.get(0));", "!! Non-pure method 'get' cannot be called on constant @1:26"),
        ("const R = 0..5; print(R.contains(2));", "!! Non-pure method 'contains' cannot be called on constant @1:25"),
        ("const A = [1,2]; print(A.len()); print(A.contains(1)); print(A.map(|x| x+1))", "2 | true | [2, 3]"),
        ("const X = 5; print(X.is_odd()); X.set_bit(0, true);", "true | !! Non-pure method 'set_bit' cannot be called on constant @1:35"),
        ("const S = \"ab\"; print(S.len); S.pop();", "2 | !! Non-pure method 'pop' cannot be called on constant @1:33"),
        ("const M = #{a:1}; M.remove(\"a\");", "!! Non-pure method 'remove' cannot be called on constant @1:21"),
        (#"try { const C = 1; C.set_bit(0, true); } catch (e) { print(e.error); print(e.function); }"#, "ErrorNonPureMethodCallOnConstant | set_bit"),
    ]

    @Test(arguments: constantObjects)
    func constantObject(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
