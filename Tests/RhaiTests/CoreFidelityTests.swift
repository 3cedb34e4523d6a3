import Testing
import Rhai

// Core functions as the Rust engine v1.25.0 defines them: src/packages/iter_basic.rs (`range`),
// lang_core.rs, fn_basic.rs, and the getters its packages register. Expected outputs are what the reference `rhai-run` printed for each
// script (see `rhaiRun`).
@Suite struct CoreFidelityTests {
    static let cases: [(String, String)] = [
        // iter_basic.rs: range(from, to, step) as Rust's StepRange (here an array: `type_of` differs).
        (#"let a = []; for i in range(1, 10, 3) { a.push(i); } print(a); let b = []; for i in range(10, 1, -3) { b.push(i); } print(b);"#, "[1, 4, 7] | [10, 7, 4]"),
        (#"let a = []; for i in range(1, 10, -3) { a.push(i); } print(a);"#, "[]"),
        (#"let a = []; for i in range(1..10, 4) { a.push(i); } print(a);"#, "[1, 5, 9]"),
        (#"let a = []; for i in range(0.0, 1.0, 0.25) { a.push(i); } print(a); let b = []; for i in range(1.0, 0.0, -0.5) { b.push(i); } print(b);"#, "[0.0, 0.25, 0.5, 0.75] | [1.0, 0.5]"),
        (#"let a = []; for i in range(9223372036854775800, 9223372036854775807, 3) { a.push(i); } print(a);"#, "[9223372036854775800, 9223372036854775803]"),
        (#"let m = -9223372036854775807 - 1; let a = []; for i in range(m + 5, m, -2) { a.push(i); } print(a);"#, "[-9223372036854775803, -9223372036854775805]"),
        (#"let a = []; for i in range(0.0, 1.0, 0.0 / 0.0) { a.push(i); } print(a);"#, "[]"),
        (#"print(range(1.0, 5.0));"#, "!! Function not found: range (f64, f64) @1:7"),
        (#"let a = []; for i in range(1, 10, 0) { a.push(i); } print(a);"#, "!! step value cannot be zero / in call to function 'range' @1:22"),
        (#"let a = []; for i in range(1e20, 2e20, 1.0) { a.push(i); } print(a);"#, "!! step value cannot be zero / in call to function 'range' @1:22"),
        (#"try { range(1, 10, 0) } catch (e) { print(e) }"#, #"#{"error": "ErrorInFunctionCall", "function": "range", "line": 1, "message": "step value cannot be zero\nin call to function 'range'", "position": 7, "source": ""}"#),
        (#"print(range(1, 5)); print(type_of(range(1, 5)));"#, "1..5 | range"),
        // lang_core.rs / fn_basic.rs.
        (#"let x = [1, 2]; let y = take(x); print(x); print(y);"#, " | [1, 2]"),
        (#"sleep(0); sleep(-1.0); sleep(0.001); print("slept");"#, "slept"),
        (#"fn bar(a, b) { } print(get_fn_metadata_list("bar")); print(get_fn_metadata_list("bar", 1)); print(get_fn_metadata_list().len());"#, #"[#{"access": "public", "is_anonymous": false, "name": "bar", "params": ["a", "b"]}] | [] | 1"#),
        (#"fn foo(a) {} print(is_def_fn("foo", 1)); print(is_def_fn("foo", 2));"#, "true | false"),
        (#"fn foo(a) {} print(is_def_fn("foo"));"#, "!! Function not found: is_def_fn (&str | ImmutableString | String) @1:20"),
        (#"print(Fn("foo").name); print(Fn("foo").is_anonymous); print((|x| x).is_anonymous);"#, "foo | false | true"),
        (#"let x = 5; print(is_def_var("x")); print(is_def_var("y"));"#, "true | false"),
        (#"print(contains(1..5, 5)); print(contains(1..=5, 5)); print(3 in 1..5); print((5..1).is_empty); print((1..=1).is_empty);"#, "false | true | true | true | false"),
        (#"print(len(1..5));"#, "!! Function not found: len (range) @1:7"),
        // Getters: only what Rust registers with `get`.
        (#"print("abc".len); print([1, 2].len); print((1..3).start); print((1..=3).end); print(Fn("a").name); print(2.5.floor);"#, "3 | 2 | 1 | 3 | a | 2.0"),
        (#"try { print(5.abs); } catch (e) { print(e.message); }"#, "Unknown property 'abs' - a getter is not registered for type 'i64'"),
        (#"try { print(1.5.sign); } catch (e) { print(e.message); }"#, "Unknown property 'sign' - a getter is not registered for type 'f64'"),
        (#"let f = Fn("abs"); print(f.call(-5)); print(call(f, -3)); let g = Fn("max"); print(g.curry(5).call(3));"#, "5 | 3 | 5"),
    ]

    @Test(arguments: cases)
    func matchesReference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
