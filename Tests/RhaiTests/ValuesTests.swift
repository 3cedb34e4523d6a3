import Testing
import Rhai

// Book chapters: Values and Types, Numbers, Variables, Constants, Comments, type_of.
@Suite struct ValuesTests {
    static let literals: [(String, String)] = [
        ("42", "42"),
        ("-42", "-42"),
        ("1_000_000", "1000000"),
        ("0xff", "255"),
        ("0Xf", "15"),
        ("0xffffffffffffffff", "-1"),
        ("0o77", "63"),
        ("0O77", "63"),
        ("0o1234", "668"),
        ("0b1111", "15"),
        ("0B1111", "15"),
        ("0b0011_1100_1010_0101", "15525"),
        ("0b11111111_11111111_11111111_11111111_11111111_11111111_11111111_11111111", "-1"),
        ("9223372036854775807", "9223372036854775807"),
        ("2.0", "2.0"),
        ("2.5", "2.5"),
        ("0.5", "0.5"),
        ("1.0e3", "1000.0"),
        ("123456e-3", "123.456"),
        ("1.23456e2", "123.456"),
        ("1.23456e+2", "123.456"),
        ("9.9999", "9.9999"),
        ("true", "true"),
        ("false", "false"),
        ("()", "()"),
        ("'y'", "'y'"),
        (#"'\''"#, #"'\''"#),
        (#"'"'"#, #"'"'"#),
        (#"'\u2764'"#, "'❤'"),
        (#""hello""#, #""hello""#),
        (#""""#, #""""#),
        ("[]", "[]"),
        ("[1, 2, 3,]", "[1, 2, 3]"),
        ("#{}", "#{}"),
        ("#{a: 1,}", #"#{"a": 1}"#),
    ]

    @Test(arguments: literals)
    func literal(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let typeNames: [(String, String)] = [
        ("type_of(42)", "i64"),
        ("42.type_of()", "i64"),
        ("type_of(4.2)", "f64"),
        ("type_of(true)", "bool"),
        ("type_of(())", "()"),
        ("type_of('x')", "char"),
        (#"type_of("x")"#, "string"),
        ("type_of([1])", "array"),
        ("type_of(#{a: 1})", "map"),
        (#"type_of(Fn("abc"))"#, "Fn"),
        ("type_of(|x| x)", "Fn"),
        ("type_of(1..3)", "range"),
        ("type_of(1..=3)", "range="),
        ("type_of(timestamp())", "timestamp"),
        ("type_of(blob())", "blob"),
        ("let x = 1; x = \"now a string\"; type_of(x)", "string"),
        ("type_of(1 + 2.0)", "f64"),
        ("type_of(\"a\" + 1)", "string"),
        ("type_of('a' + 'b')", "string"),
    ]

    @Test(arguments: typeNames)
    func typeOf(script: String, expected: String) {
        #expect(render(script) == expected)
    }

    static let variables: [(String, String)] = [
        ("let x = 42; x", "42"),
        ("let x; x", "()"),
        ("let x = 41; x = x + 1; x", "42"),
        ("let x = 3; let x = 42; let x = 123; x", "123"),
        ("let x = 1; let x = x + 1; x", "2"),
        ("let x = 1; { let x = 2; } x", "1"),
        ("let x = 1; { x = 2; } x", "2"),
        ("let x = 1; { let x = x + 10; x }", "11"),
        ("let x = 4 + 5; x", "9"),
        ("let _x = 1; _x", "1"),
        ("let x = 42;", "()"),
        ("let a = 1; let b = a; b = 2; a", "1"),
        ("const x = 123; x", "123"),
        ("const x = 3; let x = 42; x", "42"),
        ("is_def_var(\"x\")", "false"),
        ("let x = 42; is_def_var(\"x\")", "true"),
        ("let x = 42; is_def_var(\"y\")", "false"),
        ("const x = 42; is_def_var(\"x\")", "true"),
        ("{ let x = 1; } is_def_var(\"x\")", "false"),
    ]

    @Test(arguments: variables)
    func variable(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let comments: [(String, String)] = [
        ("1 + // comment\n 2", "3"),
        ("1 /* block */ + 2", "3"),
        ("1 /* outer /* nested */ still comment */ + 2", "3"),
        ("/* leading */ 42", "42"),
        ("42 // trailing", "42"),
    ]

    @Test(arguments: comments)
    func comment(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let badLiterals: [String] = [
        "0xabcd.123",
        "0o77.123",
        "0b101.101",
        "123.456e1.23",
        "''",
        #"'\uhello'"#,
        "'ab'",
        #""unterminated"#,
        "0x",
        "let x = 1 let y = 2;",
        "let = 5;",
        "let 1x = 5;",
        "let x = (1 + 2;",
        "[1, 2",
        "#{a: 1",
        "#{a: 1, a: 2}",
        "1 +",
        "fn (x) { x }",
        "let fn = 1;",
    ]

    @Test(arguments: badLiterals)
    func syntaxError(script: String) {
        #expect(errorKind(script) == .parse)
    }

    static let constantErrors: [(String, RhaiError.Kind)] = [
        // A constant itself is rejected by the parser ("Syntax error: Cannot assign to constant x");
        // a part of it at run time ("Cannot modify constant x").
        ("const x = 123; x = 42;", .parse),
        ("const x = [1, 2, 3, 4, 5]; x[2] = 42;", .assignmentToConstant),
        // The reference engine panics here (its optimizer folds `m.a` to `1`); ours reports the constant.
        ("const m = #{a: 1}; m.a = 2;", .assignmentToConstant),
        ("const x = 1; x += 1;", .parse),
        ("y", .variableNotFound),
        ("y + 1", .variableNotFound),
        ("y = 5", .variableNotFound),
        ("{ let x = 1; } x", .variableNotFound),
    ]

    @Test(arguments: constantErrors)
    func variableErrors(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func constantAssignmentIsRejectedAtCompileTime() {
        #expect(throws: RhaiError.self) { try Engine().compile("const x = 123; x = 42;") }
    }

    @Test func hostConstantCannotBeAssigned() {
        let scope = Scope()
        scope.pushConstant("x", .int(42))
        #expect(errorKind("x = 1", on: quietEngine(), scope: scope) == .assignmentToConstant)
    }
}
