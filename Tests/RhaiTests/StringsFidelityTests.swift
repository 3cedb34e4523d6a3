import Testing
import Rhai

// String and character functions as the Rust engine v1.25.0 has them: src/packages/string_more.rs,
// string_basic.rs, the `chars` iterators of iter_basic.rs, and string indexing in eval/chaining.rs
// and eval/target.rs. Every expected transcript is what the reference `rhai-run` printed for the
// script (an error as `error: ` and its message). Strings are sequences of Unicode scalars,
// searched by their UTF-8 bytes as Rust's `str` is.
@Suite struct StringsFidelityTests {
    // Divergences the fidelity review listed (string_more.rs; Rust v1.25.0 quirks followed).
    static let knownDivergences: [(String, String)] = [
        (#"print("abc".split("")); print("".split("")); print("abc".split("", 2));"#, #"["", "a", "b", "c", ""] | [""] | ["", "abc"]"#),
        (#"print("abc".split(0)); print("abc".split(-1)); print("abc".split(-9)); print("abc".split(2)); print("abc".split(9));"#, #"["abc", ""] | ["ab", "c"] | ["", "abc"] | ["ab", "c"] | ["abc", ""]"#),
        (#"print("".index_of("")); print("abc".index_of("")); print("abc".index_of("", 2)); print("abc".index_of("", 3)); print("abc".index_of("", -1));"#, "-1 | 0 | 2 | -1 | 2"),
        (#"print('ß'.to_upper()); print(type_of('ß'.to_upper())); print("ß".to_upper()); print('ﬁ'.to_upper()); print('İ'.to_lower()); print("İ".to_lower().len());"#, "ß | char | SS | ﬁ | İ | 2"),
        (#"print(min("b", "a")); print(max("b", "a")); print(min("a", "B")); print(max("é", "z")); print(min('x', 'y')); print(max('x', 'y'));"#, "a | b | B | é | x | y"),
        (#"print("a,b,c".split_rev(",")); print("a,b,c".split_rev(",", 2)); print("a,b,c".split_rev(',', 2)); print("abc".split_rev("")); print("abc".split_rev("", 2)); print("".split_rev(","));"#, #"["c", "b", "a"] | ["c", "a,b"] | ["c", "a,b"] | ["", "c", "b", "a", ""] | ["", "abc"] | [""]"#),
        (#"print("aaa".split_rev("aa")); print("aaa".split("aa")); print("a,b,c".split_rev(",", 0)); print("a,b,c".split_rev(',', 9));"#, #"["", "a"] | ["", "a"] | ["a,b,c"] | ["c", "b", "a"]"#),
        (#"print(concat("a", "b"));"#, "!! Function not found: concat (&str | ImmutableString | String, &str | ImmutableString | String) @1:7"),
        (#"print("a".concat("b"));"#, "!! Function not found: concat (&str | ImmutableString | String, &str | ImmutableString | String) @1:11"),
    ]

    // to_upper/to_lower/make_upper/make_lower on strings and chars (string_more.rs).
    static let caseConversions: [(String, String)] = [
        (#"print("hello, World!".to_upper()); print("HELLO, World!".to_lower()); print("straße".to_upper());"#, "HELLO, WORLD! | hello, world! | STRASSE"),
        (#"print("ΑΣ".to_lower()); print("ΣΑΣ ΟΔΟΣ.".to_lower()); print("Σ".to_lower()); print("AΣ'".to_lower());"#, "ας | σας οδος. | σ | aς'"),
        (#"let s = "ΑΣ"; s.make_lower(); print(s); s.make_upper(); print(s); let t = "straße"; t.make_upper(); print(t);"#, "ας | ΑΣ | STRASSE"),
        ("let c = 'a'; c.make_upper(); print(c); c.make_lower(); print(c); let d = 'ß'; d.make_upper(); print(d); print(type_of(d));", "A | a | ß | char"),
        (#"print('ǅ'.to_upper()); print('ǅ'.to_lower()); print('Σ'.to_lower()); print('1'.to_upper()); print("".to_upper().len());"#, "Ǆ | ǆ | σ | 1 | 0"),
        (#"let s = "abc"; print(s.to_upper()); print(s); print(s.make_upper()); print(s);"#, "ABC | abc |  | ABC"),
    ]

    // contains, starts_with, ends_with, index_of: by Unicode scalars (Rust `str`), start positions
    // clamped as string_more.rs does.
    static let searching: [(String, String)] = [
        (#"print("hello".contains("")); print("".contains("")); print("".contains('a')); print("e\u0301".contains("e")); print("é".starts_with("e"));"#, "true | true | false | true | false"),
        (#"print("hello".starts_with("")); print("hello".starts_with('h')); print("hello".ends_with('o')); print("".ends_with("")); print("a\u0301".ends_with("\u0301"));"#, "true | true | true | true | true"),
        (#"print("hello".index_of('l', 3)); print("hello".index_of('l', 4)); print("hello".index_of('l', 5)); print("hello".index_of('l', -2)); print("hello".index_of('l', -99));"#, "3 | -1 | -1 | 3 | 2"),
        (#"print("hello".index_of("lo", -2)); print("hello".index_of("lo", -1)); print("aaa".index_of("aa", 1)); print("héllo".index_of("llo", 1)); print("e\u0301x".index_of("x"));"#, "3 | -1 | 1 | 2 | 2"),
        (#"print("".index_of('a')); print("".index_of('a', 0)); print("".index_of("", -1)); print("x".index_of("x", -9223372036854775807 - 1));"#, "-1 | -1 | -1 | 0"),
        (#"print('a' in "abc"); print("bc" in "abc"); print("" in "abc"); print("e" in "e\u0301");"#, "true | true | true | true"),
    ]

    // In-place edits: trim, truncate, pop, remove, replace, pad, clear (string_more.rs).
    static let editing: [(String, String)] = [
        (#"let s = " \t hi \n"; s.trim(); print(`[${s}]`); let t = "\u3000hi\u0085"; t.trim(); print(`[${t}]`); let u = "\u200bhi"; u.trim(); print(u.len());"#, "[hi] | [hi] | 3"),
        (#"let s = "héllo"; s.truncate(2); print(s); s.truncate(9); print(s); s.truncate(-1); print(`[${s}]`);"#, "hé | hé | []"),
        (#"let s = "hello"; print(s.pop()); print(s); print(s.pop(2)); print(s); print(s.pop(0)); print(s.pop(-1)); print(s.pop(9)); print(`[${s}]`); print(s.pop());"#, "o | hell | ll | he |  |  | he | [] | "),
        (#"let s = "héllo"; print(s.pop(4)); print(s); let e = ""; print(`[${e.pop(2)}]`);"#, "éllo | h | []"),
        (#"let s = "hello"; s.remove("l"); print(s); s.remove(""); print(s); s.remove('h'); print(s); let e = ""; e.remove("abc"); print(`[${e}]`); let t = "e\u0301x"; t.remove("e"); print(t.len());"#, "heo | heo | eo | [] | 2"),
        (#"let s = "hello"; s.replace("", "x"); print(s); let e = ""; e.replace("", "x"); print(`[${e}]`); let t = "aaa"; t.replace("aa", 'b'); print(t); t.replace('a', "(a)"); print(t);"#, "xhxexlxlxox | [] | ba | b(a)"),
        (#"let s = "e\u0301"; s.replace("e", "x"); print(s.len()); print(s.to_chars()[0]);"#, "2 | x"),
        (#"let s = "ab"; s.pad(5, "xy"); print(s); s.pad(3, "q"); print(s); s.pad(-1, 'z'); print(s); s.pad(7, '❤'); print(s); let t = "ab"; t.pad(3, "❤❤❤"); print(t);"#, "abxyx | abxyx | abxyx | abxyx❤❤ | ab❤"),
        (#"let s = "hello"; s.clear(); print(`[${s}]`); print(s.len);"#, "[] | 0"),
    ]

    // get, set, sub_string, crop with every overload and their clamping (string_more.rs).
    static let slicing: [(String, String)] = [
        (#"print("hello".sub_string(1, 2)); print("hello".sub_string(-2, 5)); print("hello".sub_string(-9, 2)); print(`[${"hello".sub_string(5, 2)}]`); print("hello".sub_string(4, 99)); print(`[${"hello".sub_string(1, 0)}]`);"#, "el | lo | he | [] | o | []"),
        (#"print("hello".sub_string(2)); print("hello".sub_string(-2)); print("hello".sub_string(-9)); print(`[${"hello".sub_string(9)}]`);"#, "llo | lo | hello | []"),
        (#"print("hello".sub_string(1..3)); print("hello".sub_string(-1..3)); print(`[${"hello".sub_string(3..1)}]`); print("hello".sub_string(1..=3)); print("hello".sub_string(1..=-3)); print("hello".sub_string(-3..=1)); print("hello".sub_string(0..=9223372036854775807));"#, "el | hel | [] | ell | e | he | hello"),
        (#"let s = "hello"; s.crop(1, 2); print(s); s = "hello"; s.crop(-2, 5); print(s); s = "hello"; s.crop(5, 2); print(`[${s}]`); s = "hello"; s.crop(1, 0); print(`[${s}]`);"#, "el | lo | [] | []"),
        (#"let s = "hello"; s.crop(2); print(s); s = "hello"; s.crop(-2); print(s); s = "hello"; s.crop(-9); print(s); s = "hello"; s.crop(9); print(`[${s}]`);"#, "llo | lo | hello | []"),
        (#"let s = "hello"; s.crop(1..3); print(s); s = "hello"; s.crop(-1..3); print(s); s = "hello"; s.crop(3..1); print(`[${s}]`); s = "hello"; s.crop(1..=3); print(s); s = "hello"; s.crop(1..=-3); print(s); s = "hello"; s.crop(1..=99); print(s);"#, "el | hel | [] | ell | e | ello"),
        (#"print("abc".get(1)); print("abc".get(-1)); print("abc".get(-4)); print("abc".get(3)); print("".get(0));"#, "b | c |  |  | "),
        (#"let s = "abc"; s.set(1, 'x'); print(s); s.set(-1, 'y'); print(s); s.set(-4, 'z'); print(s); s.set(3, 'z'); print(s);"#, "axc | axy | axy | axy"),
        (#"let s = "abc"; s.set(1, "x");"#, "!! Function not found: set (&str | ImmutableString | String, i64, &str | ImmutableString | String) @1:18"),
    ]

    // split and split_rev with every overload (string_more.rs): the whole string when the delimiter is
    // absent or segments < 2; an empty delimiter splits at every character boundary.
    static let splitting: [(String, String)] = [
        (#"print("a,b,,c".split(",")); print("a,b,,c".split(',')); print(",".split(",")); print("".split(",")); print("".split(',')); print("abc".split(","));"#, #"["a", "b", "", "c"] | ["a", "b", "", "c"] | ["", ""] | [""] | [""] | ["abc"]"#),
        (#"print("a,b,c".split(",", 0)); print("a,b,c".split(",", 1)); print("a,b,c".split(",", 2)); print("a,b,c".split(",", 9)); print("a,b,c".split(',', 2)); print("abc".split("", 9));"#, #"["a,b,c"] | ["a,b,c"] | ["a", "b,c"] | ["a", "b", "c"] | ["a", "b,c"] | ["", "a", "b", "c", ""]"#),
        (#"print("  a  b\tc\n ".split()); print("".split()); print("   ".split()); print("a\u00a0b\u3000c".split()); print("a\u200bb".split());"#, #"["a", "b", "c"] | [""] | [] | ["a", "b", "c"] | ["a\u{200b}b"]"#),
        (#"print("a❤b❤c".split('❤')); print("héllo".split(2)); print("héllo".split(-2)); print("e\u0301".split("e"));"#, #"["a", "b", "c"] | ["hé", "llo"] | ["hél", "lo"] | ["", "\u{301}"]"#),
    ]

    // `chars` returns Rust's CharsStream: only a `for` loop can use it; `type_of` and printing name it
    // "range" (iter_basic.rs, api/formatting.rs).
    static let charsIterator: [(String, String)] = [
        (#"let c = "abc".chars(); print(type_of(c)); print(c); print(`${c}`); print([c]); debug(c);"#, "range | range | range | [range] | prog.rhai @ 1:80 | range"),
        (#"let r = []; for x in "héllo".chars() { r.push(x) } print(r); r = []; for x in "abcdef".chars(-2) { r.push(x) } print(r); r = []; for x in "abcdef".chars(-9) { r.push(x) } print(r);"#, "[h, é, l, l, o] | [e, f] | [a, b, c, d, e, f]"),
        (#"let r = []; for x in "abcdef".chars(2, 2) { r.push(x) } print(r); r = []; for x in "abcdef".chars(-3, 2) { r.push(x) } print(r); r = []; for x in "abcdef".chars(1, 0) { r.push(x) } print(r);"#, "[c, d] | [d, e] | []"),
        (#"let r = []; for x in "abcdef".chars(2..4) { r.push(x) } print(r); r = []; for x in "abcdef".chars(-2..10) { r.push(x) } print(r); r = []; for x in "abcdef".chars(2..=1) { r.push(x) } print(r); r = []; for x in "abcdef".chars(4..=9) { r.push(x) } print(r);"#, "[c, d] | [a, b, c, d, e, f] | [] | [e, f]"),
        (#"let c = "ab".chars; let r = []; for x in c { r.push(x) } for (x, i) in c { r.push(i) } print(r);"#, "[a, b, 0, 1]"),
        (#"print("abc".chars().len());"#, "!! Function not found: len (range) @1:21"),
        (#"print("abc".chars().len);"#, "!! Unknown property 'len' - a getter is not registered for type 'range' @1:21"),
        (#"print('a' in "abc".chars());"#, "!! Function not found: contains (range, char) @1:11"),
    ]

    // `s[range]` read and written (eval/chaining.rs, eval/target.rs `StringSlice`), v1.25.0 quirks
    // included: an inclusive range ending at its start is empty; a negative start beyond the string is
    // an error, a negative end beyond it is 0.
    static let indexSlices: [(String, String)] = [
        (#"let s = "hello"; print(s[1..3]); print(s[-1..3]); print(`[${s[3..1]}]`); print(s[-2..]); print(s[..-2]); print(s[1..-9]); print(`[${s[9..]}]`);"#, "el |  | [] | lo | hel |  | []"),
        (#"let s = "hello"; print(`[${s[2..=2]}]`); print(s[2..=3]); print(`[${s[0..=0]}]`); print(s[0..=4]); print(s[-2..=-1]); print(s[1..=-3]);"#, "[] | ll | [] | hello | lo | el"),
        (#"let s = ""; print(`[${s[-9..2]}]`); print(`[${s[-9..=2]}]`);"#, "[] | []"),
        (#"let s = "hello"; print(s[-9..2]);"#, "!! String index -9 out of bounds: only 5 characters in string @1:28"),
        (#"let s = "hello"; print(s[-9..=2]);"#, "!! String index -9 out of bounds: only 5 characters in string @1:28"),
        (#"let s = "hello"; s[1..3] = "XY"; print(s); s[1..=3] = 'c'; print(s); s[-2..] = 5; print(s);"#, "hXYlo | hco | h5"),
        (#"let s = "hello"; s[1..3] += "Z"; print(s); s = "hello"; s[3..1] = "Q"; print(s); s = "hello"; s[9..10] = "Q"; print(s); s = "hello"; s[1..3] = ['a']; print(s);"#, "helZlo | helQello | helloQ | h['a']lo"),
    ]

    // `s[i] = c` and methods on `s[i]` (eval/target.rs `StringChar`): Rust v1.25.0 writes a negative
    // index back at position |i|, and only after an assignment or a method that changes its object.
    static let indexChars: [(String, String)] = [
        (#"let s = "hello"; s[-1] = 'O'; print(s); s[-2] = 'X'; print(s); s[-5] = 'Y'; print(s); s[1] = 'é'; print(s);"#, "hOllo | hOXlo | hOXlo | héXlo"),
        (#"let s = "hello"; s[-1].make_upper(); print(s); s[1].make_upper(); print(s); print(s[-1].to_upper()); print(s[-1].to_string()); print(s);"#, "hOllo | hOllo | O | o | hOllo"),
        ("let a = ['a', 'b']; a[0].make_upper(); a[1].to_upper(); print(a); let m = #{x: 'q'}; m.x.make_upper(); print(m);", #"[A, b] | #{"x": Q}"#),
        (#"let s = "hello"; s[1] = "x";"#, "!! Data type incorrect: string (expecting char) @1:23"),
    ]

    // append and `+` / `+=` through to_string (string_more.rs `add`, builtin.rs).
    static let concatenation: [(String, String)] = [
        (#"let s = "a"; s.append(1); s.append(()); s.append([1, 'x']); s.append('c'); s.append(blob(2, 66)); print(s);"#, "a1[1, x]cBB"),
        (#"let s = "a"; s += 1; s += (); s += #{x: "y"}; print(s); print("a" + 1.5 + true + (1..3));"#, #"a1#{"x": "y"} | a1.5true1..3"#),
    ]

    // Functions the Rust engine does not have (no string reverse/shift, no char classification).
    static let removedFunctions: [(String, String)] = [
        (#"print("ab".reverse());"#, "!! Function not found: reverse (&str | ImmutableString | String) @1:12"),
        (#"print("ab".shift());"#, "!! Function not found: shift (&str | ImmutableString | String) @1:12"),
        ("print('a'.is_digit());", "!! Function not found: is_digit (char) @1:11"),
        ("print('a'.is_alphabetic());", "!! Function not found: is_alphabetic (char) @1:11"),
        ("print(' '.is_whitespace());", "!! Function not found: is_whitespace (char) @1:11"),
        ("print('A'.is_uppercase());", "!! Function not found: is_uppercase (char) @1:11"),
        ("print('a'.is_lowercase());", "!! Function not found: is_lowercase (char) @1:11"),
    ]

    @Test(arguments: knownDivergences) func knownDivergence(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: caseConversions) func caseConversion(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: searching) func search(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: editing) func edit(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: slicing) func slice(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: splitting) func split(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: charsIterator) func chars(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: indexSlices) func indexSlice(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: indexChars) func indexChar(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: concatenation) func concatenate(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    @Test(arguments: removedFunctions) func removedFunction(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    // Rust checks the string size limit in `pad` (before and after padding) and, after any
    // method call, on the string it changed (func/call.rs); tests/data_size.rs pads past it.
    static let sizeLimited: [(String, String)] = [
        (#"let x = "hello"; x.pad(100, '!'); x"#, "error(dataTooLarge): Length of string too large"),
        (#"let x = "hello"; x.pad(11, "ab"); x"#, "error(dataTooLarge): Length of string too large"),
        (#"let x = "hello"; x.pad(10, '❤'); x"#, "error(dataTooLarge): Length of string too large"),
        (#"let x = "hello"; x.pad(10, '!'); x"#, #""hello!!!!!""#),
        (#"let x = "hello"; x.append("123456"); x"#, "error(dataTooLarge): Length of string too large"),
        (#"let x = "hello"; x.replace("l", "LLLL"); x"#, "error(dataTooLarge): Length of string too large"),
        (#"let x = "straße"; x.make_upper(); x"#, #""STRASSE""#),
    ]

    @Test(arguments: sizeLimited) func stringSizeLimit(script: String, expected: String) {
        let engine = quietEngine()
        engine.limits.maxStringSize = 10
        #expect(show(script, on: engine) == expected)
    }
}
