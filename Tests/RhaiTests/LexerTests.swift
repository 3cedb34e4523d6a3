import Testing
import Rhai

/// How scripts are read into tokens, as the Rust engine's tokenizer (`src/tokenizer.rs`, v1.25.0)
/// reads them: number literals, strings and characters with their escapes, comments,
/// identifiers, reserved words and symbols, and the lexical errors with their positions.
/// Every expected transcript is what the reference `rhai-run` printed for the script.
@Suite struct LexerTests {
    static let scripts: [(String, String)] = [
        // Number literals: separators, radix prefixes, floats (tokenizer.rs number scanning)
        ("print(1_000); print(0x_ff_ff); print(0b_1010); print(0o_777); print(0XFF); print(0B11); print(0O17);", "1000 | 65535 | 10 | 511 | 255 | 3 | 15"),
        ("print(1_000.000_1); print(1.0e-3); print(1e3); print(1E3); print(1e+3); print(123.456e-10);", "1000.0001 | 0.001 | 1000.0 | 1000.0 | 1000.0 | 0.0000000123456"),
        // `1.` before a symbol is the float 1.0; before a letter it is the integer 1 and a property
        ("print(1.); print(1.+2); print([1.]);", "1.0 | 3.0 | [1.0]"),
        ("print(1.e5);", "!! Unknown property 'e5' - a getter is not registered for type 'i64' @1:9"),
        ("print(1._5);", "!! Syntax error: Expecting name of a property @1:9"),
        ("print(1.5.abs()); print(1..5); print(1.5..2);", "1.5 | 1..5 | !! Function not found: .. (f64, i64) @1:41"),
        ("print(1e3.5);", "!! Syntax error: Expecting name of a property @1:11"),
        ("print(1e);", "!! Syntax error: Expecting ',' to separate the arguments to function call 'print' @1:8"),
        ("print(1abc);", "!! Syntax error: Expecting ',' to separate the arguments to function call 'print' @1:8"),
        // Hexadecimal literals are 64-bit patterns; too many digits, bad digits, no digits
        ("print(0xffffffffffffffff); print(0x8000_0000_0000_0000);", "-1 | -9223372036854775808"),
        ("print(0x1_0000_0000_0000_0000);", "!! Syntax error: Invalid number: '10000000000000000' @1:7"),
        ("print(0b102);", "!! Syntax error: Expecting ',' to separate the arguments to function call 'print' @1:11"),
        ("print(0o78);", "!! Syntax error: Expecting ',' to separate the arguments to function call 'print' @1:10"),
        ("print(0x);", "!! Syntax error: Invalid number: '' @1:7"),
        // Too large for an integer: a float; a negative literal is one token after an operator
        ("print(99999999999999999999); print(9223372036854775808); print(-9223372036854775808); print(- 9223372036854775808); print(1.5e400);", "1e20 | 9.223372036854776e18 | -9223372036854775808 | -9.223372036854776e18 | inf"),
        // `-0x10` right after `(` is one token "-0x10", which Rhai v1.25.0 fails to read (a v1.25.0 bug)
        ("print(-0x10);", "!! Syntax error: Invalid number: 'x10' @1:7"),
        ("let x = 5; print(x-0x10); print(x -3); print(2 - -3);", "-11 | 2 | 5"),
        ("print(2--3);", "!! Syntax error: Unknown operator: '--' @1:8"),
        ("print(-7.to_string()); print(-7.abs()); print(- 7.abs());", "-7 | 7 | -7"),
        ("print(--5);", "!! Syntax error: '--' is a reserved symbol @1:7"),
        // Strings: escapes, doubled quotes, line continuation, raw line breaks
        ("print(\"a\\tb\"); print(\"\\x41\\u0042\\U00000043\"); print(\"\\\\\"); print(\"\\\"\");", "a\tb | ABC | \\ | \""),
        ("print(\"say \"\"hi\"\"\");", #"say "hi""#),
        ("print(`a``b`);", "a`b"),
        ("print(\"\\u{41}\");", "!! Syntax error: Invalid escape sequence: '\\u{' @1:10"),
        ("print(\"\\x4G\");", "!! Syntax error: Invalid escape sequence: '\\x4G' @1:11"),
        ("print(\"a\\0b\");", "!! Syntax error: Invalid escape sequence: '\\0' @1:10"),
        ("print(\"a\\'b\");", "!! Syntax error: Invalid escape sequence: '\\'' @1:10"),
        ("print(\"\\q\");", "!! Syntax error: Invalid escape sequence: '\\q' @1:9"),
        ("print(\"abc\ndef\");", "!! Syntax error: Open string is not terminated @1:7"),
        ("print(\"abc\\\ndef\");", "abcdef"),
        // The continued line loses its blanks up to the column of the opening quote only
        ("print(\"abc\\\n      def\");", "abcdef"),
        ("print(\"abc\\\n          def\");", "abc   def"),
        ("print(\"abc\\\nxyz  def\");", "abcxyz  def"),
        ("print(\"abc", "!! Syntax error: Open string is not terminated @1:7"),
        ("print(\"a\\rb\".len());", "3"),
        // Characters
        ("print('\\''); print('\"'); print('\\x41'); print('😀');", #"' | " | A | 😀"#),
        ("print('ab');", "!! Syntax error: Invalid character: 'ab' @1:7"),
        ("print('');", "!! Syntax error: Invalid character: '' @1:7"),
        ("print('\\\"');", #"!! Syntax error: Invalid escape sequence: '\"' @1:9"#),
        // Back-tick strings: interpolation, verbatim backslashes, `\${`
        ("print(`a${1}b${2}c`); print(`${1}`); print(`a${1;2}b`); print(`a${let x = 5; x}b`); print(`a${`b${`c`}`}`);", "a1b2c | 1 | a2b | a5b | abc"),
        ("print(`a\\${b}`); print(`a$`); print(`a$b`); print(`a\\nb`); print(`a${\"}\"}b`);", "a${b} | a$ | a$b | a\\nb | a}b"),
        ("print(`\na`);", "a"),
        ("print(`a${}`);", "a"),
        ("print(`abc ${1 + } def`);", "!! Syntax error: Unexpected '}' @1:18"),
        ("print(`abc ${1} def", "!! Syntax error: Open string is not terminated @1:16"),
        ("print(`abc ${1 +", "!! Syntax error: Script is incomplete @1:17"),
        // Raw strings
        ("print(#\"a\\nb\"#); print(##\"a\"#b\"##); print(#\"\"#); print(#\"a\"b\"#);", "a\\nb | a\"#b |  | a\"b"),
        ("print(##x);", "!! Syntax error: Unexpected 'x' @1:7"),
        ("print(#\"abc", "!! Syntax error: Open string is not terminated @1:7"),
        // Comments: nested blocks; an unterminated block comment ends the script quietly
        ("/* nested /* inner */ still */ print(1); // trailing\nprint(1 /* mid */ + 2);", "1 | 3"),
        ("print(1);\n/* unterminated /* nested */\nprint(2);", "1"),
        // Identifiers: ASCII only; a letter must come before any digit
        ("let _x = 1; let x_ = 2; let X1_y = 3; print(_x + x_ + X1_y);", "6"),
        ("let _1 = 2;", "!! Syntax error: Variable name is not proper: '_1' @1:5"),
        ("let __ = 2;", "!! Syntax error: Variable name is not proper: '__' @1:5"),
        ("let é = 1;", "!! Syntax error: Unexpected 'é' @1:5"),
        ("fn é() { 1 }", "!! Syntax error: Expecting function name in function declaration @1:4"),
        ("fn _1() { 2 }", "!! Syntax error: Expecting function name in function declaration @1:4"),
        // Reserved words and symbols, and the symbols explained as typos from other languages
        ("let var = 1;", "!! Syntax error: 'var' is a reserved keyword @1:5"),
        ("let print = 1;", "!! Syntax error: 'print' is a reserved keyword @1:5"),
        ("let this = 1;", "!! Syntax error: 'this' is a reserved keyword @1:5"),
        ("let exit = 5; let global = 6; print(exit + global);", "11"),
        ("print(1 === 1);", "!! Syntax error: '===' is not a valid operator. This is not JavaScript! Should it be '=='? @1:9"),
        ("print(1 !== 1);", "!! Syntax error: '!==' is not a valid operator. This is not JavaScript! Should it be '!='? @1:9"),
        ("let x -> 5;", "!! Syntax error: '->' is not a valid symbol. This is not C or C++! @1:7"),
        ("let x <- 5;", "!! Syntax error: '<-' is not a valid symbol. This is not Go! Should it be '<='? @1:7"),
        ("let x := 5;", "!! Syntax error: ':=' is not a valid assignment operator. This is not Go or Pascal! Should it be simply '='? @1:7"),
        ("print(1 :; 2);", "!! Syntax error: ':;' is not a valid symbol. Should it be '::'? @1:9"),
        ("print(a::<b>);", "!! Syntax error: '::<>' is not a valid symbol. This is not Rust! Should it be '::'? @1:8"),
        ("(* comment *)", "!! Syntax error: '(* .. *)' is not a valid comment format. This is not Pascal! Should it be '/* .. */'? @1:1"),
        ("# {a:1}", "!! Syntax error: '#' is not a valid symbol. Should it be '#{'? @1:1"),
        ("print(1 @ 2);", "!! Syntax error: Unknown operator: '@' @1:9"),
        ("let x = 1; x++;", "!! Syntax error: Unknown operator: '++' @1:13"),
        ("print($x);", "!! Syntax error: '$' is a reserved symbol @1:7"),
        ("print(x?);", "!! Syntax error: Unknown operator: '?' @1:8"),
        ("print(1 ~ 2);", "!! Syntax error: Unknown operator: '~' @1:9"),
    ]

    @Test(arguments: scripts)
    func lexes(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
