import Foundation
import Testing
import Rhai

// Book chapter: Safety and Protection (max operations, call depth, expression depth, string,
// array and map sizes, progress callback). Values ported from rhai/tests/{operations,
// data_size,stack}.rs.
@Suite struct LimitsTests {
    /// A quiet engine with some limits changed.
    private func limitedEngine(_ configure: (inout Limits) -> Void) -> Engine {
        let engine = quietEngine()
        configure(&engine.limits)
        return engine
    }

    @Test func maxOperations() throws {
        let engine = limitedEngine { $0.maxOperations = 500 }
        #expect(show("let x = 0; while x < 20 { x += 1; } x", on: engine) == "20")
        #expect(errorKind("let s = 0; for x in 0..500 { s += x }", on: engine) == .tooManyOperations)
        #expect(show("let x = 0; while x < 20 { x += 1; } x", on: engine) == "20")

        engine.limits.maxOperations = 0
        #expect(show("let n = 0; for x in 0..10000 { n += 1; } n", on: engine) == "10000")
    }

    @Test func maxOperationsInsideFunctions() {
        let engine = limitedEngine { $0.maxOperations = 500 }
        #expect(errorKind("fn f() { loop {} } f()", on: engine) == .tooManyOperations)
        #expect(errorKind("fn f(n) { if n == 0 { 0 } else { f(n - 1) + 1 } } let s = 0; for i in 0..100 { s += f(10); } s", on: engine) == .tooManyOperations)
        #expect(errorKind("[1, 2, 3].map(|x| { loop {} })", on: engine) == .tooManyOperations)
    }

    /// Exact operation accounting of the Rust engine (rhai/tests/operations.rs).
    @Test func operationAccountingMatchesRhai() {
        let literals = limitedEngine { $0.maxOperations = 10 }
        #expect(show("[1, 2, 3, 4, 5, 6, 7]", on: literals) == "[1, 2, 3, 4, 5, 6, 7]")
        #expect(errorKind("[1, 2, 3, 4, 5, 6, 7, 8, 9]", on: literals) == .tooManyOperations)
        #expect(show("#{a:1, b:2, c:3, d:4, e:5, f:6, g:7}.len()", on: literals) == "7")
        #expect(errorKind("#{a:1, b:2, c:3, d:4, e:5, f:6, g:7, h:8, i:9}", on: literals) == .tooManyOperations)

        let functions = limitedEngine { $0.maxOperations = 500 }
        #expect(errorKind(#"print("Test1"); let x = 0; while x < 28 { print(x); x += 1; }"#, on: functions) == nil)
        #expect(errorKind(#"print("Test2"); fn inc(x) { x + 1 } let x = 0; while x < 20 { x = inc(x); }"#, on: functions) == nil)
        #expect(errorKind(#"print("Test3"); fn inc(x) { x + 1 } let x = 0; while x < 36 { print(x); x = inc(x); }"#, on: functions) == .tooManyOperations)
    }

    @Test func progressCallbackTerminates() {
        let engine = quietEngine()
        engine.limits.maxOperations = 0
        var calls: UInt64 = 0
        engine.onProgress = { count in
            calls = count
            return count < 100
        }
        #expect(errorKind("let s = 0; for x in 0..500 { s += x }", on: engine) == .terminated)
        #expect(calls >= 100 && calls < 500)

        engine.onProgress = nil
        #expect(show("let n = 0; for x in 0..500 { n += x; } n", on: engine) == "124750")
    }

    @Test func progressCallbackSeesIncreasingCounts() {
        let engine = quietEngine()
        var seen: [UInt64] = []
        engine.onProgress = { count in
            seen.append(count)
            return true
        }
        #expect(show("let s = 0; for i in 0..50 { s += i; } s", on: engine) == "1225")
        #expect(!seen.isEmpty)
        #expect(seen == seen.sorted())
    }

    @Test func maxStringSize() {
        let engine = limitedEngine { $0.maxStringSize = 10 }
        #expect(errorKind(#"let x = "hello, world!";"#, on: engine) == .parse)
        #expect(errorKind(#"let x = "朝に紅顔、暮に白骨";"#, on: engine) == .parse)
        #expect(errorKind("let x = `朝に紅顔、暮に白骨`;", on: engine) == .parse)
        #expect(errorKind(#"let x = `Say ${"Hi!"} and so be it.`;"#, on: engine) == .parse)
        #expect(errorKind(#"let x = "hello, "; let y = "world!"; x + y"#, on: engine) == .dataTooLarge)
        #expect(errorKind(#"let x = "hello"; x.pad(100, '!'); x"#, on: engine) == .dataTooLarge)
        #expect(errorKind(#"let s = ""; loop { s += "a"; }"#, on: engine) == .dataTooLarge)
        #expect(show(#"let x = "hello"; x + "!!""#, on: engine) == #""hello!!""#)

        engine.limits.maxStringSize = 0
        #expect(show(#"let x = "hello, "; let y = "world!"; x + y"#, on: engine) == #""hello, world!""#)
    }

