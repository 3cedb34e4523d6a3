import Foundation
import Testing
import Rhai

// Robustness: the parser and evaluator under random token soup, mutated valid scripts and
// pathological nesting. Every input must end in a value or a RhaiError — never a crash, a
// non-Rhai error, or a hang beyond the limits. Deterministic seeds make failures replayable.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast, and identical on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let tokens: [String] = [
        "let", "const", "fn", "private", "if", "else", "switch", "while", "loop", "do", "until",
        "for", "in", "!in", "break", "continue", "return", "throw", "try", "catch", "import",
        "export", "as", "this", "global", "true", "false", "Fn", "call", "curry", "x", "y", "f",
        "a", "m", "_", "0", "1", "42", "-1", "9223372036854775807", "0xff", "0b101", "2.5",
        "1e300", "1e-300", "\"s\"", "'c'", "`t${x}`", "#\"raw\"#", "#{", "[", "]", "(", ")", "{",
        "}", ",", ";", ":", "::", ".", "?.", "?[", "..", "..=", "=>", "|", "||", "&&", "!", "+",
        "-", "*", "/", "%", "**", "<<", ">>", "&", "^", "==", "!=", "<", "<=", ">", ">=", "=",
        "+=", "-=", "*=", "/=", "**=", "??", "#", "@", "$", "\\", "\"", "`", "'", "/*", "*/",
        "//", "\n", " ", "print", "debug", "len", "push", "map", "filter", "reduce", "range",
        "type_of", "to_string", "pad", "sub_string", "parse_json", "to_json", "sort", "keys",
        "is_shared", "timestamp", "blob", "\u{0}", "é", "😀",
    ]

    static let seeds: [String] = [
        "let x = 40; x + 2",
        "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } } fib(10)",
        "let a = [3, 1, 2]; a.sort(); a.map(|v| v * 2).filter(|v| v > 2)",
        "let m = #{a: 1, b: [1, 2]}; m.b.push(m.a); m.to_json()",
        "let s = `x = ${40 + 2}`; s.len() + s.index_of('=')",
        "switch 5 { 1 | 2 => 'a', 3..10 if true => \"range\", _ => () }",
        "let i = 0; while i < 10 { i += 1; if i % 2 == 0 { continue; } } i",
        "let r = loop { break 7; }; do { r -= 1; } until r < 0; r",
        "for (x, i) in [1, 2, 3] { print(x * i); }",
        "try { throw #{code: 1}; } catch (e) { e.code }",
        "let x = 1; let f = |y| x + y; x = 10; f.call(5)",
        "fn add(n) { this += n; } let v = 1; v.add(2); v",
        "let f = Fn(\"len\"); f.call(\"hello\") + curry(Fn(\"max\"), 3).call(4)",
        "const K = 3; let t = 0; for n in range(0, 20, K) { t += n; } t",
        "let s = \"hello\"; s.pad(10, '*'); s.sub_string(2, 3) + s[0]",
        "let b = blob(4, 0x41); b.len()",
        "let x = 255; x[0..4] + get_bits(x, 1, 2)",
        "parse_json(`{\"a\": [1, 2.5, null]}`).a[1]",
        "let x = (); x?.y ?? x?[0] ?? 9",
        "let n = 2 ** 10; n >> 3 | 1 & 0xf ^ 7",
        "import \"nowhere\" as m; m::f()",
        "let a = #{}; a.me = a; a.len()",
        "let p = 1..=5; 3 in p && !(9 in p)",
        "fn f(a, b,) { a * b } f(6, 7,)",
    ]

    /// An engine with small limits so every input finishes quickly, and a wall-clock guard in
    /// case an operation escapes the counter.
    static func fuzzEngine() -> Engine {
        let engine = quietEngine()
        engine.limits.maxOperations = 20_000
        engine.limits.maxCallDepth = 48
        engine.limits.maxStringSize = 10_000
        engine.limits.maxArraySize = 10_000
        engine.limits.maxMapSize = 10_000
        return engine
    }

    /// Runs one input; records anything that is neither a value nor a RhaiError, and inputs
    /// that take far longer than their limits allow.
    static func check(_ script: String, on engine: Engine) {
        let deadline = Date().addingTimeInterval(2)
        engine.onProgress = { _ in Date() < deadline }
        let start = Date()
        do {
            _ = try engine.eval(script)
        } catch is RhaiError {
        } catch {
            Issue.record("non-Rhai error \(error) for input \(script.debugDescription)")
        }
        let elapsed = Date().timeIntervalSince(start)
        if elapsed > 5 {
            Issue.record("input took \(elapsed)s: \(script.debugDescription)")
        }
    }

    static func tokenSoup(_ rng: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...40, using: &rng)
        return (0..<count).map { _ in tokens.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
    }

    static func mutate(_ script: String, _ rng: inout SeededGenerator) -> String {
        var chars = Array(script)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !chars.isEmpty:
                let end = min(chars.count, position + Int.random(in: 1...6, using: &rng))
                chars.removeSubrange(position..<end)
            case 1:
                chars.insert(contentsOf: tokens.randomElement(using: &rng)!, at: position)
            case 2 where !chars.isEmpty:
                let end = min(chars.count, position + Int.random(in: 1...12, using: &rng))
                chars.insert(contentsOf: chars[position..<end], at: position)
            case 3 where chars.count > 1:
                let other = Int.random(in: 0..<chars.count, using: &rng)
                chars.swapAt(position, other)
            case 4 where !chars.isEmpty:
                chars[position] = Character(UnicodeScalar(UInt8.random(in: 32...126, using: &rng)))
            default:
                chars = Array(chars.prefix(position))
            }
        }
        return String(chars)
    }

    /// The inputs of one fuzz batch, generated deterministically from the batch number.
    static func batchInputs(_ batch: Int, mutated: Bool) -> [String] {
        var rng = SeededGenerator(seed: (mutated ? 0x5EED_0000 : 0xC1C1E5) &+ UInt64(batch))
        return (0..<500).map { index in
            mutated ? mutate(seeds[(index + batch * 7) % seeds.count], &rng) : tokenSoup(&rng)
        }
    }

    /// Child-process body: evaluates every input of a batch on one engine, announcing each
    /// input on standard error first so that a crash can be traced to it; exits 0 when the
    /// engine is still usable at the end.
    static func runBatch(_ inputs: [String]) -> Never {
        let engine = fuzzEngine()
        for script in inputs {
            FileHandle.standardError.write(Data("INPUT \(script.debugDescription)\n".utf8))
            check(script, on: engine)
        }
        engine.onProgress = nil
        exit((try? engine.eval("40 + 2")) == .int(42) ? 0 : 1)
    }

    /// Names the input a crashed batch was evaluating.
    static func recordCrash(_ result: ExitTest.Result?) {
        guard let result, result.exitStatus != .exitCode(0) else { return }
        let lines = String(decoding: result.standardErrorContent, as: UTF8.self).split(separator: "\n")
        let last = lines.last { $0.hasPrefix("INPUT ") } ?? "(none)"
        Issue.record("fuzz batch ended with \(result.exitStatus) on \(last.prefix(300))")
    }

    @Test(arguments: 0..<4)
    func randomTokenSoup(batch: Int) async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [batch] in
            FuzzTests.runBatch(FuzzTests.batchInputs(batch, mutated: false))
        }
        Self.recordCrash(result)
    }

    @Test(arguments: 0..<4)
    func mutatedValidScripts(batch: Int) async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [batch] in
            FuzzTests.runBatch(FuzzTests.batchInputs(batch, mutated: true))
        }
        Self.recordCrash(result)
    }

    /// Every seed is valid syntax on the Rust engine, so mutations start from real scripts.
    @Test(arguments: seeds)
    func seedsParse(script: String) throws {
        _ = try Engine().compile(script)
    }

    static let deepInputs: [(String, String)] = [
        ("parens", String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
        ("unclosed parens", String(repeating: "(", count: 10_000)),
        ("brackets", String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)),
        ("unclosed brackets", String(repeating: "[", count: 10_000)),
        ("blocks", String(repeating: "{", count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
        ("maps", String(repeating: "#{a:", count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
        ("ifs", String(repeating: "if true {", count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
        ("calls", String(repeating: "abs(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
        ("unary minus", String(repeating: "-", count: 10_000) + "1"),
        ("negation", String(repeating: "!", count: 10_000) + "true"),
        ("closures", String(repeating: "|| ", count: 10_000) + "1"),
        ("power chain", Array(repeating: "2", count: 10_000).joined(separator: "**")),
        ("sum chain", Array(repeating: "1", count: 100_000).joined(separator: " + ")),
        ("interpolation", String(repeating: "`${", count: 2_000) + "1" + String(repeating: "}`", count: 2_000)),
        ("switches", String(repeating: "switch 1 { _ => ", count: 5_000) + "1" + String(repeating: " }", count: 5_000)),
    ]

    /// Rust Rhai rejects all of these with `ExprTooDeep` (the expression depth limit).
    /// Each input runs in a child process so that a native stack overflow fails only its case.
    @Test(arguments: deepInputs.map(\.0))
    func deepNestingIsAParseError(name: String) async {
        await #expect(processExitsWith: .success, Comment(rawValue: name)) { [name] in
            let script = FuzzTests.deepInputs.first { $0.0 == name }!.1
            exit(errorKind(script, on: FuzzTests.fuzzEngine()) == .parse ? 0 : 1)
        }
    }

    static let runawayRecursion: [String] = [
        "fn f(x) { f(x + 1) } f(0)",
        "fn f(x) { 1 + f(x) } f(0)",
        "fn a(n) { b(n) } fn b(n) { a(n) } a(0)",
        "fn m() { this.m() } 1.m()",
        #"fn a(n) { call(Fn("a"), n) } a(1)"#,
        "fn f(a) { f([a]) } f(1)",
        "fn f(n) { [1].map(|x| f(n + x)) } f(0)",
    ]

    @Test(arguments: runawayRecursion)
    func unboundedRecursionIsAStackOverflow(script: String) {
        let engine = quietEngine()
        #expect(errorKind(script, on: engine) == .stackOverflow, Comment(rawValue: script))
    }

    @Test func selfApplicationOfClosuresIsAnError() {
        #expect(errorKind("let f = |g| g.call(g); f.call(f)") == .stackOverflow)
    }

    static let deepData: [(String, String)] = [
        ("let a = []; for i in 0..10000 { a = [a]; } to_string(a).len()", "20002"),
        ("let m = #{}; for i in 0..10000 { m = #{m: m}; } m.to_json().len()", "60002"),
        ("let a = []; for i in 0..10000 { a = [a]; } let b = a; a == b", "true"),
        ("let s = \"\"; for i in 0..10000 { s = `(${s})`; } s.len()", "20000"),
    ]

    /// Values nested 10,000 deep, built at run time, must render, compare and free safely
    /// (in a child process, so that a native stack overflow fails only its case).
    @Test(arguments: deepData)
    func deepDataBuiltAtRunTime(script: String, expected: String) async {
        await #expect(processExitsWith: .success, Comment(rawValue: script)) { [script, expected] in
            exit(show(script) == expected ? 0 : 1)
        }
    }

    @Test func largeFlatInputs() {
        let manyStatements = (0..<20_000).map { "let v\($0) = \($0);" }.joined() + " v19999"
        #expect(show(manyStatements) == "19999")
        let longString = "\"" + String(repeating: "a", count: 1_000_000) + "\".len()"
        #expect(show(longString) == "1000000")
        let wideArray = "[" + (0..<50_000).map(String.init).joined(separator: ",") + "].len()"
        #expect(show(wideArray) == "50000")
    }

    @Test(arguments: [
        "", " ", "\n\n", ";", ";;;", "// only a comment", "/* open comment", "\u{FEFF}1", "\u{0}",
        "let a = [1]; a" + String(repeating: "[0]", count: 10_000),
        "let m = #{}; m" + String(repeating: ".a", count: 10_000),
        "let m = #{}; m" + String(repeating: "?.a", count: 10_000),
    ].map(LongScript.init))
    func degenerateInputs(input: LongScript) {
        Self.check(input.script, on: Self.fuzzEngine())
    }
}

/// A test input whose name in the test log is cut short: a 10,000-deep script is not worth printing.
struct LongScript: CustomTestStringConvertible, Sendable {
    let script: String
    var testDescription: String {
        script.count <= 40 ? script.debugDescription : "\(script.prefix(24).debugDescription)… (\(script.count) chars)"
    }
}
