import Testing
import Rhai

/// The grammar as the Rust engine's parser (`src/parser.rs`, v1.25.0) accepts it, and its syntax
/// errors: the same wording and the same positions. Every expected transcript is what the
/// reference `rhai-run` printed for the script.
@Suite struct ParserTests {
    static let scripts: [(String, String)] = [
        // Statements end with `;` unless they end with a block; `do … while` needs one
        ("if true { print(1) } else { print(2) } print(3);", "1\n3"),
        ("do { print(1); } while false print(2);", "error 1:30: Syntax error: Expecting ';' to terminate this statement"),
        ("let x = 1 2;", "error 1:11: Syntax error: Expecting ';' to terminate this statement"),
        ("print(1)\nprint(2)", "error 2:1: Syntax error: Expecting ';' to terminate this statement"),
        ("{ 1 } + 2;", ""),
        ("let x = {1;}; print(x);", "1"),
        // `try` is a statement, not an expression
        ("let r = try { 1 } catch { 2 };", "error 1:9: Syntax error: Unexpected 'try'"),
        ("print(try { 1 } catch { 2 });", "error 1:7: Syntax error: Unexpected 'try'"),
        ("try { } print(1);", "error 1:9: Syntax error: Expecting 'catch' for the 'try' statement"),
        ("try { throw 5; } catch (e x) {}", "error 1:27: Syntax error: Expecting ')' to enclose the catch variable"),
        // Loops and their parse-time checks
        ("for (x, x) in [1] {}", "error 1:9: Syntax error: Duplicated variable name: x"),
        ("for x of [1] {}", "error 1:7: Syntax error: Expecting 'in' after the iteration variable"),
        ("for (x y) in [1] {}", "error 1:8: Syntax error: Expecting ',' after the iteration variable name"),
        ("for x in 42 {}", "error 1:10: Syntax error: Expecting an iterable value, not a number"),
        ("for x in #{a: 1} {}", "error 1:10: Syntax error: Expecting an iterable value, not an object map"),
        ("for x in { [1] } {}", "error 1:10: Syntax error: Expecting a boolean expression"),
        ("let r = for x in 1..3 { break x * 10; }; print(r);", "10"),
        ("break;", "error 1:1: Syntax error: Break statement should only be used inside a loop"),
        ("loop { let f = || { break; }; }", "error 1:21: Syntax error: Break statement should only be used inside a loop"),
        ("do { print(1); } print(2);", "error 1:18: Syntax error: Expecting 'while' for the do statement"),
        // Conditions: literals that can never be booleans, blocks, `=` for `==`
        ("if 1 { print(1) }", "error 1:4: Syntax error: Expecting a boolean expression, not a number"),
        ("while \"x\" {}", "error 1:7: Syntax error: Expecting a boolean expression, not a string"),
        ("if { true } {}", "error 1:4: Syntax error: Expecting a boolean expression"),
        ("let a = 1; if a = 1 {}", "error 1:17: Syntax error: Possibly a typo of '=='?"),
        ("print(1 || true);", "error 1:7: Syntax error: Expecting a boolean expression, not a number"),
        ("print(true && (false || 123));", "error 1:25: Syntax error: Expecting a boolean expression, not a number"),
        ("print(`a${1}` && true);", "error 1:7: Syntax error: Expecting a boolean expression, not a string"),
        // Assignment targets
        ("1 = 2;", "error 1:1: Syntax error: Cannot assign to a constant value"),
        ("[1] = 2;", "error 1:1: Syntax error: Cannot assign to a constant value"),
        ("let a = 1; a + 1 = 2;", "error 1:14: Syntax error: Expression cannot be assigned to"),
        ("let a = true; a && a = 2;", "error 1:22: Syntax error: Possibly a typo of '=='?"),
        ("let a = (); a ?? a = 2;", "error 1:20: Syntax error: Possibly a typo of '=='?"),
        ("let a = #{b: [1, 2]}; a.b.len()[0] = 5;", "error 1:27: Syntax error: Expression cannot be assigned to"),
        ("let a = #{b: 1}; a.b() = 3;", "error 1:20: Syntax error: Expression cannot be assigned to"),
        ("let x = 1; foo(x) = 42;", "error 1:12: Syntax error: Expression cannot be assigned to"),
        ("const x = 1; x = 2;", "error 1:14: Syntax error: Cannot assign to constant x"),
        ("const x = 1; x += 2;", "error 1:14: Syntax error: Cannot assign to constant x"),
        ("this = 1;", "error 1:1: Syntax error: 'this' can only be used in functions"),
        ("let x = #{a: 1}; (x.a) = 3; print(x);", "#{\"a\": 3}"),
        // Expressions in parentheses, blocks, reserved words in expressions
        ("print(( ));", "error 1:9: Syntax error: Unexpected ')'"),
        ("print(());", ""),
        ("print(let);", "error 1:7: Syntax error: Unexpected 'let'"),
        ("print(else);", "error 1:7: Syntax error: Unexpected 'else'"),
        ("let x = _;", "error 1:9: Syntax error: Unexpected '_'"),
        ("print(this);", "error 1:7: Syntax error: 'this' can only be used in functions"),
        // Index literals are checked against the literal being indexed
        ("print([1, 2, 3][1.0]);", "error 1:17: Syntax error: Array, string or bit-field expects integer index, not a float"),
        ("print(#{a: 1}[1]);", "error 1:15: Syntax error: Object map expects string index, not a number"),
        ("print(5[\"a\"]);", "error 1:9: Syntax error: Array, string or bit-field expects numeric index, not a string"),
        ("print([1][true || false]);", "error 1:11: Syntax error: Array, string or bit-field expects integer index, not a boolean"),
        ("print(\"abc\"[()]);", "error 1:13: Syntax error: Array, string or bit-field expects integer index, not ()"),
        ("print([[1]][0][\"a\"]);", "error 1:16: Data type incorrect: string (expecting i64)"),
        // Properties and method calls
        ("let x = 1; print(x.type_of());", "i64"),
        ("let x = 1; print(x.type_of);", "error 1:20: Syntax error: 'type_of' is a reserved keyword"),
        ("let x = 1; print(x.print());", "error 1:20: Syntax error: 'print' is a reserved keyword"),
        ("let x = #{a: 1}; print(x.a::b);", "error 1:27: Syntax error: Invalid symbol encountered: '::'"),
        ("let x = 1; print(x.1);", "error 1:20: Syntax error: Expecting name of a property"),
        // Object map literals
        ("let a = #{let: 1};", "error 1:11: Syntax error: Expecting '}' to end this object map literal"),
        ("let a = #{x: 1, let: 1};", "error 1:17: Syntax error: Expecting name of a property"),
        ("let a = #{print: 1};", "error 1:11: Syntax error: 'print' is a reserved keyword"),
        ("let a = #{\"x\": 1, x: 2};", "error 1:19: Syntax error: Duplicated property for object map literal: x"),
        ("let a = #{a 1};", "error 1:13: Syntax error: Expecting ':' to follow the property 'a' in this object map literal"),
        ("let a = #{a: 1 b: 2};", "error 1:16: Syntax error: Expecting ',' to separate the items of this object map literal"),
        ("let a = #{`x`: 1};", ""),
        // Array literals
        ("let a = [1 2];", "error 1:12: Syntax error: Expecting ',' to separate the items of this array literal"),
        ("let a = [1,", "error 1:12: Syntax error: Expecting ']' to end this array literal"),
        // Function definitions
        ("fn f(a, a) {}", "error 1:9: Syntax error: Duplicated parameter a for function f"),
        ("fn f(a b) {}", "error 1:8: Syntax error: Expecting ',' to separate the parameters of function 'f'"),
        ("fn f(let) {}", "error 1:6: Syntax error: Expecting name of a variable"),
        ("fn f(print) {}", "error 1:6: Syntax error: 'print' is a reserved keyword"),
        ("fn f(1) {}", "error 1:6: Syntax error: Expecting ')' to close the parameters list of function 'f'"),
        ("fn print() {}", "error 1:4: Syntax error: 'print' is a reserved keyword"),
        ("fn f() {} fn f() {}", "error 1:11: Syntax error: Function f with no parameters already exists"),
        ("private let x = 1;", "error 1:9: Syntax error: Expecting 'fn' following 'private'"),
        ("{ fn f() {} }", "error 1:3: Syntax error: Function definitions must be at global level and cannot be inside a block or another function"),
        ("fn \"foo\" () {}", "error 1:10: Syntax error: Expecting '.' after the type name for 'this'"),
        // Closures
        ("let f = |a, a| a;", "error 1:13: Syntax error: Duplicated parameter a for function "),
        ("let f = |a b| a;", "error 1:12: Syntax error: Expecting ',' to separate the parameters of anonymous function"),
        ("let f = |1| a;", "error 1:10: Syntax error: Expecting '|' to close the parameters list of anonymous function or closure"),
        ("let f = |if| a;", "error 1:10: Syntax error: Expecting name of a variable"),
        // Switch
        ("switch 3 { (1 | 2) => print(1), _ => print(2) }", "error 1:15: Syntax error: Expecting literal expression"),
        ("switch 3 { 1 + 2 => print(1), _ => print(2) }", "error 1:14: Syntax error: Expecting a literal expression"),
        ("switch 3 { x => print(1), _ => print(2) }", "error 1:12: Syntax error: Expecting a literal expression"),
        ("switch 3 { 5..1 => print(1), 3 => print(2) }", "2"),
        ("switch 3 { 1..5 => print(1), 3 => print(2) }", "error 1:30: Syntax error: Numeric switch case cannot follow a range case"),
        ("switch 3 { _ => 1, 2 => 3 }", "error 1:12: Syntax error: Default switch case must be the last"),
        ("switch 3 { _ if true => 1 }", "error 1:14: Syntax error: This switch case cannot have a condition"),
        ("switch 3 { 1 => 2 3 => 4 }", "error 1:19: Syntax error: Expecting ',' to separate the items in this switch block"),
        ("switch 3 { 1 => 2", "error 1:18: Syntax error: Expecting ')' to end this switch block"),
        ("switch 3 { 1 if 5 => 2 }", "error 1:17: Syntax error: Expecting a boolean expression, not a number"),
        ("switch 3 { 1 if { true } => 2 }", "error 1:17: Syntax error: Expecting a boolean expression"),
        ("switch 1 { 1 => let x = 5, _ => () } print(1);", "1"),
        ("switch 7 { ..5 => print(\"low\"), 5.. => print(\"high\") }", "high"),
        ("switch 1 { `a${1}` => 1 }", "error 1:12: Syntax error: Expecting a literal expression"),
        // Modules
        ("let x = 1; export x, y;", "error 1:20: Syntax error: Expecting ';' to terminate this statement"),
        ("{ export x; }", "error 1:3: Syntax error: Export statement can only appear at global level"),
        ("export x;", "error 1:8: Variable not found: x"),
        ("print(m::f!());", "error 1:11: Syntax error: Unexpected '!'"),
        // Deep nesting
        ("print(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));", "error 1:37: Syntax error: Expression exceeds maximum complexity"),
        ("fn f() { ((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))) }", "error 1:24: Syntax error: Expression exceeds maximum complexity"),
    ]

    @Test(arguments: scripts)
    func parses(script: String, expected: String) {
        #expect(transcript(script) == expected)
    }

    /// `circles-rhai check` reports every syntax error, resuming after the statement that failed.
    @Test func syntaxErrorsAreAllReported() {
        let script = """
        let x = ;
        let y = 1;
        fn f( { }
        print(1 +);
        if y { let = 1; }
        print(y);
        """
        let errors = Engine().syntaxErrors(in: script).map { "\($0.position.line):\($0.position.column) \($0.message)" }
        #expect(errors == [
            "1:9 Unexpected ';'",
            "3:7 Expecting ')' to close the parameters list of function 'f'",
            "4:10 Unexpected ')'",
            "5:12 Expecting name of a variable",
        ])
    }

    @Test func validScriptHasNoSyntaxErrors() {
        #expect(Engine().syntaxErrors(in: "let x = `a${1}`; fn f() { x } print(f!());").isEmpty)
    }
}
