import Testing
import Rhai

// Book chapters: Numeric Operators, Logic Operators, Assignment Operators, `in`, Ranges,
// Elvis/null-coalescing. Values ported from rhai/tests/{binary_ops,math,power_of,ops,bool_op}.rs.
@Suite struct OperatorsTests {
    static let integerArithmetic: [(String, String)] = [
        ("1 + 2", "3"),
        ("1 - 2", "-1"),
        ("2 * 3", "6"),
        ("1 / 2", "0"),
        ("3 % 2", "1"),
        ("60 + 5", "65"),
        ("(1 + 2) * (6 - 4) / 2", "3"),
        ("2 + (10 + 10) * 2", "42"),
        ("2 + 3 * 4", "14"),
        ("10 - 4 - 3", "3"),
        ("100 / 10 / 5", "2"),
        ("10 + 4", "14"),
        ("10 - 4", "6"),
        ("10 * 4", "40"),
        ("10 / 4", "2"),
        ("10 % 4", "2"),
        ("-7 / 2", "-3"),
        ("-7 % 2", "-1"),
        ("7 % -2", "1"),
        ("-(3)", "-3"),
        ("- -3", "3"),
        ("+5", "5"),
        ("let x = 5; -x", "-5"),
        ("10 ** 4", "10000"),
        ("2 ** 3", "8"),
        ("(-2 ** 3)", "-8"),
        ("2 ** 3 ** 2", "512"),
        ("4**3", "64"),
        ("2 ** 62", "4611686018427387904"),
        ("2 ** 0", "1"),
        ("abs(-9223372036854775807)", "9223372036854775807"),
        ("9223372036854775807 - 1 + 1", "9223372036854775807"),
        ("let x = -9223372036854775807 - 1; x", "-9223372036854775808"),
        ("let x = 1 + if 42 > 40 { 100 } else { 0 } / 42; x", "3"),
    ]

