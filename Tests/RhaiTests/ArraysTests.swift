import Testing
import Rhai

// Book chapter: Arrays (literals, indexing, built-in functions, value semantics).
// Values ported from rhai/tests/arrays.rs and the book's examples.
@Suite struct ArraysTests {
    static let indexing: [(String, String)] = [
        ("let x = [1, 2, 3]; x[1]", "2"),
        ("let x = [1, 2, 3,]; x[1]", "2"),
        ("let y = [1, 2, 3]; y[1] = 5; y[1]", "5"),
        ("let y = [1, 2, 3]; y[0]", "1"),
        ("let y = [1, 2, 3]; y[-1]", "3"),
        ("let y = [1, 2, 3]; y[-3]", "1"),
        ("let y = [1, 2, 3]; let z = [42]; y[z.len]", "2"),
        ("let y = [1, 2, [3, 4, 5, 6]]; let z = [42]; y[2][z.len]", "4"),
        ("let y = [1, 2, 3]; let z = [2]; y[z[0]]", "3"),
        ("let x = #{ foo: 42 }; let n = 0; let a = [[x]]; let i = [n]; a[n][i[n]].foo", "42"),
        ("let a = [[1, 2], [3]]; a[0][1] = 9; a", "[[1, 9], [3]]"),
        ("let a = [1, 2, 3]; a[-1] = 30; a", "[1, 2, 30]"),
        ("[10, 20, 30][1]", "20"),
        ("let a = [1, \"two\", 3.0, '4', true, (), [5]]; a", #"[1, "two", 3.0, '4', true, (), [5]]"#),
        (#"let a = [#{s: "hello"}]; a[0].s[2] = 'X'; a[0].s"#, #""heXlo""#),
    ]

    @Test(arguments: indexing)
    func index(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let functions: [(String, String)] = [
        ("let y = [1, 2, 3]; y += 4; y[3]", "4"),
        ("let y = [1, 2, 3]; pad(y, 5, 42); len(y)", "5"),
        ("let y = [1, 2, 3]; pad(y, 5, [42]); len(y)", "5"),
        ("let y = [1, 2, 3]; pad(y, 5, [42, 999, 123]); y[4][0]", "42"),
        ("let y = [1, 2, 3]; y.pad(5, 0); y", "[1, 2, 3, 0, 0]"),
        ("let y = [1, 2, 3]; extract(y, 1, 10)", "[2, 3]"),
        ("let y = [1, 2, 3]; extract(y, -3, 1)", "[1]"),
        ("let y = [1, 2, 3]; extract(y, -99, 2)", "[1, 2]"),
        ("let y = [1, 2, 3]; extract(y, 99, 1)", "[]"),
        ("let y = [1, 2, 3, 4]; y.extract(1)", "[2, 3, 4]"),
        ("let y = [1, 2, 3]; y.push(4); y", "[1, 2, 3, 4]"),
        ("let y = [1, 2, 3]; y.insert(0, 4); y", "[4, 1, 2, 3]"),
        ("let y = [1, 2, 3]; y.insert(999, 4); y", "[1, 2, 3, 4]"),
        ("let y = [1, 2, 3]; y.insert(-2, 4); y", "[1, 4, 2, 3]"),
        ("let y = [1, 2, 3]; y.insert(-999, 4); y", "[4, 1, 2, 3]"),
        (
            "let x = [2, 9]; x.insert(-1, 1); x.insert(999, 3); x.insert(-9, 99); let r = x.remove(2); let y = [4, 5]; x.append(y); x",
            "[99, 2, 9, 3, 4, 5]"
        ),
        ("let x = [1, 2, 3]; x += [4, 5]; x", "[1, 2, 3, 4, 5]"),
        ("let x = [1, 2, 3]; let y = [4, 5]; x + y", "[1, 2, 3, 4, 5]"),
        ("let x = [1, 2, 3]; let y = [4, 5]; x + y; x", "[1, 2, 3]"),
        ("let a = [1, 2, 3]; a.pop()", "3"),
        ("let a = [1, 2, 3]; a.pop(); a", "[1, 2]"),
        ("let a = []; a.pop()", "()"),
        ("let a = [1, 2, 3]; a.shift()", "1"),
        ("let a = [1, 2, 3]; a.shift(); a", "[2, 3]"),
        ("let a = [1, 2, 3]; a.remove(1)", "2"),
        ("let a = [1, 2, 3]; a.remove(1); a", "[1, 3]"),
        ("let a = [1, 2, 3]; a.remove(5)", "()"),
        ("let a = [1, 2, 3]; a.len()", "3"),
        ("let a = [1, 2, 3]; a.len", "3"),
        ("len([1, 2, 3])", "3"),
        ("[].is_empty()", "true"),
        ("[1].is_empty()", "false"),
        ("let a = [1, 2, 3]; a.clear(); a", "[]"),
        ("let a = [1, 2, 3, 4]; a.truncate(2); a", "[1, 2]"),
        ("let a = [1, 2, 3, 4]; a.chop(2); a", "[3, 4]"),
        ("let a = [1, 2, 3]; a.reverse(); a", "[3, 2, 1]"),
        ("let a = [3, 1, 2]; a.sort(); a", "[1, 2, 3]"),
        (#"let a = ["b", "c", "a"]; a.sort(); a"#, #"["a", "b", "c"]"#),
        ("let a = [3, 1, 2]; a.sort(|x, y| y - x); a", "[3, 2, 1]"),
        ("let a = [3, 1, 2]; a.sort(|x, y| if x < y { -1 } else if x > y { 1 } else { 0 }); a", "[1, 2, 3]"),
        ("let a = [1, 1, 2, 2, 3, 1]; a.dedup(); a", "[1, 2, 3, 1]"),
        ("let a = [1, 2, 3, 4]; a.splice(1, 2, [9, 9, 9]); a", "[1, 9, 9, 9, 4]"),
        ("let a = [1, 2, 3, 4, 5]; a.drain(1, 2); a", "[1, 4, 5]"),
        ("let a = [1, 2, 3, 4, 5]; a.drain(|v| v > 3)", "[4, 5]"),
        ("let a = [1, 2, 3, 4, 5]; a.retain(|v| v % 2 == 1); a", "[1, 3, 5]"),
        ("let a = [1, 2, 3, 4]; a.split(1)", "[2, 3, 4]"),
        ("let a = [1, 2, 3, 4]; a.split(1); a", "[1]"),
        ("[1, 2, 3].contains(2)", "true"),
        ("[1, 2, 3].contains(5)", "false"),
        ("[1, 2, 3].index_of(3)", "2"),
        ("[1, 2, 3].index_of(7)", "-1"),
        ("[1, 2, 3].index_of(|v| v > 1)", "1"),
        ("[1].map(|x| x + 41)[0]", "42"),
        ("[1].map(|| this + 41)[0]", "42"),
        ("let x = [1, 2, 3]; x.for_each(|| this += 41); x[0]", "42"),
        ("let x = [1, 2, 3]; let sum = 0; let factor = 2; x.for_each(|| sum += this * factor); sum", "12"),
        ("([1].map(|x| x + 41))[0]", "42"),
        ("let c = 40; let y = 1; [1].map(|x, i| c + x + y + i)[0]", "42"),
        ("let x = [1, 2, 3]; x.for_each(|i| this += i); x[2]", "5"),
        ("let x = [1, 2, 3]; x.filter(|v| v > 2)", "[3]"),
        ("let x = [1, 2, 3]; x.filter(|| this > 2)", "[3]"),
        ("let x = [1, 2, 3]; x.filter(|v, i| v > i)", "[1, 2, 3]"),
        ("let x = [1, 2, 3]; x.map(|v| v * 2)", "[2, 4, 6]"),
        ("let x = [1, 2, 3]; x.map(|| this * 2)", "[2, 4, 6]"),
        ("let x = [1, 2, 3]; x.map(|v, i| v * i)", "[0, 2, 6]"),
        (#"let x = [1, 2, 3]; x.reduce(|sum, v| if sum.type_of() == "()" { v * v } else { sum + v * v })"#, "14"),
        ("let x = [1, 2, 3]; x.reduce(|sum, v, i| { if i == 0 { sum = 10 } sum + v * v })", "24"),
        (#"let x = [1, 2, 3]; x.reduce_rev(|sum, v| if sum.type_of() == "()" { v * v } else { sum + v * v })"#, "14"),
        ("let x = [1, 2, 3]; x.reduce_rev(|sum, v, i| { if i == 2 { sum = 10 } sum + v * v })", "24"),
        ("[1, 2, 3, 4].map(|x| x * x).reduce(|a, v| a + v, 0)", "30"),
        ("let x = [1, 2, 3]; x.some(|v| v > 1)", "true"),
        ("let x = [1, 2, 3]; x.some(|v, i| v * i == 0)", "true"),
        ("let x = [1, 2, 3]; x.all(|v| v > 1)", "false"),
        ("let x = [1, 2, 3]; x.all(|v, i| v > i)", "true"),
        ("let x = [1, 2, 3]; x.find(|v| v > 2)", "3"),
        ("let x = [1, 2, 3]; x.find(|v, i| v * i == 6)", "3"),
        ("let x = [1, 2, 3, 2, 1]; x.find(|v| v > 4)", "()"),
        ("let x = [#{alice: 1}, #{bob: 2}, #{clara: 3}]; x.find_map(|v| v.bob)", "2"),
        ("let x = [#{alice: 1}, #{bob: 2}, #{clara: 3}]; x.find_map(|v| v.dave)", "()"),
        (#"fn square(x) { x * x } [1, 2, 3].map(Fn("square"))"#, "[1, 4, 9]"),
        (#"fn odd(x) { x % 2 == 1 } [1, 2, 3].filter("odd")"#, "[1, 3]"),
        (#"let a = [42, 123, 99]; a.filter("is_odd")"#, "[123, 99]"),
        ("let a = [42, 123, 99]; a.map(|v, i| v + i)", "[42, 124, 101]"),
        ("let a = [42, 123, 99]; a.filter(|v, i| i == 1)", "[123]"),
        ("let a = [42, 123, 99]; a.some(|v, i| v < i)", "false"),
        ("let a = [42, 123, 99]; a.reduce(|sum, v| sum + v, 0)", "264"),
        ("let a = [42, 123, 99]; a.reduce(|sum, v, i| if i == 0 { v } else { sum + v })", "264"),
        ("let a = [42, 123, 99]; a.reduce_rev(|sum, v| sum + v, 0)", "264"),
        ("let a = [42, 123, 99]; a.splice(1, 1, [1, 3, 2]); a", "[42, 1, 3, 2, 99]"),
        ("let a = [42, 1, 3, 2, 99]; a.extract(1, 3)", "[1, 3, 2]"),
        ("let a = [42, 1, 3, 2, 99]; a.sort(|x, y| y - x); a", "[99, 42, 3, 2, 1]"),
        ("let a = [99, 42, 3, 2, 1]; a.sort(); a.drain(|v| v <= 1); a", "[2, 3, 42, 99]"),
        ("let a = [2, 3, 42, 99]; a.drain(|v, i| i >= 3); a", "[2, 3, 42]"),
        ("let a = [2, 3, 42]; a.retain(|v| v > 10); a", "[42]"),
        ("let a = [42]; a.retain(|v, i| i > 0); a", "[]"),
        ("let y = [1, 42, 4, 4, 5]; y.shift(); y.chop(3); y", "[4, 4, 5]"),
        (#"let y = [4, 4]; y.pad(6, "hello"); y.truncate(4); y"#, #"[4, 4, "hello", "hello"]"#),
        ("fn abc() { [42, 43, 44] } abc()[0]", "42"),
        (#"[1, 2, 3].map(|x| `${x}`)"#, #"["1", "2", "3"]"#),
        ("let a = []; for i in 0..5 { a.push(i * i); } a", "[0, 1, 4, 9, 16]"),
        ("let a = [1, 2]; a.append([3]); a.len()", "3"),
    ]

    @Test(arguments: functions)
    func function(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let valueSemantics: [(String, String)] = [
        ("let a = [1, 2]; let b = a; b.push(3); a", "[1, 2]"),
        ("let a = [1, 2]; let b = a; b[0] = 9; a", "[1, 2]"),
        ("fn f(x) { x.push(4); x } let a = [1]; f(a); a", "[1]"),
        ("fn f(x) { x.push(4); x } let a = [1]; f(a)", "[1, 4]"),
        ("fn f(x) { x[0] = 99; } let a = [1, 2]; f(a); a", "[1, 2]"),
        ("fn f(x) { x = []; } let a = [1, 2]; f(a); a", "[1, 2]"),
        ("let a = [[1]]; let b = a[0]; b.push(2); a", "[[1]]"),
        ("let m = #{list: [1]}; let l = m.list; l.push(2); m.list", "[1]"),
        ("let a = [1]; let b = [a, a]; b[0].push(2); [a, b]", "[[1], [[1, 2], [1]]]"),
        ("let a = [1, 2, 3]; for x in a { x *= 10; } a", "[1, 2, 3]"),
        ("let a = [1, 2, 3]; a.map(|x| x * 10); a", "[1, 2, 3]"),
        ("fn add(n) { this.push(n); } let a = [1]; a.add(2); a", "[1, 2]"),
        ("let m = #{a: [1]}; m.a.push(2); m", #"#{"a": [1, 2]}"#),
        ("let x = 42; let y = []; let f = || x; for n in 0..10 { y += x; } some(y, |x| is_shared(x))", "false"),
    ]

    @Test(arguments: valueSemantics)
    func copyOnWrite(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        ("let y = []; y[-3]", .indexOutOfBounds),
        ("let y = []; y[0]", .indexOutOfBounds),
        ("let y = []; y[1]", .indexOutOfBounds),
        ("let y = [1, 2, 3]; y[3]", .indexOutOfBounds),
        ("let y = [1, 2, 3]; y[-4]", .indexOutOfBounds),
        ("let y = [1, 2, 3]; y[3] = 0;", .indexOutOfBounds),
        ("let y = [1, 2, 3]; let i = \"x\"; y[i]", .mismatchedType),
        ("let b = true; b[0]", .indexingType),
        ("let f = 1.5; f[0]", .indexingType),
        ("[1] + 1", .functionNotFound),
        ("let a = [1]; a.no_such_fn()", .functionNotFound),
        ("[1, 2].map(|x| x + \"a\" * 2)", .functionNotFound),
        // Rhai has no `none` (array_basic.rs); the reference says "Function not found: none (array, Fn)".
        ("let a = [42, 123, 99]; a.none(|v| v != 0)", .functionNotFound),
    ]

    @Test(arguments: errors)
    func arrayError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    static let badIndexLiterals: [String] = [
        "[1, 2, 3]['x']",
        "[1, 2, 3][123.456]",
        "[1, 2, 3][()]",
        #"[1, 2, 3]["hello"]"#,
        "[1, 2, 3][true && false]",
    ]

    @Test(arguments: badIndexLiterals)
    func malformedIndex(script: String) {
        #expect(errorKind(script) == .parse)
    }

    @Test func indexOnIndexedValueWithCharIsAccepted() throws {
        _ = try Engine().compile("[1, 2, 3][0]['x']")
    }

    @Test func swiftValueOfArray() throws {
        #expect(try eval("[1, \"a\", 2.5, true]") == .array([.int(1), .string("a"), .float(2.5), .bool(true)]))
        #expect(try eval("[1, 2, 3]").asArray?.count == 3)
    }
}
