import Testing
import Rhai

// Book chapters: Switch Statement, Switch Expression. Values ported from rhai/tests/switch.rs
// (the Rust tests push `x = 42` into the scope; here the scripts declare it).
@Suite struct SwitchTests {
    static let cases: [(String, String)] = [
        ("switch 2 { 1 => (), 2 => 'a', 42 => true }", "'a'"),
        ("switch 3 { 1 => (), 2 => 'a', 42 => true }", "()"),
        ("switch 3 { 1 => (), 2 => 'a', 42 => true, _ => 123 }", "123"),
        ("let x = 42; switch 2 { 1 => (), 2 if x < 40 => 'a', 42 => true, _ => 123 }", "123"),
        ("let x = 42; switch 2 { 1 => (), 2 if x > 40 => 'a', 42 => true, _ => 123 }", "'a'"),
        ("let x = 42; switch x { 1 => (), 2 => 'a', 42 => true }", "true"),
        ("let x = 42; switch x { 1 => (), 2 => 'a', _ => true }", "true"),
        ("let x = 42; switch x { 1 => 123, 2 => 'a' }", "()"),
        ("let x = 42; switch x { 1 | 2 | 3 | 5..50 | 'x' | true => 123, 'z' => 'a' }", "123"),
        ("let x = 42; switch x { 424242 => 123, _ => 42 }", "42"),
        ("let x = 42; switch x { 1 => 123, 42 => { x / 2 }, _ => 999 }", "21"),
        ("let y = [1, 2, 3]; switch y { 42 => 1, true => 2, [1, 2, 3] => 3, _ => 9 }", "3"),
        ("let y = #{a:1, b:true, c:'x'}; switch y { 42 => 1, true => 2, #{b:true, c:'x', a:1} => 3, _ => 9 }", "3"),
        ("let x = 1..42; switch x { 1 => (), 2 => 'a', 1..42 => true }", "true"),
        ("switch 42 { 42 => 123, 42 => 999 }", "123"),
        ("let x = 42; switch x { 42 => 123, 42 => 999 }", "123"),
        (#"switch "hello" { "hi" => 1, "hello" => 2, _ => 3 }"#, "2"),
        (#"let c = 'b'; switch c { 'a' => "A", 'b' => "B" }"#, #""B""#),
        ("switch () { () => \"unit\", _ => \"other\" }", #""unit""#),
        ("switch 2.0 { 2 => \"int\", 2.0 => \"float\", _ => \"none\" }", #""float""#),
        ("let r = switch 5 { 1 => \"one\", 5 => \"five\", _ => \"?\" }; r", #""five""#),
        ("let total = 0; for i in 0..6 { switch i % 3 { 0 => total += 1, 1 => total += 10, _ => total += 100 } } total", "222"),
        ("let v = switch 1 { 1 => { let a = 20; a + 22 } }; v", "42"),
        ("fn classify(n) { switch n { 0 => \"zero\", 1..10 => \"small\", _ => \"large\" } } [classify(0), classify(9), classify(10)]",
         #"["zero", "small", "large"]"#),
    ]

    @Test(arguments: cases)
    func valueCases(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let guards: [(String, String)] = [
        ("let x = 42; switch x / 2 { 21 if x > 40 => 1, 0 if x < 100 => 2, 1 => 3, _ => 9 }", "1"),
        ("let x = 42; switch x / 2 { 21 if x < 40 => 1, 0 if x < 100 => 2, 1 => 3, _ => 9 }", "9"),
        ("let x = 42; switch x { 42 if x < 40 => 1, 42 if x > 40 => 7, 0 if x < 100 => 2, 1 => 3, 42 if x == 10 => 10, _ => 9 }", "7"),
    ]

    @Test(arguments: guards)
    func guardCases(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let ranges: [(String, String)] = [
        ("let x = 42; switch x { 10..20 => (), 20..=42 => 'a', 25..45 => 'z', 30..100 => true }", "'a'"),
        ("let x = 42; switch x { 10..20 => (), 20..=42 if x < 40 => 'a', 25..45 => 'z', 30..100 => true }", "'z'"),
        ("let x = 42; switch x { 42 => 'x', 10..20 => (), 20..=42 => 'a', 25..45 => 'z', 30..100 => true, 'w' => true }", "'x'"),
        ("let x = 42; switch 5 { 'a' => true, 0..10 if x+2==1+2 => print(40+2), _ => 'x' }", "'x'"),
        ("switch 5 { 'a' => true, 0..10 => 123, 2..12 => 'z', _ => 'x' }", "123"),
        ("switch 5 { 'a' => true, 4 | 5 | 6 => 42, 0..10 => 123, 2..12 => 'z', _ => 'x' }", "42"),
        ("let x = 42; switch 5 { 'a' => true, 2..12 => 'z', 0..10 if x+2==1+2 => print(40+2), _ => 'x' }", "'z'"),
        ("let x = 42; switch 5 { 'a' => true, 0..10 if x+2==1+2 => print(40+2), 2..12 => 'z', _ => 'x' }", "'z'"),
        ("switch 10 { 0..10 => \"exclusive\", _ => \"outside\" }", #""outside""#),
        ("switch 10 { 0..=10 => \"inclusive\", _ => \"outside\" }", #""inclusive""#),
        ("switch -5 { -10..0 => \"negative\", _ => \"other\" }", #""negative""#),
        ("switch 5.0 { 0..10 => \"range\", _ => \"float is not in an integer range\" }", #""float is not in an integer range""#),
        ("let x = 0; switch 42 { 0..100 if x > 0 => 1, 0..100 => 2 }", "2"),
    ]

    @Test(arguments: ranges)
    func rangeCases(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    /// Transcripts of the Rust engine (v1.25.0).
    static let referenceCases: [(String, String)] = [
        // A variable captured by a closure is a shared value, which matches neither value cases
        // nor ranges (a v1.25.0 quirk): only the default.
        ("let x = 2; let f = || x; switch x { 1 => print(\"one\"), 2 => print(\"two\"), _ => print(\"other\") }", "other"),
        ("let x = 5; let f = || x; switch x { 5 => print(\"five\"), 0..10 => print(\"range\"), _ => print(\"other\") }", "other"),
        // A value that has cases never reaches the ranges, even when every condition is false…
        ("let x = 5; let c = false; switch x { 5 if c => print(\"a\"), 0..10 => print(\"range\"), _ => print(\"def\") }", "def"),
        // …but the optimizer drops a case whose condition is the constant `false`.
        ("let x = 5; switch x { 5 if false => print(\"a\"), 0..10 => print(\"range\"), _ => print(\"def\") }", "range"),
        // Cases are matched by hash, and a float hashes by its bits: -0.0 does not match 0.0.
        ("switch -0.0 { 0.0 => print(\"zero\"), _ => print(\"other\") } let z = -0.0; switch z { 0.0 => print(\"zero\"), _ => print(\"other\") }", "other | other"),
    ]

    @Test(arguments: referenceCases)
    func reference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    static let syntaxErrors: [String] = [
        "let x = 1; switch x { _ => 123, 1 => 42 }",
        "let x = 1; switch x { 1 => 123, _ if true => 42 }",
        "let x = 42; switch x { 10..20 => (), 20..=42 => 'a', 25..45 => 'z', 42 => 'x', 30..100 => true }",
        "let x = 42; switch x { 10..20 => (), 20..=42 => 'a', 25..45 => 'z', 42.0 => 'x', 30..100 => true }",
        "switch 1 { 1 => 2 3 => 4 }",
        "switch 1 { 1 -> 2 }",
        "switch 1 { x => 2 }",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) {
        #expect(errorKind(script) == .parse)
    }
}
