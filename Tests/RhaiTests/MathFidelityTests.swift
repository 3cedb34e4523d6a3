import Testing
import Rhai

// Number functions as the Rust engine v1.25.0 defines them: src/packages/math_basic.rs,
// arithmetic.rs (`abs`, `sign`, `is_zero`, …), logic.rs (`min`, `max`). Expected outputs are
// what the reference `rhai-run` printed for each script (see `rhaiRun`).
@Suite struct MathFidelityTests {
    static let cases: [(String, String)] = [
        // math_basic.rs: the float functions take FLOAT only.
        (#"print(sqrt(4));"#, "!! Function not found: sqrt (i64) @1:7"),
        (#"print(floor(5));"#, "!! Function not found: floor (i64) @1:7"),
        (#"print(log(8, 2));"#, "!! Function not found: log (i64, i64) @1:7"),
        (#"print(round(2.567, 2));"#, "!! Function not found: round (f64, i64) @1:7"),
        (#"print(sqrt(4.0)); print(sqrt(-1.0)); print(floor(-2.5)); print(ceiling(-2.5)); print(round(2.5)); print(round(-2.5)); print(int(-2.7)); print(fraction(-2.75));"#, "2.0 | NaN | -3.0 | -2.0 | 3.0 | -3.0 | -2.0 | -0.75"),
        (#"print(log(8.0, 2.0)); print(log(100.0)); print(ln(E())); print(exp(1.0)); print(atan(1.0, 1.0)); print(hypot(3.0, 4.0));"#, "3.0 | 2.0 | 1.0 | 2.718281828459045 | 0.7853981633974483 | 5.0"),
        // Rust's own asinh/acosh/atanh and to_degrees/to_radians constants.
        (#"print(asinh(123456.789)); print(acosh(2.5)); print(atanh(1e-7)); print(asinh(-0.0)); print(acosh(0.5));"#, "12.416793667762228 | 1.5667992369724109 | 0.00000010000000000000031 | 0.0 | NaN"),
        (#"print(to_degrees(123456.789)); print(to_degrees(1.0)); print(to_radians(1.5)); print(to_radians(180.0)); print(PI()); print(E());"#, "7073552.961937128 | 57.29577951308232 | 0.026179938779914945 | 3.141592653589793 | 3.141592653589793 | 2.718281828459045"),
        // to_int: errors beyond ±2^63 worded with Rust's `{}` of the float; NaN gives 0.
        (#"print(to_int(1e21));"#, "!! Integer overflow: to_int(1000000000000000000000) @1:7"),
        (#"print(to_int(-9.3e18));"#, "!! Integer overflow: to_int(-9300000000000000000) @1:7"),
        (#"print(to_int(0.0 / 0.0)); print(to_int(9223372036854775807.0)); print(to_int(-2.9)); print(to_int('a')); print(to_int(7));"#, "0 | 9223372036854775807 | -2 | 97 | 7"),
        (#"let x = 1.0 / 0.0; print(to_int(x));"#, "!! Integer overflow: to_int(inf) @1:26"),
        (#"print(to_int(true));"#, "!! Function not found: to_int (bool) @1:7"),
        (#"print(to_int("12"));"#, "!! Function not found: to_int (&str | ImmutableString | String) @1:7"),
        (#"print(to_float(3)); print(to_float(2.5));"#, "3.0 | 2.5"),
        (#"print(to_float("1.5"));"#, "!! Function not found: to_float (&str | ImmutableString | String) @1:7"),
        // sign, abs, is_zero, is_odd, is_even.
        (#"print(sign(-5)); print(sign(0)); print(sign(-0.0)); print(sign(2.5)); print(sign(-1.0 / 0.0)); print(abs(-2.5)); print(abs(-5)); print(is_zero(0.0)); print(is_zero(-0.0)); print(is_odd(-3)); print(is_even(-3));"#, "-1 | 0 | 0 | 1 | -1 | 2.5 | 5 | true | true | true | false"),
        (#"print(sign(0.0 / 0.0));"#, "!! Sign of NaN is undefined @1:7"),
        (#"let x = -9223372036854775807 - 1; print(abs(x));"#, "!! Negation overflow: --9223372036854775808 @1:41"),
        (#"print(is_odd(3.0));"#, "!! Function not found: is_odd (f64) @1:7"),
        // min and max: `if x >= y { x } else { y }` (NaN on the left gives the right side).
        (#"let n = 0.0 / 0.0; print(max(n, 1.0)); print(max(1.0, n)); print(min(n, 2)); print(min(2, n)); print(max(3, 2.5)); print(min(2.5, 3)); print(max(-1, -2)); print(min(1, 2));"#, "1.0 | NaN | 2.0 | NaN | 3.0 | 2.5 | -1 | 1"),
        // parse_int and parse_float (Rust's from_str_radix / f64::from_str).
        (#"print(parse_int(" 42 ")); print(parse_int("-17")); print(parse_int("+5")); print(parse_int("ff", 16)); print(parse_int("FF", 16)); print(parse_int("-zz", 36)); print(parse_int("101", 2));"#, "42 | -17 | 5 | 255 | 255 | -1295 | 5"),
        (#"print(parse_int("9223372036854775807")); print(parse_int("-9223372036854775808"));"#, "9223372036854775807 | -9223372036854775808"),
        (#"print(parse_int("9223372036854775808"));"#, "!! Error parsing integer number '9223372036854775808': number too large to fit in target type @1:7"),
        (#"print(parse_int("-9223372036854775809"));"#, "!! Error parsing integer number '-9223372036854775809': number too small to fit in target type @1:7"),
        (#"print(parse_int(""));"#, "!! Error parsing integer number '': cannot parse integer from empty string @1:7"),
        (#"print(parse_int("-"));"#, "!! Error parsing integer number '-': invalid digit found in string @1:7"),
        (#"print(parse_int("1.5"));"#, "!! Error parsing integer number '1.5': invalid digit found in string @1:7"),
        (#"print(parse_int("12", 1));"#, "!! Invalid radix: '1' @1:7"),
        (#"print(parse_int("12", 37));"#, "!! Invalid radix: '37' @1:7"),
        (#"print(parse_int("2", 2));"#, "!! Error parsing integer number '2': invalid digit found in string @1:7"),
        (#"print(parse_float("1.5")); print(parse_float(" -2 ")); print(parse_float("1e3")); print(parse_float(".5")); print(parse_float("5.")); print(parse_float("inf")); print(parse_float("-Infinity")); print(parse_float("NaN")); print(parse_float("+1E-2"));"#, "1.5 | -2.0 | 1000.0 | 0.5 | 5.0 | inf | -inf | NaN | 0.01"),
        (#"print(parse_float(""));"#, "!! Error parsing floating-point number '': cannot parse float from empty string @1:7"),
        (#"print(parse_float("1.5x"));"#, "!! Error parsing floating-point number '1.5x': invalid float literal @1:7"),
        (#"print(parse_float("0x10"));"#, "!! Error parsing floating-point number '0x10': invalid float literal @1:7"),
        (#"print(parse_float("e5"));"#, "!! Error parsing floating-point number 'e5': invalid float literal @1:7"),
        (#"print(parse_float("."));"#, "!! Error parsing floating-point number '.': invalid float literal @1:7"),
        // Getters: only the functions Rust registers with `get`.
        (#"print(5.is_odd); print(4.0.floor); print(2.5.round); print((-2.5).round); print(0.0.is_zero); print(3.7.int); print(3.7.fraction); print(1.0.is_nan); print(1.5.is_finite); print(1.5.is_infinite); print(6.is_even);"#, "true | 4.0 | 3.0 | -3.0 | true | 3.0 | 0.7000000000000002 | false | true | false | true"),
    ]

    @Test(arguments: cases)
    func matchesReference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
