import Testing
import Rhai

// Book chapters: If Statement, If Expression, Statements/Blocks, Return, Shadowing.
// Values ported from rhai/tests/{if_block,expressions}.rs and the book's examples.
@Suite struct ControlFlowTests {
    static let ifCases: [(String, String)] = [
        ("if true { 55 }", "55"),
        ("if false { 55 }", "()"),
        ("if false { 55 } else { 44 }", "44"),
        ("if true { 55 } else { 44 }", "55"),
        ("if false { 55 } else if true { 33 } else { 44 }", "33"),
        ("if false { 55 } else if false { 33 } else if false { 66 } else if false { 77 } else if false { 88 } else { 44 }", "44"),
        ("let x = 42; let y = 1 + if x > 40 { 100 } else { 0 } / x; y", "3"),
        (#"let x = if 1 > 2 { "a" } else { "b" }; x"#, #""b""#),
        ("let x = if false { 1 }; x", "()"),
        ("let x = 10; if x > 0 { 42 } else { 123 }", "42"),
        ("let x = 5; if x > 3 { x = 1; } x", "1"),
        ("let x = 5; if x > 3 { let x = 1; } x", "5"),
        ("let a = 3; let r = if a == 1 { \"one\" } else if a == 2 { \"two\" } else { \"many\" }; r", #""many""#),
        ("let x = 0; if x == 0 { x += 1 } else if x == 1 { x += 10 } x", "1"),
        ("if true { if false { 1 } else { 2 } } else { 3 }", "2"),
        ("if true {} else { 1 }", "()"),
    ]

    @Test(arguments: ifCases)
    func ifExpression(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let blocks: [(String, String)] = [
        ("{ let x = 1; x + 1 }", "2"),
        ("let y = { let x = 2; x * 21 }; y", "42"),
        ("40 + { let x = 2; x }", "42"),
        ("let x = 1; { let x = 2; { let x = 3; } } x", "1"),
        ("let x = 1; { x += 1; { x += 1; } } x", "3"),
        ("{}", "()"),
        ("let x = 1; { let x = x * 10; x + 1 }", "11"),
        ("let sum = 0; for x in 0..10 { let x = 42; sum += x; } sum", "420"),
        ("let x = 5; for x in 0..3 { } x", "5"),
        ("let i = 100; let s = 0; for i in 0..3 { s += i; } s + i", "103"),
        ("let x = 1; while x < 5 { let x = 100; break; } x", "1"),
        ("let v = []; for i in 0..3 { let i = i * 2; v.push(i); } v", "[0, 2, 4]"),
        ("let x = 0; let f = 0; loop { let x = 7; f = x; break; } [x, f]", "[0, 7]"),
    ]

    @Test(arguments: blocks)
    func blockAndShadowing(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let returns: [(String, String)] = [
        ("return 42;", "42"),
        ("return;", "()"),
        ("let x = 1; if x == 1 { return \"early\"; } \"late\"", #""early""#),
        ("fn bob() { return 4; 5 } bob()", "4"),
        ("fn f(x) { if x > 0 { return \"pos\"; } \"non-pos\" } [f(1), f(-1)]", #"["pos", "non-pos"]"#),
        ("fn f() { for i in 0..10 { if i == 3 { return i; } } -1 } f()", "3"),
        ("fn f() { loop { return 7; } } f()", "7"),
        ("fn f() { return; } f()", "()"),
        ("fn f() { } f()", "()"),
        ("fn f() { let x = 1; } f()", "()"),
        ("exit(5); 6", "5"),
    ]

    @Test(arguments: returns)
    func returnStatement(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    /// A literal that can never be a boolean is a syntax error (`ensure_bool_expr` in the Rust
    /// parser); other values fail when the condition runs.
    static let conditionErrors: [(String, RhaiError.Kind)] = [
        ("if 1 { 2 }", .parse),
        (#"if "yes" { 2 } else { 3 }"#, .parse),
        ("if () { 1 }", .parse),
        ("while 1 { break; }", .parse),
        ("let x = 0; do { x += 1; } while x;", .mismatchedType),
        ("let x = 1; if x { 2 }", .mismatchedType),
    ]

    @Test(arguments: conditionErrors)
    func conditionMustBeBool(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    static let syntaxErrors: [String] = [
        "if true 1",
        "if (true) 1 else 2",
        "if true { 1 } else 2",
        "if { 1 }",
        "{ let x = 1;",
        "let x = 1; }",
        "if true { 1 } else if { 2 }",
        "return return",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) {
        #expect(errorKind(script) == .parse)
    }
}
