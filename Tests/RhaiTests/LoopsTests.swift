import Testing
import Rhai

// Book chapters: While Loop, Do Loop, Infinite Loop, For Loop, Iterators, Ranges.
// Values ported from rhai/tests/{for,looping,while_loop}.rs.
@Suite struct LoopsTests {
    static let whileAndDo: [(String, String)] = [
        ("let x = 0; while x < 10 { x += 1; if x > 5 { break; } if x > 3 { continue; } x += 3; } x", "6"),
        ("let x = 0; while x < 10 { x += 1; if x > 5 { break x * 2; } if x > 3 { continue; } x += 3; }", "12"),
        ("let x = 0; do { x += 1; if x > 5 { break; } if x > 3 { continue; } x += 3; } while x < 10; x", "6"),
        ("let x = 0; do { x += 1; if x > 5 { break x * 2; } if x > 3 { continue; } x += 3; } while x < 10;", "12"),
        ("do {} while false", "()"),
        ("do { break 42; } while false", "42"),
        ("let x = 0; do { x += 1; } until x >= 5; x", "5"),
        ("let x = 10; do { x += 1; } while x < 5; x", "11"),
        ("let x = 10; while x < 5 { x += 1; } x", "10"),
        ("let x = 0; let value = while x < 10 { if x % 5 == 0 { break 42; } x += 1; }; value", "42"),
        ("let x = 0; while x < 3 { x += 1; }", "()"),
        ("let x = 1000000; while x > 0 { x -= 1; } x", "0"),
    ]

    @Test(arguments: whileAndDo)
    func whileLoop(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let infinite: [(String, String)] = [
        ("let x = 0; let i = 0; loop { if i < 10 { i += 1; if x > 20 { continue; } x += i; } else { break; } } x", "21"),
        ("let v = loop { break 42; }; v", "42"),
        ("let n = 0; loop { n += 1; if n == 7 { break; } } n", "7"),
        ("let n = 0; let r = loop { n += 1; if n * n > 50 { break n; } }; r", "8"),
        ("loop { break; }", "()"),
    ]

    @Test(arguments: infinite)
    func loopStatement(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let forLoops: [(String, String)] = [
        (
            "let sum1 = 0; let sum2 = 0; let inputs = [1, 2, 3, 4, 5]; for x in inputs { sum1 += x; } for x in range(1, 6) { sum2 += x; } for x in range(1, 6, 3) { sum2 += x; } sum1 + sum2",
            "35"
        ),
        ("let sum = 0; let inputs = [1, 2, 3, 4, 5]; for (x, i) in inputs { sum += x * (i + 1); } sum", "55"),
        ("let sum = 0; for x in range(1, 10) { sum += x; } sum", "45"),
        ("let sum = 0; for x in 1..10 { sum += x; } sum", "45"),
        ("let sum = 0; for x in 1..=10 { sum += x; } sum", "55"),
        ("let sum = 0; for x in range(1, 10, 2) { sum += x; } sum", "25"),
        ("let sum = 0; for x in range(10, 1, 2) { sum += x; } sum", "0"),
        ("let sum = 0; for x in range(1, 10, -2) { sum += x; } sum", "0"),
        ("let sum = 0; for x in range(10, 1, -2) { sum += x; } sum", "30"),
        ("let sum = 0.0; for x in range(1.0, 10.0, 2.0) { sum += x; } sum", "25.0"),
        ("let sum = 0.0; for x in range(10.0, 1.0, 2.0) { sum += x; } sum", "0.0"),
        ("let sum = 0.0; for x in range(10.0, 1.0, -2.0) { sum += x; } sum", "30.0"),
        ("let sum = 0; for x in range(9223372036854775807, 0, 9223372036854775807) { sum += 1; } sum", "0"),
        ("let s = \"\"; for c in \"abc\" { s = c + s; } s", #""cba""#),
        ("let n = 0; for c in \"héllo\" { n += 1; } n", "5"),
        ("let out = []; for (c, i) in \"ab\" { out.push(`${i}${c}`); } out", #"["0a", "1b"]"#),
        ("let sum = 0; let keys = \"\"; let map = #{a: 1, b: 2, c: 3}; for key in map.keys() { keys += key; } for value in map.values() { sum += value; } keys.len + sum", "9"),
        ("let out = []; for x in [] { out.push(x); } out", "[]"),
        ("let out = []; for x in 5..5 { out.push(x); } out", "[]"),
        ("let out = []; for x in 3..0 { out.push(x); } out", "[]"),
        ("let out = []; for x in -2..2 { out.push(x); } out", "[-2, -1, 0, 1]"),
        ("let out = []; for x in [1, 2, 3, 4, 5, 6] { if x % 2 == 0 { continue; } if x > 4 { break; } out.push(x); } out", "[1, 3]"),
        ("let out = []; for i in 0..3 { for j in 0..3 { if j > i { break; } out.push(`${i}${j}`); } } out", #"["00", "10", "11", "20", "21", "22"]"#),
        ("let a = [1, 2, 3]; for x in a { a.push(x); } a", "[1, 2, 3, 1, 2, 3]"),
        ("for x in 0..3 { x }", "()"),
        (
            #"let a = [123, 999, 42, 0, true, "hello", "world!", 987.654]; for (item, count) in a { switch item.type_of() { "i64" | "i32" if item.is_even => break count, "f64" | "f32" if item.to_int().is_even => break count, } }"#,
            "2"
        ),
        ("let r = for x in 0..10 { if x == 4 { break x * 10; } }; r", "40"),
    ]

    @Test(arguments: forLoops)
    func forLoop(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    /// Closures capture the loop variable itself, which is one shared variable (book: "Captured
    /// Variables are Truly Shared"): every closure sees the last values.
    @Test func closuresInLoopShareTheLoopVariable() {
        #expect(show("let a = []; for (x, i) in 100..110 { a += || i + x; } let sum = 0; for fp in a { sum += call(fp); } sum") == "1180")
        #expect(show("let funcs = []; for i in range(0, 10) { funcs.push(|| i); } funcs.map(|f| f.call())") == "[9, 9, 9, 9, 9, 9, 9, 9, 9, 9]")
        #expect(show("let funcs = []; for i in range(0, 3) { funcs.push(|| i); } funcs[0].type_of()") == #""Fn""#)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        // A literal that can never be iterated is a syntax error (`ensure_iterable`).
        ("for x in 42 { }", .parse),
        ("for x in true { }", .parse),
        ("let n = 42; for x in n { }", .forLoop),
        ("for x in range(0, 10, 0) { }", .arithmetic),
    ]

    @Test(arguments: errors)
    func loopError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    static let syntaxErrors: [String] = [
        "let x = 0; break;",
        "loop { let f = || { break; } }",
        "let x = 0; if x > 0 { continue; }",
        "fn f() { break; } loop { f(); }",
        "for x in { }",
        "for in [1] { }",
        "for (x) in [1] { }",
        "while { }",
        "do { } x",
        "loop",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) {
        #expect(errorKind(script) == .parse)
    }

    @Test func infiniteLoopsStopAtTheOperationLimit() {
        for script in ["loop {}", "while true {}", "do {} while true"] {
            let engine = quietEngine()
            engine.limits.maxOperations = 1024
            #expect(errorKind(script, on: engine) == .tooManyOperations, Comment(rawValue: script))
        }
    }
}
