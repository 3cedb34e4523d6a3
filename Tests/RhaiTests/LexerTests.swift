import Testing
import Rhai

/// How scripts are read into tokens, as the Rust engine's tokenizer (`src/tokenizer.rs`, v1.25.0)
/// reads them: number literals, strings and characters with their escapes, comments,
/// identifiers, reserved words and symbols, and the lexical errors with their positions.
/// Every expected transcript is what the reference `rhai-run` printed for the script.
@Suite struct LexerTests {
    static let scripts: [(String, String)] = [
        // Number literals: separators, radix prefixes, floats (tokenizer.rs number scanning)
        ("print(1_000); print(0x_ff_ff); print(0b_1010); print(0o_777); print(0XFF); print(0B11); print(0O17);", "1000\n65535\n10\n511\n255\n3\n15"),
        ("print(1_000.000_1); print(1.0e-3); print(1e3); print(1E3); print(1e+3); print(123.456e-10);", "1000.0001\n0.001\n1000.0\n1000.0\n1000.0\n0.0000000123456"),
        // `1.` before a symbol is the float 1.0; before a letter it is the integer 1 and a property
        ("print(1.); print(1.+2); print([1.]);", "1.0\n3.0\n[1.0]"),
        ("print(1.e5);", "error 1:9: Unknown property 'e5' - a getter is not registered for type 'i64'"),
        ("print(1._5);", "error 1:9: Syntax error: Expecting name of a property"),
        ("print(1.5.abs()); print(1..5); print(1.5..2);", "1.5\n1..5\nerror 1:41: Function not found: .. (f64, i64)"),
        ("print(1e3.5);", "error 1:11: Syntax error: Expecting name of a property"),
        ("print(1e);", "error 1:8: Syntax error: Expecting ',' to separate the arguments to function call 'print'"),
        ("print(1abc);", "error 1:8: Syntax error: Expecting ',' to separate the arguments to function call 'print'"),
        // Hexadecimal literals are 64-bit patterns; too many digits, bad digits, no digits
        ("print(0xffffffffffffffff); print(0x8000_0000_0000_0000);", "-1\n-9223372036854775808"),
        ("print(0x1_0000_0000_0000_0000);", "error 1:7: Syntax error: Invalid number: '10000000000000000'"),
        ("print(0b102);", "error 1:11: Syntax error: Expecting ',' to separate the arguments to function call 'print'"),
        ("print(0o78);", "error 1:10: Syntax error: Expecting ',' to separate the arguments to function call 'print'"),
        ("print(0x);", "error 1:7: Syntax error: Invalid number: ''"),
        // Too large for an integer: a float; a negative literal is one token after an operator
        ("print(99999999999999999999); print(9223372036854775808); print(-9223372036854775808); print(- 9223372036854775808); print(1.5e400);", "1e20\n9.223372036854776e18\n-9223372036854775808\n-9.223372036854776e18\ninf"),
        // `-0x10` right after `(` is one token "-0x10", which Rhai v1.25.0 fails to read (a v1.25.0 bug)
        ("print(-0x10);", "error 1:7: Syntax error: Invalid number: 'x10'"),
        ("let x = 5; print(x-0x10); print(x -3); print(2 - -3);", "-11\n2\n5"),
        ("print(2--3);", "error 1:8: Syntax error: Unknown operator: '--'"),
        ("print(-7.to_string()); print(-7.abs()); print(- 7.abs());", "-7\n7\n-7"),
        ("print(--5);", "error 1:7: Syntax error: '--' is a reserved symbol"),
        // Strings: escapes, doubled quotes, line continuation, raw line breaks
        ("print(\"a\\tb\"); print(\"\\x41\\u0042\\U00000043\"); print(\"\\\\\"); print(\"\\\"\");", "a\tb\nABC\n\\\n\""),
        ("print(\"say \"\"hi\"\"\");", "say \"hi\""),
        ("print(`a``b`);", "a`b"),
        ("print(\"\\u{41}\");", "error 1:10: Syntax error: Invalid escape sequence: '\\u{'"),
        ("print(\"\\x4G\");", "error 1:11: Syntax error: Invalid escape sequence: '\\x4G'"),
        ("print(\"a\\0b\");", "error 1:10: Syntax error: Invalid escape sequence: '\\0'"),
        ("print(\"a\\'b\");", "error 1:10: Syntax error: Invalid escape sequence: '\\''"),
        ("print(\"\\q\");", "error 1:9: Syntax error: Invalid escape sequence: '\\q'"),
        ("print(\"abc\ndef\");", "error 1:7: Syntax error: Open string is not terminated"),
        ("print(\"abc\\\ndef\");", "abcdef"),
        // The continued line loses its blanks up to the column of the opening quote only
        ("print(\"abc\\\n      def\");", "abcdef"),
        ("print(\"abc\\\n          def\");", "abc   def"),
        ("print(\"abc\\\nxyz  def\");", "abcxyz  def"),
        ("print(\"abc", "error 1:7: Syntax error: Open string is not terminated"),
        ("print(\"a\\rb\".len());", "3"),
        // Characters
        ("print('\\''); print('\"'); print('\\x41'); print('😀');", "'\n\"\nA\n😀"),
        ("print('ab');", "error 1:7: Syntax error: Invalid character: 'ab'"),
        ("print('');", "error 1:7: Syntax error: Invalid character: ''"),
        ("print('\\\"');", "error 1:9: Syntax error: Invalid escape sequence: '\\\"'"),
        // Back-tick strings: interpolation, verbatim backslashes, `\${`
        ("print(`a${1}b${2}c`); print(`${1}`); print(`a${1;2}b`); print(`a${let x = 5; x}b`); print(`a${`b${`c`}`}`);", "a1b2c\n1\na2b\na5b\nabc"),
        ("print(`a\\${b}`); print(`a$`); print(`a$b`); print(`a\\nb`); print(`a${\"}\"}b`);", "a${b}\na$\na$b\na\\nb\na}b"),
        ("print(`\na`);", "a"),
        ("print(`a${}`);", "a"),
        ("print(`abc ${1 + } def`);", "error 1:18: Syntax error: Unexpected '}'"),
        ("print(`abc ${1} def", "error 1:16: Syntax error: Open string is not terminated"),
        ("print(`abc ${1 +", "error 1:17: Syntax error: Script is incomplete"),
        // Raw strings
        ("print(#\"a\\nb\"#); print(##\"a\"#b\"##); print(#\"\"#); print(#\"a\"b\"#);", "a\\nb\na\"#b\n\na\"b"),
        ("print(##x);", "error 1:7: Syntax error: Unexpected 'x'"),
        ("print(#\"abc", "error 1:7: Syntax error: Open string is not terminated"),
        // Comments: nested blocks; an unterminated block comment ends the script quietly
        ("/* nested /* inner */ still */ print(1); // trailing\nprint(1 /* mid */ + 2);", "1\n3"),
        ("print(1);\n/* unterminated /* nested */\nprint(2);", "1"),
        // Identifiers: ASCII only; a letter must come before any digit
        ("let _x = 1; let x_ = 2; let X1_y = 3; print(_x + x_ + X1_y);", "6"),
        ("let _1 = 2;", "error 1:5: Syntax error: Variable name is not proper: '_1'"),
        ("let __ = 2;", "error 1:5: Syntax error: Variable name is not proper: '__'"),
        ("let é = 1;", "error 1:5: Syntax error: Unexpected 'é'"),
        ("fn é() { 1 }", "error 1:4: Syntax error: Expecting function name in function declaration"),
        ("fn _1() { 2 }", "error 1:4: Syntax error: Expecting function name in function declaration"),
        // Reserved words and symbols, and the symbols explained as typos from other languages
        ("let var = 1;", "error 1:5: Syntax error: 'var' is a reserved keyword"),
        ("let print = 1;", "error 1:5: Syntax error: 'print' is a reserved keyword"),
        ("let this = 1;", "error 1:5: Syntax error: 'this' is a reserved keyword"),
        ("let exit = 5; let global = 6; print(exit + global);", "11"),
        ("print(1 === 1);", "error 1:9: Syntax error: '===' is not a valid operator. This is not JavaScript! Should it be '=='?"),
        ("print(1 !== 1);", "error 1:9: Syntax error: '!==' is not a valid operator. This is not JavaScript! Should it be '!='?"),
        ("let x -> 5;", "error 1:7: Syntax error: '->' is not a valid symbol. This is not C or C++!"),
        ("let x <- 5;", "error 1:7: Syntax error: '<-' is not a valid symbol. This is not Go! Should it be '<='?"),
        ("let x := 5;", "error 1:7: Syntax error: ':=' is not a valid assignment operator. This is not Go or Pascal! Should it be simply '='?"),
        ("print(1 :; 2);", "error 1:9: Syntax error: ':;' is not a valid symbol. Should it be '::'?"),
        ("print(a::<b>);", "error 1:8: Syntax error: '::<>' is not a valid symbol. This is not Rust! Should it be '::'?"),
        ("(* comment *)", "error 1:1: Syntax error: '(* .. *)' is not a valid comment format. This is not Pascal! Should it be '/* .. */'?"),
        ("# {a:1}", "error 1:1: Syntax error: '#' is not a valid symbol. Should it be '#{'?"),
        ("print(1 @ 2);", "error 1:9: Syntax error: Unknown operator: '@'"),
        ("let x = 1; x++;", "error 1:13: Syntax error: Unknown operator: '++'"),
        ("print($x);", "error 1:7: Syntax error: '$' is a reserved symbol"),
        ("print(x?);", "error 1:8: Syntax error: Unknown operator: '?'"),
        ("print(1 ~ 2);", "error 1:9: Syntax error: Unknown operator: '~'"),
    ]

    @Test(arguments: scripts)
    func lexes(script: String, expected: String) {
        #expect(transcript(script) == expected)
    }
}
