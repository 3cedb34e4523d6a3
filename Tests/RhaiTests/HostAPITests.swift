import Testing
import Rhai

// The Swift host API (book chapters: Engine, Scope, Register a Function, Print/Debug
// callbacks, Compile once – run many). Expectations ported from rhai/tests/{var_scope,
// native,call_fn,closures}.rs where they apply.
@Suite struct HostAPITests {
    @Test func scopeVariablesPersistAcrossEvaluations() throws {
        let engine = quietEngine()
        let scope = Scope()
        _ = try engine.eval("let x = 4 + 5", scope: scope)
        #expect(try engine.eval("x", scope: scope) == .int(9))
        _ = try engine.eval("x += 1; x += 2;", scope: scope)
        #expect(try engine.eval("x", scope: scope) == .int(12))
        #expect(scope.get("x") == .int(12))
        _ = try engine.eval("{ let x = 3 }", scope: scope)
        #expect(scope.get("x") == .int(12))
    }

    @Test func scriptSeesAndChangesHostVariables() throws {
        let engine = quietEngine()
        let scope = Scope()
        scope.push("y", .int(42))
        scope.push("z", .int(999))
        _ = try engine.eval("let x = 4 + 5 - y + z; y = 1;", scope: scope)
        #expect(try engine.eval("x", scope: scope) == .int(966))
        #expect(scope.get("y") == .int(1))
        #expect(scope.get("missing") == nil)
    }

    @Test func scopeShadowingKeepsTheLatestValue() throws {
        let engine = quietEngine()
        let scope = Scope()
        _ = try engine.eval("let x = 3; let y = 0; let x = 42; let y = 999; let x = 123;", scope: scope)
        #expect(scope.get("x") == .int(123))
        #expect(scope.get("y") == .int(999))
    }

    @Test func hostConstants() throws {
        let engine = quietEngine()
        let scope = Scope()
        scope.pushConstant("LIMIT", .int(10))
        #expect(try engine.eval("LIMIT * 2", scope: scope) == .int(20))
        #expect(errorKind("LIMIT = 1", on: engine, scope: scope) == .assignmentToConstant)
        #expect(scope.get("LIMIT") == .int(10))
    }

    @Test func hostValuesOfEveryKind() throws {
        let engine = quietEngine()
        let scope = Scope()
        scope.push("s", .string("foo"))
        scope.push("a", .array([.int(1), .int(2)]))
        scope.push("m", .map(["k": .float(0.5)]))
        scope.push("b", .bool(true))
        scope.push("c", .char("z"))
        #expect(try engine.eval(#"s == "foo""#, scope: scope) == .bool(true))
        #expect(try engine.eval("a.len() + a[1]", scope: scope) == .int(4))
        #expect(try engine.eval("m.k * 4.0", scope: scope) == .float(2.0))
        #expect(try engine.eval("!b", scope: scope) == .bool(false))
        #expect(try engine.eval("type_of(c)", scope: scope) == .string("char"))
        _ = try engine.eval("a.push(3); m.j = 1;", scope: scope)
        #expect(scope.get("a") == .array([.int(1), .int(2), .int(3)]))
        #expect(scope.get("m") == .map(["k": .float(0.5), "j": .int(1)]))
    }

    @Test func registeredFunctions() throws {
        let engine = quietEngine()
        engine.register("answer") { () throws -> Dynamic in .int(42) }
        engine.register("double") { (x: Int64) throws -> Dynamic in .int(x * 2) }
        engine.register("add") { (x: Int64, y: Int64) throws -> Dynamic in .int(x + y) }
        engine.register("greet") { (name: String) throws -> Dynamic in .string("hello, \(name)") }
        engine.register("half") { (x: Double) throws -> Dynamic in .float(x / 2) }
        engine.register("negate") { (b: Bool) throws -> Dynamic in .bool(!b) }
        #expect(try engine.eval("answer()") == .int(42))
        #expect(try engine.eval("double(21)") == .int(42))
        #expect(try engine.eval("add(40, 2)") == .int(42))
        #expect(try engine.eval(#"greet("rhai")"#) == .string("hello, rhai"))
        #expect(try engine.eval("half(5.0)") == .float(2.5))
        #expect(try engine.eval("negate(false)") == .bool(true))
    }

    @Test func registeredFunctionsAreMethods() throws {
        let engine = quietEngine()
        engine.register("double") { (x: Int64) throws -> Dynamic in .int(x * 2) }
        engine.register("add") { (x: Int64, y: Int64) throws -> Dynamic in .int(x + y) }
        #expect(try engine.eval("21.double()") == .int(42))
        #expect(try engine.eval("let x = 40; x.add(2)") == .int(42))
        #expect(try engine.eval("[1, 2, 3].map(|v| v.double())") == .array([.int(2), .int(4), .int(6)]))
        #expect(try engine.eval(#"let f = Fn("double"); f.call(4)"#) == .int(8))
    }

    @Test func overloadsByTypeAndArity() throws {
        let engine = quietEngine()
        engine.register("describe") { (x: Int64) throws -> Dynamic in .string("int \(x)") }
        engine.register("describe") { (x: String) throws -> Dynamic in .string("string \(x)") }
        engine.register("describe") { (x: Int64, y: Int64) throws -> Dynamic in .string("pair \(x) \(y)") }
        #expect(try engine.eval("describe(1)") == .string("int 1"))
        #expect(try engine.eval(#"describe("a")"#) == .string("string a"))
        #expect(try engine.eval("describe(1, 2)") == .string("pair 1 2"))
        #expect(errorKind("describe(1.5)", on: engine) == .functionNotFound)
        #expect(rhaiError("describe(true, 'c')", on: engine)?.message == "Function not found: describe (bool, char)")
    }

