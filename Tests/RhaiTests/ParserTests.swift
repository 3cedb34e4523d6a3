import Testing
import Rhai

/// The grammar as the Rust engine's parser (`src/parser.rs`, v1.25.0) accepts it, and its syntax
/// errors: the same wording and the same positions. Every expected transcript is what the
/// reference `rhai-run` printed for the script.
@Suite struct ParserTests {
    static let scripts: [(String, String)] = [
        // Statements end with `;` unless they end with a block; `do … while` needs one
        ("if true { print(1) } else { print(2) } print(3);", "1 | 3"),
        ("do { print(1); } while false print(2);", "!! Syntax error: Expecting ';' to terminate this statement @1:30"),
        ("let x = 1 2;", "!! Syntax error: Expecting ';' to terminate this statement @1:11"),
        ("print(1)\nprint(2)", "!! Syntax error: Expecting ';' to terminate this statement @2:1"),
        ("{ 1 } + 2;", ""),
        ("let x = {1;}; print(x);", "1"),
        // `try` is a statement, not an expression
        ("let r = try { 1 } catch { 2 };", "!! Syntax error: Unexpected 'try' @1:9"),
        ("print(try { 1 } catch { 2 });", "!! Syntax error: Unexpected 'try' @1:7"),
        ("try { } print(1);", "!! Syntax error: Expecting 'catch' for the 'try' statement @1:9"),
        ("try { throw 5; } catch (e x) {}", "!! Syntax error: Expecting ')' to enclose the catch variable @1:27"),
        // Loops and their parse-time checks
        ("for (x, x) in [1] {}", "!! Syntax error: Duplicated variable name: x @1:9"),
        ("for x of [1] {}", "!! Syntax error: Expecting 'in' after the iteration variable @1:7"),
        ("for (x y) in [1] {}", "!! Syntax error: Expecting ',' after the iteration variable name @1:8"),
        ("for x in 42 {}", "!! Syntax error: Expecting an iterable value, not a number @1:10"),
        ("for x in #{a: 1} {}", "!! Syntax error: Expecting an iterable value, not an object map @1:10"),
        ("for x in { [1] } {}", "!! Syntax error: Expecting a boolean expression @1:10"),
        ("let r = for x in 1..3 { break x * 10; }; print(r);", "10"),
        ("break;", "!! Syntax error: Break statement should only be used inside a loop @1:1"),
        ("loop { let f = || { break; }; }", "!! Syntax error: Break statement should only be used inside a loop @1:21"),
        ("do { print(1); } print(2);", "!! Syntax error: Expecting 'while' for the do statement @1:18"),
        // Conditions: literals that can never be booleans, blocks, `=` for `==`
        ("if 1 { print(1) }", "!! Syntax error: Expecting a boolean expression, not a number @1:4"),
        ("while \"x\" {}", "!! Syntax error: Expecting a boolean expression, not a string @1:7"),
        ("if { true } {}", "!! Syntax error: Expecting a boolean expression @1:4"),
        ("let a = 1; if a = 1 {}", "!! Syntax error: Possibly a typo of '=='? @1:17"),
        ("print(1 || true);", "!! Syntax error: Expecting a boolean expression, not a number @1:7"),
        ("print(true && (false || 123));", "!! Syntax error: Expecting a boolean expression, not a number @1:25"),
        ("print(`a${1}` && true);", "!! Syntax error: Expecting a boolean expression, not a string @1:7"),
        // Assignment targets
        ("1 = 2;", "!! Syntax error: Cannot assign to a constant value @1:1"),
        ("[1] = 2;", "!! Syntax error: Cannot assign to a constant value @1:1"),
        ("let a = 1; a + 1 = 2;", "!! Syntax error: Expression cannot be assigned to @1:14"),
        ("let a = true; a && a = 2;", "!! Syntax error: Possibly a typo of '=='? @1:22"),
        ("let a = (); a ?? a = 2;", "!! Syntax error: Possibly a typo of '=='? @1:20"),
        ("let a = #{b: [1, 2]}; a.b.len()[0] = 5;", "!! Syntax error: Expression cannot be assigned to @1:27"),
        ("let a = #{b: 1}; a.b() = 3;", "!! Syntax error: Expression cannot be assigned to @1:20"),
        ("let x = 1; foo(x) = 42;", "!! Syntax error: Expression cannot be assigned to @1:12"),
        ("const x = 1; x = 2;", "!! Syntax error: Cannot assign to constant x @1:14"),
        ("const x = 1; x += 2;", "!! Syntax error: Cannot assign to constant x @1:14"),
        ("this = 1;", "!! Syntax error: 'this' can only be used in functions @1:1"),
        ("let x = #{a: 1}; (x.a) = 3; print(x);", #"#{"a": 3}"#),
        // Expressions in parentheses, blocks, reserved words in expressions
        ("print(( ));", "!! Syntax error: Unexpected ')' @1:9"),
        ("print(());", ""),
        ("print(let);", "!! Syntax error: Unexpected 'let' @1:7"),
        ("print(else);", "!! Syntax error: Unexpected 'else' @1:7"),
        ("let x = _;", "!! Syntax error: Unexpected '_' @1:9"),
        ("print(this);", "!! Syntax error: 'this' can only be used in functions @1:7"),
        // Index literals are checked against the literal being indexed
        ("print([1, 2, 3][1.0]);", "!! Syntax error: Array, string or bit-field expects integer index, not a float @1:17"),
        ("print(#{a: 1}[1]);", "!! Syntax error: Object map expects string index, not a number @1:15"),
        ("print(5[\"a\"]);", "!! Syntax error: Array, string or bit-field expects numeric index, not a string @1:9"),
        ("print([1][true || false]);", "!! Syntax error: Array, string or bit-field expects integer index, not a boolean @1:11"),
        ("print(\"abc\"[()]);", "!! Syntax error: Array, string or bit-field expects integer index, not () @1:13"),
        ("print([[1]][0][\"a\"]);", "!! Data type incorrect: string (expecting i64) @1:16"),
        // Properties and method calls
        ("let x = 1; print(x.type_of());", "i64"),
        ("let x = 1; print(x.type_of);", "!! Syntax error: 'type_of' is a reserved keyword @1:20"),
        ("let x = 1; print(x.print());", "!! Syntax error: 'print' is a reserved keyword @1:20"),
        ("let x = #{a: 1}; print(x.a::b);", "!! Syntax error: Invalid symbol encountered: '::' @1:27"),
        ("let x = 1; print(x.1);", "!! Syntax error: Expecting name of a property @1:20"),
        // Object map literals
        ("let a = #{let: 1};", "!! Syntax error: Expecting '}' to end this object map literal @1:11"),
        ("let a = #{x: 1, let: 1};", "!! Syntax error: Expecting name of a property @1:17"),
        ("let a = #{print: 1};", "!! Syntax error: 'print' is a reserved keyword @1:11"),
        ("let a = #{\"x\": 1, x: 2};", "!! Syntax error: Duplicated property for object map literal: x @1:19"),
        ("let a = #{a 1};", "!! Syntax error: Expecting ':' to follow the property 'a' in this object map literal @1:13"),
        ("let a = #{a: 1 b: 2};", "!! Syntax error: Expecting ',' to separate the items of this object map literal @1:16"),
        ("let a = #{`x`: 1};", ""),
        // Array literals
        ("let a = [1 2];", "!! Syntax error: Expecting ',' to separate the items of this array literal @1:12"),
        ("let a = [1,", "!! Syntax error: Expecting ']' to end this array literal @1:12"),
        // Function definitions
        ("fn f(a, a) {}", "!! Syntax error: Duplicated parameter a for function f @1:9"),
        ("fn f(a b) {}", "!! Syntax error: Expecting ',' to separate the parameters of function 'f' @1:8"),
        ("fn f(let) {}", "!! Syntax error: Expecting name of a variable @1:6"),
        ("fn f(print) {}", "!! Syntax error: 'print' is a reserved keyword @1:6"),
        ("fn f(1) {}", "!! Syntax error: Expecting ')' to close the parameters list of function 'f' @1:6"),
        ("fn print() {}", "!! Syntax error: 'print' is a reserved keyword @1:4"),
        ("fn f() {} fn f() {}", "!! Syntax error: Function f with no parameters already exists @1:11"),
        ("private let x = 1;", "!! Syntax error: Expecting 'fn' following 'private' @1:9"),
        ("{ fn f() {} }", "!! Syntax error: Function definitions must be at global level and cannot be inside a block or another function @1:3"),
        ("fn \"foo\" () {}", "!! Syntax error: Expecting '.' after the type name for 'this' @1:10"),
        // Closures
        ("let f = |a, a| a;", "!! Syntax error: Duplicated parameter a for function  @1:13"),
        ("let f = |a b| a;", "!! Syntax error: Expecting ',' to separate the parameters of anonymous function @1:12"),
        ("let f = |1| a;", "!! Syntax error: Expecting '|' to close the parameters list of anonymous function or closure @1:10"),
        ("let f = |if| a;", "!! Syntax error: Expecting name of a variable @1:10"),
        // Switch
        ("switch 3 { (1 | 2) => print(1), _ => print(2) }", "!! Syntax error: Expecting literal expression @1:15"),
        ("switch 3 { 1 + 2 => print(1), _ => print(2) }", "!! Syntax error: Expecting a literal expression @1:14"),
        ("switch 3 { x => print(1), _ => print(2) }", "!! Syntax error: Expecting a literal expression @1:12"),
        ("switch 3 { 5..1 => print(1), 3 => print(2) }", "2"),
        ("switch 3 { 1..5 => print(1), 3 => print(2) }", "!! Syntax error: Numeric switch case cannot follow a range case @1:30"),
        ("switch 3 { _ => 1, 2 => 3 }", "!! Syntax error: Default switch case must be the last @1:12"),
        ("switch 3 { _ if true => 1 }", "!! Syntax error: This switch case cannot have a condition @1:14"),
        ("switch 3 { 1 => 2 3 => 4 }", "!! Syntax error: Expecting ',' to separate the items in this switch block @1:19"),
        ("switch 3 { 1 => 2", "!! Syntax error: Expecting ')' to end this switch block @1:18"),
        ("switch 3 { 1 if 5 => 2 }", "!! Syntax error: Expecting a boolean expression, not a number @1:17"),
        ("switch 3 { 1 if { true } => 2 }", "!! Syntax error: Expecting a boolean expression @1:17"),
        ("switch 1 { 1 => let x = 5, _ => () } print(1);", "1"),
        ("switch 7 { ..5 => print(\"low\"), 5.. => print(\"high\") }", "high"),
        ("switch 1 { `a${1}` => 1 }", "!! Syntax error: Expecting a literal expression @1:12"),
        // Modules
        ("let x = 1; export x, y;", "!! Syntax error: Expecting ';' to terminate this statement @1:20"),
        ("{ export x; }", "!! Syntax error: Export statement can only appear at global level @1:3"),
        ("export x;", "!! Variable not found: x @1:8"),
        ("print(m::f!());", "!! Syntax error: Unexpected '!' @1:11"),
        // Deep nesting
        ("print(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));", "!! Syntax error: Expression exceeds maximum complexity @1:37"),
        ("fn f() { ((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))) }", "!! Syntax error: Expression exceeds maximum complexity @1:24"),
    ]

    @Test(arguments: scripts)
    func parses(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
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
