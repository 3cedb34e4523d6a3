import Testing
import Rhai

// Operators as the Rust engine v1.25.0 applies them: src/func/builtin.rs
// (`get_builtin_binary_op_fn`, `get_builtin_op_assignment_fn`), src/packages/arithmetic.rs,
// array_basic.rs / map_basic.rs `equals`. Expected outputs are what the reference `rhai-run`
// printed for each script (see `rhaiRun`).
@Suite struct OperatorsFidelityTests {
    static let cases: [(String, String)] = [
        // Float comparison: relative f64::EPSILON tolerance (builtin.rs impl_float).
        (#"print(0.1 + 0.2 == 0.3); print(0.1 + 0.2 != 0.3); print(0.1 + 0.2 > 0.3);"#, "true | false | false"),
        (#"print(0 < 1e-16); print(0 == 1e-16); print(1e-16 > 0); print(0.0 <= 1e-16);"#, "false | true | false | true"),
        (#"print(1 == 1.0000000000000002); print(1 < 1.0000000000000002); print(1.0000000000000004 > 1);"#, "true | false | true"),
        (#"print(3 == 3.0); print(3.0 != 3); print(3 < 3.5); print(2.5 >= 2);"#, "true | false | true | true"),
        (#"let n = 0.0 / 0.0; print(n == n); print(n != n); print(n < 1.0); print(n > 1.0); print(n <= n); print(n >= 1.0);"#, "false | false | false | false | false | false"),
        (#"let n = 0.0 / 0.0; print(0.0 == n); print(0 == n); print(n == 0); print(0.0 != n); print(n < 0); print(n <= 0);"#, "true | true | true | false | false | true"),
        (#"let i = 1.0 / 0.0; print(i == i); print(i != i); print(i > 1.0); print(i >= i); print(-i < i); print(i == 1e308);"#, "false | false | false | false | false | false"),
        // Shifts (arithmetic.rs shift_left / shift_right).
        (#"print(1 << 63); print(1 << 64); print(1 << -1); print(8 >> -1); print(-8 >> 64); print(8 >> 64); print(-8 >> 100);"#, "-9223372036854775808 | 0 | 0 | 16 | -1 | 0 | -1"),
        (#"print(1 << 4294967296); print(-1 >> 4294967296); print(-5 >> 9223372036854775807); print(3 << 62);"#, "0 | -1 | -1 | -4611686018427387904"),
        (#"let m = -9223372036854775807 - 1; print(5 >> m); print(5 << m); print(-5 << m);"#, "0 | 0 | -1"),
        (#"let x = 5; x <<= 100; print(x); x = -5; x >>= 100; print(x);"#, "0 | -1"),
        // Integer errors: wording; built-in operators report no position.
        (#"let x = 0; print(5 % x);"#, "!! Modulo division by zero or overflow: 5 % 0"),
        (#"let x = -1; let m = -9223372036854775807 - 1; print(m % x);"#, "!! Modulo division by zero or overflow: -9223372036854775808 % -1"),
        (#"let x = -2; print(2 ** x);"#, "!! Integer raised to a negative power: 2 ** -2"),
        (#"let x = 4294967296; print(2 ** x);"#, "!! Exponential overflow: 2 ** 4294967296"),
        (#"let x = 4294967295; print(1 ** x); print((-1) ** x); print(0 ** x);"#, "1 | -1 | 0"),
        (#"let x = 64; print(2 ** x);"#, "!! Exponential overflow: 2 ** 64"),
        (#"let x = 0; try { print(5 % x); } catch (e) { print(e); }"#, #"#{"error": "ErrorArithmetic", "message": "Modulo division by zero or overflow: 5 % 0", "source": "prog.rhai"}"#),
        (#"let x = 5; x %= 0; print(x);"#, "!! Modulo division by zero or overflow: 5 % 0 @1:14"),
        (#"let x = 5; x **= -1; print(x);"#, "!! Integer raised to a negative power: 5 ** -1 @1:14"),
        (#"fn f(a) { a / 0 } print(f(1));"#, "!! Division by zero: 1 / 0 @ 'prog.rhai' / in call to function 'f' (from 'prog.rhai') @1:25"),
        // Unit, cross-type defaults, types without the operator.
        (#"print(() == ()); print(() != ()); print(() < ()); print(() <= ()); print(() >= ()); print(() > ());"#, "true | false | false | false | false | false"),
        (#"print(() + "a"); print("a" + ()); print(() == "a"); print("a" != ()); print(() < "a");"#, "a | a | false | true | false"),
        (#"print(1 == "1"); print(1 != "1"); print(1 < "a"); print("a" >= 1); print([1] == 1); print(#{} == ()); print(timestamp() == 1);"#, "false | true | false | false | false | false | false"),
        (#"print(Fn("a") == Fn("a"));"#, "!! Function not found: == (Fn, Fn) @1:15"),
        (#"print(Fn("a") != Fn("b"));"#, "!! Function not found: != (Fn, Fn) @1:15"),
        (#"print((1..2) == (1..2)); print((1..2) != (1..=2)); print((1..=2) != (1..2));"#, "true | true | true"),
        (#"print((1..2) == (1..=2));"#, "!! Function not found: == (range, range=) @1:14"),
        (#"print((1..2) < (1..2));"#, "!! Function not found: < (range, range) @1:14"),
        (#"print([1] < [2]);"#, "!! Function not found: < (array, array) @1:11"),
        (#"print(#{a: 1} < #{a: 1});"#, "!! Function not found: < (map, map) @1:15"),
        (#"print(blob(1) < blob(2));"#, "!! Function not found: < (blob, blob) @1:15"),
        (#"print(blob(1) == 'a');"#, "!! Function not found: == (blob, char) @1:15"),
        // Strings, chars and blobs.
        (#"print("abc" - "b"); print("abcb" - 'b'); print("" - "ab"); print("ab" - "");"#, "ac | ac | ab | ab"),
        (#"let x = ""; x -= "b"; print(x);"#, "b"),
        (#"print('a' < "b"); print('a' == "a"); print("ab" > 'a'); print("a" == 'a'); print('a' <= "ab");"#, "true | true | true | true | true"),
        (#"print("é" == "e\u0301"); print("e\u0301" < "é"); print("Z" < "a");"#, "false | true | true"),
        (#"print(blob(1) + 'é'); print((blob(1) + "é").len()); print(("a" + blob(1)).len()); print("x" + blob(0)); print("" + blob(0));"#, "[00c3a9] | 2 | 2 | x | "),
        (#"let x = blob(1); x += "é"; print(x); x += 'a'; print(x); x += 258; print(x);"#, "[00c3a9] | [00c3a961] | [00c3a96102]"),
        (#"let x = 'a'; x += ""; print(type_of(x)); x += "b"; print(x);"#, "char | ab"),
        (#"let x = [1, 2]; x += 'a'; x += "b"; x += #{a: 1}; x += blob(1); x += [3]; print(x);"#, #"[1, 2, a, "b", #{"a": 1}, [00], 3]"#),
        // Array and map equality use `==` on the items (float tolerance, errors for Fn).
        (#"print([1, 2.0] == [1, 2]); print([0.1 + 0.2] == [0.3]); print(#{a: 0.1 + 0.2} == #{a: 0.3}); print([1, "a"] == [1, 'a']);"#, "true | true | true | true"),
        (#"let i = 1.0 / 0.0; print([i] == [i]); print(i in [i]);"#, "false | false"),
        (#"print([1..2] == [1..=2]); print(#{a: [1, 2]} == #{a: [1, 2.0]}); print(#{a: 1} == #{b: 1});"#, "false | true | false"),
        (#"print([Fn("a")] == [Fn("a")]);"#, "!! Function not found: == (Fn, Fn) @1:17"),
        (#"print(#{a: 1..2} == #{a: 1..=2});"#, "!! Function not found: == (range, range=) @1:18"),
        (#"print([0.3].contains(0.1 + 0.2)); print(0.3 in [0.1 + 0.2]); print(3 in [3.0]); print([1, [2.0]].index_of([2]));"#, "true | true | true | 1"),
        // Op-assignment errors carry the assignment's position.
        (#"let x = 5; x += "a"; print(x);"#, "5a"),
        (#"let x = (); x += 1;"#, "!! Function not found: + ((), i64) @1:15"),
        (#"let a = [1, 2]; a[0] /= 0;"#, "!! Division by zero: 1 / 0 @1:22"),
        (#"let m = #{x: 1}; m.x **= -1;"#, "!! Integer raised to a negative power: 1 ** -1 @1:22"),
        (#"let x = 2; x **= 0.5; print(x); let y = 2.5; y **= 2; print(y); let z = 7; z %= 2.5; print(z);"#, "1.4142135623730951 | 6.25 | 2.0"),
        // A missing map entry reads as () in an op-assignment.
        (#"let m = #{}; m.z += "a"; m["y"] += "b"; print(m);"#, #"#{"y": "b", "z": "a"}"#),
        (#"let m = #{a: 1}; m.z += 1; print(m);"#, "!! Function not found: + ((), i64) @1:22"),
        (#"let m = #{a: #{}}; m.a.b += "x"; print(m);"#, #"#{"a": #{"b": "x"}}"#),
        // More operator pairs.
        (#"print(0 ** 0); print(2.0 ** -1); print((-8.0) ** (1.0 / 3.0)); print(2 ** -1.0); print(0.0 ** -1); print(10 ** 18);"#, "1 | 0.5 | NaN | 0.5 | inf | 1000000000000000000"),
        (#"print(5 % -3); print(-5 % 3); print(5.5 % -2); print(7 / -2); print(-7.0 / 2); print(9223372036854775807 + 1.0); print(1e308 * 10);"#, "2 | -2 | 1.5 | -3 | -3.5 | 9.223372036854776e18 | inf"),
        (#"let x = 5; x -= 2.5; print(x); x *= 2; print(x); let y = true; y &= false; print(y); y |= true; print(y); y ^= true; print(y);"#, "2.5 | 5.0 | false | true | false"),
        (#"let x = 1.5; x &= 1;"#, "!! Function not found: & (f64, i64) @1:16"),
        (#"let s = "x"; s += 1.5; s += [1]; s += #{a: 1}; s += 'c'; s += (); print(s);"#, #"x1.5[1]#{"a": 1}c"#),
        (#"print([] == []); print(#{} == #{}); print(blob() == blob()); print([()] == [()]); print([1, 2] in [[1, 2]]);"#, "true | true | true | true | true"),
        (#"let t = timestamp(); print(t == t); print(t + 1 > t); print(type_of(t - 1.5)); print(t == 1); print(t != "t");"#, "true | true | timestamp | false | true"),
        // dedup compares with `==` (errors count as unequal).
        (#"let a = [0.1 + 0.2, 0.3, 1, 1.0, Fn("a"), Fn("a"), 1..2, 1..=2, 1..=2, "a", 'a']; a.dedup(); print(a);"#, #"[0.30000000000000004, 1, Fn(a), Fn(a), 1..2, 1..=2, "a"]"#),
        (#"let n = 0.0 / 0.0; let a = [n, n, 0.0, n]; a.dedup(); print(a);"#, "[NaN, NaN, NaN]"),
    ]

    @Test(arguments: cases)
    func matchesReference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
