import Testing
import Rhai

// Engine-owner smoke tests: the host API shapes other targets rely on (scope constants,
// registered functions, limits, deep data released safely).
@Suite struct EngineSmokeTests {
    @Test func scopeConstantsAndRegisteredFunctions() throws {
        let engine = Engine()
        var store: [String: Dynamic] = [:]
        engine.register("db_set") { (key: String, value: Dynamic) -> Dynamic in
            store[key] = value
            return .unit
        }
        engine.register("db_get") { (key: String) -> Dynamic in store[key] ?? .unit }
        let scope = Scope()
        scope.pushConstant("CONTEXT_ID", .string("circle-1"))
        let result = try engine.eval(#"db_set(CONTEXT_ID, [1, 2]); db_get("circle-1").len()"#, scope: scope)
        #expect(result == .int(2))
        #expect(store["circle-1"] == .array([.int(1), .int(2)]))
    }

    @Test func globalVariablesAreWrittenBackToTheScope() throws {
        let scope = Scope()
        _ = try Engine().eval("let total = 40 + 2; const NAME = `x${1}`;", scope: scope)
        #expect(scope.get("total") == .int(42))
        #expect(scope.get("NAME") == .string("x1"))
    }

    @Test func compiledScriptRunsManyTimes() throws {
        let engine = Engine()
        let ast = try engine.compile("fn sq(x) { x * x } sq(n)")
        for n in 1...3 {
            let scope = Scope()
            scope.push("n", .int(Int64(n)))
            #expect(try engine.run(ast, scope: scope) == .int(Int64(n * n)))
        }
    }

    @Test func errorsCarryKindAndPosition() {
        do {
            _ = try Engine().eval("let a = 1;\nlet b = a + y;")
            Issue.record("expected an error")
        } catch let error as RhaiError {
            #expect(error.kind == .variableNotFound)
            #expect(error.description == "Variable not found: y (line 2, position 13)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func deeplyNestedDataIsBuiltAndReleasedWithoutCrashing() throws {
        let value = try Engine().eval("let a = []; for i in 0..50000 { a = [a]; } to_string(a).len()")
        #expect(value == .int(100_002))
    }
}