    @Test func maxArraySize() {
        let engine = limitedEngine {
            $0.maxArraySize = 10
            $0.maxMapSize = 10
        }
        #expect(errorKind("let x = [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15];", on: engine) == .parse)
        #expect(errorKind("let x = [1,2,3,4,5,6]; let y = [7,8,9,10,11,12]; x + y", on: engine) == .dataTooLarge)
        #expect(show("let x = 42; let y = []; let f = || x; for n in 0..10 { y += x; } len(y)", on: engine) == "10")
        #expect(errorKind("let x = 42; let y = []; let f = || x; for n in 0..11 { y += x; }", on: engine) == .dataTooLarge)
        #expect(show("let x = [1,2,3,4,5,6]; x.pad(10, 42); len(x)", on: engine) == "10")
        #expect(errorKind("let x = [1,2,3,4,5,6]; x.pad(11, 42); x", on: engine) == .dataTooLarge)
        #expect(show("let x = [1,2]; len([x, x, x])", on: engine) == "3")
        #expect(errorKind("let x = [1,2,3]; [x, x, x, x]", on: engine) == .dataTooLarge)
        #expect(errorKind("let x = #{a:1, b:2, c:3}; [x, x, x, x]", on: engine) == .dataTooLarge)
        #expect(errorKind("let x = [1]; let y = [x, x]; let z = [y, y]; [z, z, z]", on: engine) == .dataTooLarge)

        engine.limits.maxArraySize = 0
        #expect(show("let x = [1,2,3,4,5,6]; let y = [7,8,9,10,11,12]; len(x + y)", on: engine) == "12")
        #expect(show("let x = [1,2,3]; len([x, x, x, x])", on: engine) == "4")
    }

    @Test func maxMapSize() {
        let engine = limitedEngine {
            $0.maxMapSize = 10
            $0.maxArraySize = 10
        }
        #expect(errorKind("let x = #{a:1,b:2,c:3,d:4,e:5,f:6,g:7,h:8,i:9,j:10,k:11,l:12,m:13,n:14,o:15};", on: engine) == .parse)
        #expect(errorKind("let x = #{a:1,b:2,c:3,d:4,e:5,f:6}; let y = #{g:7,h:8,i:9,j:10,k:11,l:12}; x + y", on: engine) == .dataTooLarge)
        #expect(errorKind("let x = #{a:1,b:2,c:3}; #{u:x, v:x, w:x, z:x}", on: engine) == .dataTooLarge)
        #expect(errorKind("let x = [1, 2, 3]; #{u:x, v:x, w:x, z:x}", on: engine) == .dataTooLarge)
        #expect(errorKind("let m = #{}; for i in 0..20 { m[`k${i}`] = i; }", on: engine) == .dataTooLarge)

        engine.limits.maxMapSize = 0
        #expect(show("let x = #{a:1,b:2,c:3,d:4,e:5,f:6}; let y = #{g:7,h:8,i:9,j:10,k:11,l:12}; (x + y).len()", on: engine) == "12")
        #expect(show("let x = #{a:1,b:2,c:3}; #{u:x, v:x, w:x, z:x}.len()", on: engine) == "4")
    }

    /// A value nested into itself grows without bound; the size limits count nested items.
    /// Runs in a child process so that a native stack overflow fails only this test.
    @Test func selfNestingArrayHitsTheSizeLimit() async {
        await #expect(processExitsWith: .success) {
            let engine = quietEngine()
            engine.limits.maxArraySize = 10
            exit(errorKind("let x = [ 42 ]; loop { x[0] = x; }", on: engine) == .dataTooLarge ? 0 : 1)
        }
    }

    @Test func selfNestingMapHitsTheSizeLimit() async {
        await #expect(processExitsWith: .success) {
            let engine = quietEngine()
            engine.limits.maxMapSize = 10
            exit(errorKind("let x = #{}; loop { x.a = x; }", on: engine) == .dataTooLarge ? 0 : 1)
        }
    }

    @Test func maxCallDepth() {
        let engine = limitedEngine { $0.maxCallDepth = 8 }
        #expect(show("fn foo(n) { if n <= 1 { 0 } else { n + foo(n-1) } } foo(6)", on: engine) == "20")
        #expect(errorKind("fn foo(n) { if n == 0 { 0 } else { n + foo(n-1) } } foo(9)", on: engine) == .stackOverflow)
        #expect(show("1 + 1", on: engine) == "2")
    }

    @Test func defaultCallDepthStopsRunawayRecursion() {
        let engine = Engine()
        #expect(engine.limits.maxCallDepth == 64)
        #expect(errorKind("fn foo(n) { if n == 0 { 0 } else { n + foo(n-1) } } foo(129)", on: quietEngine()) == .stackOverflow)
    }

    @Test func maxExpressionDepth() {
        let chain = (0..<150).map { _ in "1" }.joined(separator: " + ")
        let short = (0..<50).map { _ in "1" }.joined(separator: " + ")
        let engine = limitedEngine { $0.maxExpressionDepth = 100 }
        #expect(errorKind(chain, on: engine) == .parse)
        #expect(show(short, on: engine) == "50")

        let power = Array(repeating: "1", count: 1000).joined(separator: "**")
        #expect(errorKind(power) == .parse)
        let nested = "let a = " + String(repeating: "(1+", count: 1000) + "1" + String(repeating: ")", count: 1000) + ";"
        #expect(errorKind(nested) == .parse)
        #expect(show("1 + 2") == "3")
    }

    @Test func limitErrorsLeaveTheEngineUsable() {
        let engine = limitedEngine {
            $0.maxOperations = 200
            $0.maxStringSize = 20
            $0.maxCallDepth = 5
        }
        #expect(errorKind("loop {}", on: engine) == .tooManyOperations)
        #expect(errorKind(#"let s = "x"; loop { s += s; }"#, on: engine) == .dataTooLarge)
        #expect(errorKind("fn f() { f() } f()", on: engine) == .stackOverflow)
        #expect(show("let x = 2; x * 21", on: engine) == "42")
    }

    @Test func limitsApplyToCompiledScriptsAtRunTime() throws {
        let engine = quietEngine()
        let ast = try engine.compile("let n = 0; for i in 0..1000 { n += 1; } n")
        #expect(try engine.run(ast) == .int(1000))
        engine.limits.maxOperations = 100
        #expect(throws: RhaiError.self) { try engine.run(ast) }
    }
}
