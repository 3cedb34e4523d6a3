import Testing
import Rhai

// Bit fields as the Rust engine v1.25.0 handles them: src/packages/bit_field.rs, iter_basic.rs
// (`bits`), eval/chaining.rs and eval/target.rs (`x[i]`, `x[range]`). Expected outputs are what the reference `rhai-run` printed for each
// script (see `rhaiRun`).
@Suite struct BitFieldsFidelityTests {
    static let cases: [(String, String)] = [
        // bit_field.rs: get_bit / set_bit (negative bits count from the end).
        (#"let x = 5; print(get_bit(x, 0)); print(get_bit(x, 1)); print(get_bit(x, -64)); print(get_bit(-1, 63)); print(get_bit(-1, -1));"#, "true | false | true | true | true"),
        (#"print(get_bit(5, 64));"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:7"),
        (#"print(get_bit(5, -65));"#, "!! Bit-field index -65 out of bounds: only 64 bits in bit-field @1:7"),
        (#"let x = 0; set_bit(x, 63, true); print(x); set_bit(x, -1, false); print(x); set_bit(x, 3, true); print(x);"#, "-9223372036854775808 | 0 | 8"),
        (#"let x = 0; set_bit(x, 64, true);"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:12"),
        // get_bits / set_bits with a start and a count, or a range.
        (#"let x = 0xff0; print(get_bits(x, 4, 4)); print(get_bits(x, 4, 0)); print(get_bits(x, 4, -1)); print(get_bits(x, -60, 8)); print(get_bits(-1, 60, 100)); print(get_bits(-1, 0, 64)); print(get_bits(x, 0, 9223372036854775807));"#, "15 | 0 | 0 | 255 | 15 | -1 | 4080"),
        (#"print(get_bits(5, 64, 1));"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:7"),
        (#"print(get_bits(5, -65, 1));"#, "!! Bit-field index -65 out of bounds: only 64 bits in bit-field @1:7"),
        (#"let x = 0xff0; print(get_bits(x, 4..8)); print(get_bits(x, 4..=7)); print(get_bits(x, -5..8)); print(get_bits(x, 8..4)); print(get_bits(-1, 60..100)); print(get_bits(-1, 0..=63)); print(get_bits(x, 8..=4));"#, "15 | 15 | 240 | 0 | 15 | -1 | 0"),
        (#"print(get_bits(5, 1..=64));"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:7"),
        (#"print(get_bits(5, 70..80));"#, "!! Bit-field index 70 out of bounds: only 64 bits in bit-field @1:7"),
        (#"let x = 0; set_bits(x, 4, 4, 0xff); print(x); set_bits(x, 0, 64, 7); print(x); set_bits(x, 60, 10, -1); print(x); set_bits(x, 2, 0, 1); print(x);"#, "240 | 7 | -1152921504606846969 | -1152921504606846969"),
        (#"let x = 0; set_bits(x, 4..8, 0xff); print(x); set_bits(x, 0..=3, 9); print(x); set_bits(x, 62..=63, 3); print(x);"#, "240 | 249 | -4611686018427387655"),
        (#"let x = 0; set_bits(x, 0..=64, 1);"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:12"),
        (#"let x = 0; set_bits(x, 64, 1, 1);"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:12"),
        // Indexing an integer: x[i] is a bit, x[range] a bit field (eval/chaining.rs).
        (#"let x = 10; print(x[1]); print(x[0]); print(x[-63]); print(x[1..3]); print(x[1..=3]); print(x[0..64]); print(x[..2]); print(x[62..]);"#, "true | false | true | 1 | 5 | 10 | 2 | 0"),
        (#"let x = -1; print(x[60..64]); print(x[63..]); print(x[60..=63]); print(x[0..=63]); print(x[3..1]);"#, "-1 | -1 | -1 | -1 | 0"),
        (#"let x = 10; try { print(x[1..99]); } catch (e) { print(e.message); }"#, "Bit-field index 99 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x[-1..3]); } catch (e) { print(e.message); }"#, "Bit-field index -1 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x[64..65]); } catch (e) { print(e.message); }"#, "Bit-field index 64 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x[0..=64]); } catch (e) { print(e.message); }"#, "Bit-field index 64 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x[64]); } catch (e) { print(e.message); }"#, "Bit-field index 64 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x[-65]); } catch (e) { print(e.message); }"#, "Bit-field index -65 out of bounds: only 64 bits in bit-field"),
        (#"let x = 10; try { print(x["a"]); } catch (e) { print(e.message); }"#, "Data type incorrect: string (expecting i64)"),
        (#"let x = 0; x[3] = true; print(x); x[-1] = true; print(x); x[0..4] = 0xff; print(x); x[60..] = 1; print(x); x[1..=2] = -1; print(x);"#, "8 | -9223372036854775800 | -9223372036854775793 | 1152921504606846991 | 1152921504606846991"),
        (#"let x = 0; x[3] = 1; print(x);"#, "!! Data type incorrect: i64 (expecting bool) @1:17"),
        (#"let x = 0; x[0..2] = true; print(x);"#, "!! Data type incorrect: bool (expecting integer) @1:20"),
        (#"let x = 0; try { x[64] = true; } catch (e) { print(e.message); }"#, "Bit-field index 64 out of bounds: only 64 bits in bit-field"),
        (#"let x = 0; try { x[1..70] = 1; } catch (e) { print(e.message); }"#, "Bit-field index 70 out of bounds: only 64 bits in bit-field"),
        // bits(): an iterator of booleans (iter_basic.rs; here an array, so `type_of` differs).
        (#"let a = []; for b in bits(5, 0, 4) { a.push(b); } print(a);"#, "[true, false, true, false]"),
        (#"let a = []; for b in bits(5) { a.push(b); } print(a.len());"#, "64"),
        (#"let a = []; for b in bits(-1, 60) { a.push(b); } print(a); let a = []; for b in bits(10, -4, 2) { a.push(b); } print(a);"#, "[true, true, true, true] | [false, false]"),
        (#"let a = []; for b in bits(10, 1..3) { a.push(b); } print(a); let a = []; for b in bits(10, 1..=3) { a.push(b); } print(a);"#, "[true, false] | [true, false, true]"),
        (#"let a = []; for b in 10.bits { a.push(b); } print(a.len());"#, "64"),
        (#"print(bits(5, 64));"#, "!! Bit-field index 64 out of bounds: only 64 bits in bit-field @1:7"),
        (#"print(bits(5, -65));"#, "!! Bit-field index -65 out of bounds: only 64 bits in bit-field @1:7"),
        (#"let a = []; for b in bits(5, 1, -1) { a.push(b); } print(a);"#, "[]"),
    ]

    @Test(arguments: cases)
    func matchesReference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }
}
