import Testing
import Rhai

// The evaluator's fast paths (native methods resolved per call site, `local[i][j] op= v` in
// the frame slot, `local op= INT`, operands read without their node) must give the results,
// errors and operation counts of the general paths. Size limits and a script function of the
// method's name (another arity) send the same script down the general paths (except nested
// stores, which size limits do not turn away: a variable captured by a closure does). Expected
// values come from the Rust engine's `rhai-run`.
@Suite struct FastPathsTests {
    private static let script = """
        let m = [[1, 2], [3, 4]];
        let a = [];
        let x = 0;
        for i in 0..2 {
            for j in 0..2 {
                m[i][j] += i * 10 + j;
                m[i][-1] *= 2;
                a.push(m[i][j]);
                x -= j;
            }
        }
        [m, a, x]
        """

    /// The script's value and its operation count (the last count the progress callback saw).
    /// The general paths' script starts with a `push` function on its first line, so the
    /// positions of later lines stay the same.
    private func run(_ script: String, generalPaths: Bool) -> (value: String, operations: UInt64) {
        let engine = quietEngine()
        if generalPaths { engine.limits.maxArraySize = 1 << 20 }
        var operations: UInt64 = 0
        engine.onProgress = { count in
            operations = count
            return true
        }
        let source = generalPaths ? "fn push() {} " + script : script
        return (show(source, on: engine), operations)
    }

    @Test func sameValueAndOperationsAsTheGeneralPaths() {
        let fast = run(Self.script, generalPaths: false)
        let general = run(Self.script, generalPaths: true)
        #expect(fast.value == "[[[1, 10], [13, 38]], [1, 10, 13, 38], -2]")
        #expect(fast.value == general.value)
        #expect(fast.operations > 0)
        #expect(fast.operations == general.operations)
    }

    @Test func operationLimitStopsAtTheSameOperation() throws {
        let total = run(Self.script, generalPaths: false).operations
        for limit in [total - 1, total / 2, total / 3] {
            let fast = quietEngine()
            fast.limits.maxOperations = limit
            let general = quietEngine()
            general.limits.maxOperations = limit
            general.limits.maxArraySize = 1 << 20
            let fastError = try #require(rhaiError(Self.script, on: fast))
            let generalError = try #require(rhaiError("fn push() {} " + Self.script, on: general))
            #expect(fastError.kind == .tooManyOperations)
            #expect(fastError.position == generalError.position)
        }
    }

    /// Under size limits `local[i][j] op= v` checks the changed element as the general path
    /// does (a variable captured by a closure takes the general path).
    @Test(arguments: [("m[0][0] += \"0123456789\";", "error(dataTooLarge)"),
                      ("m[i][1] = \"x\" + m[0][0];", #"[["abcdef", 2], [3, "xabcdef"]]"#),
                      ("m[0][i] *= 3;", #"[["abcdef", 6], [3, 4]]"#)])
    func nestedStoresUnderSizeLimitsAsTheGeneralPath(_ store: String, _ expected: String) {
        func outcome(_ closure: String) -> String {
            let engine = quietEngine()
            engine.limits.maxStringSize = 10
            engine.limits.maxArraySize = 100
            let script = "let m = [[\"abcdef\", 2], [3, 4]];\nlet i = 1;\nlet f = || \(closure);\n\(store)\nm"
            let position = rhaiError(script, on: engine).map { " at \($0.position)" } ?? ""
            return show(script, on: engine) + position
        }
        let fast = outcome("0")
        #expect(fast.hasPrefix(expected))
        #expect(fast == outcome("m"))
    }

    @Test func nestedStoresFailAsTheGeneralPath() {
        // As rhai-run reports them: at the key 5, at the `-=`, at the `+=`.
        let outOfBounds = rhaiError("let b = [[1]]; b[0][5] += 1;")
        #expect(outOfBounds?.message == "Array index 5 out of bounds: only 1 element in array")
        #expect(outOfBounds?.position == Position(line: 1, column: 21))
        let mismatch = rhaiError(#"let m = [["a"]]; m[0][0] -= 1;"#)
        #expect(mismatch?.message == "Function not found: - (&str | ImmutableString | String, i64)")
        #expect(mismatch?.position == Position(line: 1, column: 26))
        let overflow = rhaiError("let x = 9223372036854775807; x += 1;")
        #expect(overflow?.message == "Addition overflow: 9223372036854775807 + 1")
        #expect(overflow?.position == Position(line: 1, column: 32))
    }
}