    @Test func dynamicParametersAcceptAnything() throws {
        let engine = quietEngine()
        engine.register("kind") { (x: Dynamic) throws -> Dynamic in .string(x.typeName) }
        #expect(try engine.eval("[kind(1), kind(\"s\"), kind([]), kind(#{}), kind(())]")
            == .array([.string("i64"), .string("string"), .string("array"), .string("map"), .string("()")]))
    }

    @Test func scriptFunctionsShadowRegisteredOnes() throws {
        let engine = quietEngine()
        engine.register("test") { () throws -> Dynamic in .int(42) }
        #expect(try engine.eval("fn test() { 123 } test()") == .int(123))
        #expect(try engine.eval("test()") == .int(42))
    }

    @Test func registeredErrorsFailTheScript() throws {
        let engine = quietEngine()
        engine.register("fail") { (message: String) throws -> Dynamic in throw RhaiError.runtime(message) }
        let error = try #require(rhaiError("let x = 1;\nfail(\"disk full\")", on: engine))
        #expect(error.kind == .runtime)
        #expect(error.description.contains("disk full"))
        #expect(try engine.eval(#"let r = 0; try { fail("x"); r = 1; } catch { r = 2; } r"#) == .int(2))
    }

    @Test func registeredClosuresCanKeepState() throws {
        let engine = quietEngine()
        var store: [String: Dynamic] = [:]
        engine.register("db_set") { (key: String, value: Dynamic) throws -> Dynamic in
            store[key] = value
            return .unit
        }
        engine.register("db_get") { (key: String) throws -> Dynamic in store[key] ?? .unit }
        _ = try engine.eval(#"db_set("a", [1, 2]); db_set("b", "x");"#)
        #expect(try engine.eval(#"db_get("a").len()"#) == .int(2))
        #expect(store["a"] == .array([.int(1), .int(2)]))
        #expect(store["b"] == .string("x"))
        #expect(try engine.eval(#"db_get("b")"#) == .string("x"))
        #expect(try engine.eval(#"db_get("nothing")"#) == .unit)
    }

    @Test func printAndDebugHooks() throws {
        let log = OutputLog()
        let engine = log.engine()
        _ = try engine.eval(#"print("a"); debug("b"); print(1); debug([1]); print(`${2}`);"#)
        #expect(log.printed == ["a", "1", "2"])
        #expect(log.debugged == [#""b""#, "[1]"])
    }

    @Test func compileOnceRunMany() throws {
        let engine = quietEngine()
        let ast = try engine.compile("fn sq(x) { x * x } sq(n) + 1")
        for n: Int64 in [0, 3, 10] {
            let scope = Scope()
            scope.push("n", .int(n))
            #expect(try engine.run(ast, scope: scope) == .int(n * n + 1))
        }
    }

    @Test func compileReportsSyntaxErrors() {
        #expect(throws: RhaiError.self) { try Engine().compile("let x = ;") }
        do {
            _ = try Engine().compile("fn f( {")
            Issue.record("compile should fail")
        } catch let error as RhaiError {
            #expect(error.kind == .parse)
            #expect(error.line == 1)
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test func compiledScriptsDoNotRunUntilAsked() throws {
        let log = OutputLog()
        let engine = log.engine()
        let ast = try engine.compile(#"print("ran")"#)
        #expect(log.printed.isEmpty)
        _ = try engine.run(ast)
        _ = try engine.run(ast)
        #expect(log.printed == ["ran", "ran"])
    }

    @Test func functionsDoNotLeakBetweenEvaluations() throws {
        let engine = quietEngine()
        _ = try engine.eval("fn helper() { 1 }")
        #expect(errorKind("helper()", on: engine) == .functionNotFound)
    }

    @Test func separateEnginesAreIndependent() throws {
        let first = quietEngine()
        let second = quietEngine()
        first.register("only_here") { () throws -> Dynamic in .int(1) }
        #expect(try first.eval("only_here()") == .int(1))
        #expect(errorKind("only_here()", on: second) == .functionNotFound)
    }

    @Test func dynamicAccessors() throws {
        #expect(try eval("42").asInt == 42)
        #expect(try eval("4.5").asFloat == 4.5)
        #expect(try eval(#""s""#).asString == "s")
        #expect(try eval("true").asBool == true)
        #expect(try eval("[1]").asArray == [.int(1)])
        #expect(try eval("#{a: 1}").asMap == ["a": .int(1)])
        #expect(try eval("()").isUnit)
        #expect(try eval("42").asString == nil)
        #expect(try eval("42").asFloat == nil)
    }

    @Test func valuesComeBackAsTheirRhaiTypes() throws {
        #expect(try eval("'x'") == .char("x"))
        #expect(try eval(#""x""#) == .string("x"))
        #expect(try eval("1.0") == .float(1))
        #expect(try eval("1") == .int(1))
        #expect(try eval("let a = [1]; a.push(#{b: ()}); a") == .array([.int(1), .map(["b": .unit])]))
    }
}
