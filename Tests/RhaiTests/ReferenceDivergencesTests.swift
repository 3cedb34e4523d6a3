import Testing
import Rhai

// Every divergence the fidelity review listed (the project's issue 11), each as a script and
// what the Rust engine v1.25.0's `rhai-run` prints for it (in the shared `rhaiRun` form). Rust
// behaviours that look like bugs are followed on purpose; the other suites cover each area
// in depth.
@Suite struct ReferenceDivergencesTests {
    static let listed: [(String, String)] = [
        // Float comparison: relative f64::EPSILON; NaN and inf make == and != both false
        ("print(0.1 + 0.2 == 0.3); print(0 < 1e-16); let n = 0.0 / 0.0; print(n == n); print(n != n); let i = 1.0 / 0.0; print(i == i); print(i != i);",
         "true | false | false | false | false | false"),
        // switch on a variable a closure captured (v1.25.0: only the default matches)
        (#"let x = 2; let f = || x; switch x { 1 => print("one"), 2 => print("two"), _ => print("other") }"#,
         "other"),
        // continue in do … while/until skips the loop test
        ("let i = 0; do { i += 1; if i == 3 { continue; } } while i < 3; print(i); let j = 0; do { j += 1; if j == 2 { continue; } } until j >= 2; print(j);",
         "4 | 3"),
        // negative index in string assignment (v1.25.0 writes at offset -index)
        (#"let s = "abcd"; s[-2] = 'X'; print(s); let t = "ébXd"; t[-1] = '中'; print(t);"#,
         "abXd | é中Xd"),
        // split(""), split(0), "".index_of(""), string + blob, max/min with NaN, to_degrees, 'ß'.to_upper()
        (#"print("abc".split("")); print("abc".split(0)); print("".index_of("")); print("a" + blob(2, 0x41)); print(max(1.0, 0.0 / 0.0)); print(min(0.0 / 0.0, 1.0)); print(1.0.to_degrees()); print('ß'.to_upper()); print(type_of('ß'.to_upper()));"#,
         #"["", "a", "b", "c", ""] | ["abc", ""] | -1 | aAA | NaN | 1.0 | 57.29577951308232 | ß | char"#),
        // a caught error is a map
        ("try { [1][5] } catch (e) { print(type_of(e)); print(e.message); print(e.error); }",
         "map | Array index 5 out of bounds: only 1 element in array | ErrorArrayBounds"),
        // printing: chars in containers, float forms, blobs in 8-byte groups, debug() with source and position
        (#"print(['a', "b"]); print(#{c: 'x'}); print('a'.to_debug()); print(1e13); print(1e15.to_debug()); print([1e-5]); print(-0.0); print([-0.0]); print(blob(10, 1)); debug([1, 'c']);"#,
         #"[a, "b"] | #{"c": x} | a | 1e13 | 1000000000000000.0 | [1e-5] | 0.0 | [-0.0] | [0101010101010101 0101] | prog.rhai @ 1:161 | [1, c]"#),
        // typed methods
        (#"fn int.twice() { this * 2 } fn string.shout() { this + "!" } fn array.total() { this.len() } print(21.twice()); print("hi".shout()); print([1, 2].total());"#,
         "42 | hi! | 2"),
        // open-ended ranges, also as arguments and indexes
        (#"let r = 1..; print(r); print(..2); print(..=2); let y = "hello"; y.crop(1..); print(y); print("hello"[..2]); print(sub_string("hello", ..=1));"#,
         "1.. | 0..2 | 0..=2 | ello | he | he"),
        // ! calls, ?? break, x?[2] = 42
        (#"fn foo() { 1 } print(foo!()); fn add(a, b) { a + b } print(call!(Fn("add"), 1, 2)); let v = (); let w = loop { break v ?? 42; }; print(w); let z = [1, 2, 3]; z?[2] = 42; print(z);"#,
         "1 | 3 | 42 | [1, 2, 42]"),
        // doubled quotes; a string continued on the next line
        ("print(\"say \"\"hi\"\"\"); print(\"a line \\\n   continued\");",
         #"say "hi" | a line continued"#),
        // negative literal, property then method, method on a missing property, shifts, to_int(NaN), one-element array of arrays
        (#"print(-7.to_string()); let s = "abc"; print(s.len.abs()); let m = #{a: 1}; print(m.b.to_debug()); print(1 << 64); print(-8 >> 64); print(1 << -1); print(to_int(0.0 / 0.0)); let a = [[1, 2]]; a.sort(); print(a);"#,
         "-7 | 3 | () | 0 | -1 | 0 | 0 | [[1, 2]]"),
        // functions that were missing (eval, string max, map.map, order, order_desc, sort_desc, get_bits(range))
        (#"print(eval("40 + 2")); print(max("a", "b")); print(#{a: 1}.map(|k, v| v + 1)); print([3, 1, 2].order()); print([3, 1, 2].order_desc()); let d = [1, 3, 2]; d.sort_desc(); print(d); print(0xff.get_bits(2..6));"#,
         #"42 | b | #{"a": 2} | [1, 2, 3] | [3, 2, 1] | [3, 2, 1] | 15"#),
        // splice(range, array), blob truncate and append, split_rev
        (#"let a = [1, 2, 3, 4]; a.splice(1..3, [9]); print(a); let b = blob(4, 1); b.truncate(2); print(b); b.append('a'); b.append("b"); b.append(7); print(b); print("a,b".split_rev(","));"#,
         #"[1, 9, 4] | [0101] | [0101616207] | ["b", "a"]"#),
        // write_be/parse_be_int/parse_le_int with ranges, index_of("fn_name")
        (#"let b = blob(2); b.write_be(0..2, 258); print(b); print(b.parse_be_int(0..2)); print(b.parse_le_int(0..2)); fn big(x) { x > 1 } print([1, 2, 3].index_of("big"));"#,
         "[0000] | 0 | 0 | 1"),
        // bit ranges out of bounds are errors
        ("let x = 0xff; print(x[1..99]);",
         "!! Bit-field index 99 out of bounds: only 64 bits in bit-field @1:24"),
        // bit ranges with a negative start are errors
        ("let x = 0xff; print(x[-1..3]);",
         "!! Bit-field index -1 out of bounds: only 64 bits in bit-field @1:25"),
        // _1 is no function name
        ("fn _1() { 1 }",
         "!! Syntax error: Expecting function name in function declaration @1:4"),
        // identifiers are ASCII
        ("fn café() { 1 }",
         "!! Syntax error: Expecting parameters for function caf @1:7"),
        // ( ) is no expression
        ("let u = ( );",
         "!! Syntax error: Unexpected ')' @1:11"),
        // non-pure methods on constants
        ("const C = [1]; C.push(2);",
         "!! Non-pure method 'push' cannot be called on constant @1:18"),
        // concat is not in Rhai
        (#"print(concat("a", "b"));"#,
         "!! Function not found: concat (&str | ImmutableString | String, &str | ImmutableString | String) @1:7"),
        // to_float on a string is not in Rhai
        (#"print("12.5".to_float());"#,
         "!! Function not found: to_float (&str | ImmutableString | String) @1:14"),
        // the CLI's call depth is 64
        ("fn f(n) { f(n + 1) } f(0)",
         "!! Stack overflow @1:22"),
        // string parameters are named &str | ImmutableString | String
        (#"print("a".foo());"#,
         "!! Function not found: foo (&str | ImmutableString | String) @1:11"),
        // wording: modulo
        ("print(1 % 0);",
         "!! Modulo division by zero or overflow: 1 % 0"),
        // wording: negative power
        ("print(2 ** -1);",
         "!! Integer raised to a negative power: 2 ** -1"),
        // wording: no writable property
        ("let x = 1; x.foo = 2;",
         "!! No writable property 'foo' - a setter is not registered for type 'i64' to handle 'i64' @1:14"),
        // wording: mixed sort
        ("print([1, 2.0].sort());",
         "!! Function not found: elements of different types cannot be sorted @1:16"),
        // wording: to_int overflow
        ("print(to_int(1000000000000000000000.0));",
         "!! Integer overflow: to_int(1000000000000000000000) @1:7"),
        // wording: a callback of the wrong arity
        ("print([1, 2].map(|x, i, j| x));",
         "!! Function not found: anon$ (i64, i64) @ 'prog.rhai' (line 1, position 14) / in call to function 'map' (from 'prog.rhai') @1:14"),
        // Found by the differential tester after the list:
        // a closure reading a variable while a method runs on it (Rust: a data race)
        (#"let xs = [-4, 2201, 30, 1827]; let op = |x| x + xs[3]; print(xs.map(op));"#,
         "!! Data race detected @ 'prog.rhai' / in closure call (from 'prog.rhai') @1:65"),
        // a pointer to a function with several arities calls the one that fits
        ("fn bump(a) { a * 2 } let f = bump; fn bump(a, b) { a * 100 + b } print(f.call(5)); print(f.call(1, 2));", "10 | 102"),
        // a double exactly halfway between two shortest forms prints the larger one, as Rust's formatter
        ("print(697774694051635.25); print([697774694051634.25]); print(-697774694051635.2.to_debug());",
         "6.977746940516353e14 | [697774694051634.3] | -697774694051635.3"),
        // ranges of constants are constants: the interpolated string folds with each value's Display
        ("print(`${[2..3, 0..=5, 1.., ..4]}`); print(`${['c', 1..2]}`);", "[2..3, 0..=5, 1.., 0..4] | ['c', 1..2]"),
    ]

    @Test(arguments: listed)
    func matchesTheRustEngine(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