    @Test(arguments: integerArithmetic)
    func integers(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let floatArithmetic: [(String, String)] = [
        ("10.0 + 4.0", "14.0"),
        ("10.0 - 4.0", "6.0"),
        ("10.0 * 4.0", "40.0"),
        ("10.0 / 4.0", "2.5"),
        ("10.0 % 4.0", "2.0"),
        ("10.0 ** 4.0", "10000.0"),
        ("10.0 + 4", "14.0"),
        ("10.0 - 4", "6.0"),
        ("10.0 * 4", "40.0"),
        ("10.0 / 4", "2.5"),
        ("10.0 % 4", "2.0"),
        ("10.0 ** 4", "10000.0"),
        ("10 + 4.0", "14.0"),
        ("10 - 4.0", "6.0"),
        ("10 * 4.0", "40.0"),
        ("10 / 4.0", "2.5"),
        ("10 % 4.0", "2.0"),
        ("10 ** 4.0", "10000.0"),
        ("2.0**-2.0", "0.25"),
        ("(-2.0**-2.0)", "0.25"),
        ("(-2.0**-2)", "0.25"),
        ("0.1 + 0.2", "0.30000000000000004"),
        ("1.0 / 3.0", "0.3333333333333333"),
        ("-1.5", "-1.5"),
        ("let x = 0.0; let y = 1.0; x < y", "true"),
        ("let x = 0.; let y = 1.; x > y", "false"),
        ("123.456 == 1.23456e2", "true"),
        ("123.456 == 123456e-3", "true"),
        ("sin(PI()/6.0) > 0.4999 && sin(PI()/6.0) < 0.5001", "true"),
        ("sqrt(16.0)", "4.0"),
        ("floor(2.7)", "2.0"),
        ("ceiling(2.1)", "3.0"),
        ("round(2.5)", "3.0"),
        ("abs(-2.5)", "2.5"),
        ("to_int(3.9)", "3"),
        ("to_int(-3.9)", "-3"),
        ("to_float(3)", "3.0"),
        ("3.7.floor().to_int()", "3"),
    ]

    @Test(arguments: floatArithmetic)
    func floats(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let comparisons: [(String, String)] = [
        ("42 == 42", "true"),
        ("42 != 42", "false"),
        ("42 > 42", "false"),
        ("42 >= 42", "true"),
        ("42 < 42", "false"),
        ("42 <= 42", "true"),
        ("42 == 42.0", "true"),
        ("42 != 42.0", "false"),
        ("42 > 42.0", "false"),
        ("42 >= 42.0", "true"),
        ("42.0 == 42", "true"),
        ("42.0 < 42", "false"),
        ("42.0 <= 42", "true"),
        (#""a" == "x""#, "false"),
        (#""a" != "x""#, "true"),
        (#""a" > "x""#, "false"),
        (#""a" < "x""#, "true"),
        (#""a" <= "x""#, "true"),
        (#""hello" > "foo""#, "true"),
        (#""x" == 'x'"#, "true"),
        (#""x" >= 'x'"#, "true"),
        (#"'x' == "x""#, "true"),
        (#"'x' < "x""#, "false"),
        (#""hello" > 'c'"#, "true"),
        (#""" < 'c'"#, "true"),
        (#"'x' > "hello""#, "true"),
        ("true == 42", "false"),
        ("true != 42", "true"),
        ("true > 42", "false"),
        ("true >= 42", "false"),
        ("true < 42", "false"),
        ("true <= 42", "false"),
        (#""42" == 42"#, "false"),
        (#""42" != 42"#, "true"),
        (#""42" < 42"#, "false"),
        ("() == ()", "true"),
        ("[1, 2, 3] == [1, 2, 3]", "true"),
        ("[1, 2, 3] != [1, 2]", "true"),
        ("#{a: 1, b: 2} == #{b: 2, a: 1}", "true"),
        ("#{a: 1} == #{a: 2}", "false"),
        ("'a' < 'b'", "true"),
        ("true == true", "true"),
        ("1 < 2 == true", "true"),
    ]

    @Test(arguments: comparisons)
    func comparison(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let logic: [(String, String)] = [
        ("true && (false || true)", "true"),
        ("true & (false | true)", "true"),
        ("false && (false || true)", "false"),
        ("false & (false | true)", "false"),
        ("true && (true || { throw })", "true"),
        ("false && (true || { throw })", "false"),
        ("let x = true; x || { throw; }", "true"),
        ("let x = false; x && { throw; }", "false"),
        ("!true", "false"),
        ("!false", "true"),
        ("!!true", "true"),
        ("true ^ true", "false"),
        ("true ^ false", "true"),
        ("let x = 0; if x == 10 || true { x = 1 } x", "1"),
        ("1 < 2 && 2 < 3", "true"),
        ("1 > 2 || 3 > 2", "true"),
    ]

    @Test(arguments: logic)
    func logical(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let bitwise: [(String, String)] = [
        ("4 << 2", "16"),
        ("9 >> 1", "4"),
        ("10 << 4", "160"),
        ("10 >> 4", "0"),
        ("10 & 4", "0"),
        ("10 | 4", "14"),
        ("10 ^ 4", "14"),
        ("-16 >> 2", "-4"),
        ("let x = 10; x <<= -1; x", "5"),
        ("let x = 10; x >>= -2; x", "40"),
        ("let x = 10; x[0]", "false"),
        ("let x = 10; x[1]", "true"),
        ("let x = 10; x[-1]", "false"),
        ("let x = 10; x[0] = true; x[1] = false; x", "9"),
        ("let x = 10; get_bits(x, 1, 3)", "5"),
        ("let x = 10; x[1..=3]", "5"),
        ("let x = 10; set_bits(x, 1, 3, 7); x", "14"),
        ("let x = 10; x[1..4] = 7; x", "14"),
        ("let x = 255; get_bits(x, -60, 2)", "3"),
        ("let x = 0; set_bits(x, -64, 1, 15); x", "1"),
        ("let x = 0b001101101010001; let count = 0; for b in bits(x, 2, 10) { if b { count += 1; } } count", "5"),
        ("let x = 0b001101101010001; let count = 0; for b in bits(x, 2..=11) { if b { count += 1; } } count", "5"),
    ]

    @Test(arguments: bitwise)
    func bits(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let compoundAssignment: [(String, String)] = [
        ("let x = 10; x += 4; x", "14"),
        ("let x = 10; x -= 4; x", "6"),
        ("let x = 10; x *= 4; x", "40"),
        ("let x = 10; x /= 4; x", "2"),
        ("let x = 10; x %= 4; x", "2"),
        ("let x = 10; x **= 4; x", "10000"),
        ("let x = 10; x <<= 4; x", "160"),
        ("let x = 10; x >>= 4; x", "0"),
        ("let x = 10; x &= 4; x", "0"),
        ("let x = 10; x |= 4; x", "14"),
        ("let x = 10; x ^= 4; x", "14"),
        ("let x = 2; x **= 3; x", "8"),
        ("let x = -2; x **= 3; x", "-8"),
        ("let x = 10.0; x += 4.0; x", "14.0"),
        ("let x = 10.0; x /= 4.0; x", "2.5"),
        ("let x = 10.0; x += 4; x", "14.0"),
        ("let x = 10.0; x %= 4; x", "2.0"),
        ("let x = 10.0; x **= 4; x", "10000.0"),
        ("let x = 2.0; x **= -2.0; x", "0.25"),
        ("let x = 10; x += 0.5; x", "10.5"),
        (#"let s = "hello"; s += " world"; s"#, #""hello world""#),
        (#"let s = "hello"; s += '!'; s"#, #""hello!""#),
        (#"let s = "n="; s += 42; s"#, #""n=42""#),
        (#"let s = "hello"; s = s + 42; s"#, #""hello42""#),
        ("let a = [1]; a += 2; a", "[1, 2]"),
        ("let a = [1]; a += [2, 3]; a", "[1, 2, 3]"),
        ("let m = #{a: 1}; m += #{b: 2}; m", #"#{"a": 1, "b": 2}"#),
        ("let y = [1, 2, 3]; y[1] += 4; y", "[1, 6, 3]"),
        ("let m = #{a: 1}; m.a *= 10; m.a", "10"),
    ]

    @Test(arguments: compoundAssignment)
    func assignment(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    @Test func assignmentIsNotAnExpression() {
        #expect(errorKind("let x = 1; x += x += 1;") == .parse)
        #expect(errorKind("let x = 1; let y = (x = 2);") == .parse)
    }

    static let stringOperators: [(String, String)] = [
        (#""hello" + ", world""#, #""hello, world""#),
        (#""foo" + "bar""#, #""foobar""#),
        (#""hello" + '!'"#, #""hello!""#),
        (#""foo" + 123"#, #""foo123""#),
        (#""foo" + 123.4556"#, #""foo123.4556""#),
        (#""x" + 2.0"#, #""x2.0""#),
        (#""x" + true"#, #""xtrue""#),
        (#""x" + ()"#, #""x""#),
        (#"42 + "x""#, #""42x""#),
        (#""a" + [1, "b"]"#, #""a[1, \"b\"]""#),
        (#""hello" - "el""#, #""hlo""#),
        (#""hello" - 'l'"#, #""heo""#),
        ("'a' + 'b'", #""ab""#),
        (#"'a' + "bc""#, #""abc""#),
    ]

    @Test(arguments: stringOperators)
    func strings(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let membership: [(String, String)] = [
        ("let y = [1, 2, 3]; 2 in y", "true"),
        ("let y = [1, 2, 3]; 42 in y", "false"),
        ("let y = [1, 2, 3]; 42 !in y", "true"),
        (#"let y = "hello, world!"; "world" in y"#, "true"),
        (#"let y = "hello, world!"; 'w' in y"#, "true"),
        (#"let y = "hello, world!"; "hey" in y"#, "false"),
        (#"let y = #{a: 1, b: 2, c: 3}; "c" in y"#, "true"),
        (#"let y = #{a: 1, b: 2, c: 3}; "z" in y"#, "false"),
        ("5 in 1..10", "true"),
        ("10 in 1..10", "false"),
        ("10 in 1..=10", "true"),
        (#""b" in ["a", "b"]"#, "true"),
        ("[1, 2] in [[1, 2], [3]]", "true"),
    ]

    @Test(arguments: membership)
    func inOperator(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let elvis: [(String, String)] = [
        ("let x = 42; x ?? 123", "42"),
        ("let x = (); x ?? 123", "123"),
        ("() ?? () ?? 7", "7"),
        ("let x = (); x?.foo", "()"),
        ("let x = #{foo: 5}; x?.foo", "5"),
        ("let x = (); x?[2]", "()"),
        ("let x = [1, 2, 3]; x?[2]", "3"),
        ("let x = (); x?.foo ?? \"default\"", #""default""#),
        ("let m = #{a: #{b: ()}}; m.a.b?.c", "()"),
        ("let x = 0; () ?? { x = 1; 5 }; x", "1"),
        ("let x = 0; 3 ?? { x = 1; 5 }; x", "0"),
    ]

    @Test(arguments: elvis)
    func nullCoalescing(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let ranges: [(String, String)] = [
        ("let r = 1..5; r.start", "1"),
        ("let r = 1..5; r.end", "5"),
        ("let r = 1..=5; r.end", "5"),
        ("(1..5).contains(4)", "true"),
        ("(1..5).contains(5)", "false"),
        ("(1..=5).is_inclusive", "true"),
        ("(1..5).is_exclusive", "true"),
        ("(5..1).is_empty()", "true"),
    ]

    @Test(arguments: ranges)
    func range(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let arithmeticErrors: [String] = [
        "9223372036854775807 + 1",
        "let x = -9223372036854775807 - 1; x - 1",
        "9223372036854775807 * 9223372036854775807",
        "9223372036854775807 * 2",
        "9223372036854775807 / 0",
        "9223372036854775807 % 0",
        "1 / 0",
        "0 / 0",
        "5 % 0",
        "let x = 10; x /= 0;",
        "let x = 9223372036854775807; x += 1;",
        "let x = -9223372036854775807 - 1; -x",
        "let x = -9223372036854775807 - 1; abs(x)",
        "let x = -9223372036854775807 - 1; x / -1",
        "2 ** 63",
        "2 ** -1",
        "10 ** 100",
    ]

    @Test(arguments: arithmeticErrors)
    func arithmeticError(script: String) {
        #expect(errorKind(script) == .arithmetic, Comment(rawValue: render(script)))
    }

    static let typeErrors: [(String, RhaiError.Kind)] = [
        // Literal non-boolean operands are syntax errors (`ensure_bool_expr`).
        ("true && (false || 123)", .parse),
        ("123 && (false || true)", .parse),
        ("1 || true", .parse),
        ("let x = 1; x || true", .mismatchedType),
        ("let x = true; x | { throw; }", .runtime),
        ("let x = false; x & { throw; }", .runtime),
        (#""a" * 2"#, .functionNotFound),
        (#""abc" - 1"#, .functionNotFound),
        ("true + 1", .functionNotFound),
        ("[1] * 2", .functionNotFound),
        ("#{a: 1} - 1", .functionNotFound),
        ("!1", .functionNotFound),
        ("-\"a\"", .functionNotFound),
        ("1 & 1.0", .functionNotFound),
        ("1.5 << 1", .functionNotFound),
    ]

    @Test(arguments: typeErrors)
    func operatorTypeError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func functionNotFoundNamesOperandTypes() {
        #expect(rhaiError("true + 1")?.message == "Function not found: + (bool, i64)")
    }
}
