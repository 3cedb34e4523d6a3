import Testing
import Rhai

// Book chapters: Throw Exception, Catch Exceptions (try … catch), error kinds, positions and
// messages. Values ported from rhai/tests/throw.rs and the book.
@Suite struct ErrorsTests {
    static let tryCatch: [(String, String)] = [
        ("try { throw 42; } catch (x) { return x; }", "42"),
        ("try { throw 42; } catch { return 123; }", "123"),
        ("let x = 42; try { let y = 123; print(x/0); } catch { x = 0 } x", "0"),
        ("let err = 123; let x = 0; try { throw 42; } catch(err) { return err; }", "42"),
        ("let err = 123; let x = 0; try { throw 42; } catch(err) { print(err); } err", "123"),
        ("let foo = 123; let x = 0; try { throw 42; } catch(err) { return foo; }", "123"),
        ("let foo = 123; let x = 0; try { throw 42; } catch(err) { return err; }", "42"),
        (#"let r = (); try { throw "oops"; } catch (e) { r = e; } r"#, #""oops""#),
        ("let r = (); try { throw [1, 2]; } catch (e) { r = e; } r", "[1, 2]"),
        ("let r = (); try { throw #{code: 7}; } catch (e) { r = e.code; } r", "7"),
        ("let r = 1; try { throw; } catch (e) { r = e; } r", "()"),
        ("try { 1 } catch { 2 }", "1"),
        // The Rust engine gives a `try` statement the value of its body, or `()` after a catch.
        ("try { 42 / 0 } catch { -1 }", "()"),
        ("let r = (); fn f() { throw 5; } try { f() } catch (e) { r = e * 2; } r", "10"),
        ("let r = (); fn f(n) { if n == 0 { throw \"bottom\"; } f(n - 1) } try { f(10) } catch (e) { r = e; } r", #""bottom""#),
        ("let log = []; try { log.push(1); throw 0; log.push(2); } catch { log.push(3); } log", "[1, 3]"),
        ("let r = (); try { try { throw 1; } catch (e) { throw e + 1; } } catch (e) { r = e; } r", "2"),
        ("let r = (); try { try { throw 1; } catch { throw; } } catch (e) { r = e; } r", "1"),
        ("let r = (); try { [1, 2][5] } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { undefined_var } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { no_such_fn() } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { let m = #{}; m.x.y.z } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { 9223372036854775807 + 1 } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { for x in [42] { x / 0 } } catch { r = \"caught\"; } r", #""caught""#),
        ("let x = 0; for i in 0..5 { try { if i % 2 == 0 { throw i; } } catch (e) { x += e; } } x", "6"),
        ("let r = (); try { throw 1; } catch (e) { let e = e + 1; r = e; } r", "2"),
    ]

    @Test(arguments: tryCatch)
    func caught(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    static let uncaught: [(String, RhaiError.Kind)] = [
        ("if true { throw 42 }", .runtime),
        ("throw", .runtime),
        (#"throw "oops";"#, .runtime),
        ("try { 42/0; } catch { throw; }", .arithmetic),
        ("try { throw 1; } catch { throw 2; }", .runtime),
        ("try { [1][3] } catch { throw; }", .indexOutOfBounds),
        ("let x = 1; x.foo", .dotExpr),
        ("let x = 1; x.foo = 2", .dotExpr),
        ("let x = 1; x()", .functionNotFound),
        ("[1, 2, 3].push()", .functionNotFound),
    ]

    @Test(arguments: uncaught)
    func uncaughtError(script: String, kind: RhaiError.Kind) {
        #expect(errorKind(script) == kind, Comment(rawValue: render(script)))
    }

    @Test func thrownValueReachesTheHost() {
        #expect(rhaiError("if true { throw 42 }")?.thrownValue == .int(42))
        #expect(rhaiError("throw")?.thrownValue == .unit)
        #expect(rhaiError(#"throw "boom""#)?.thrownValue == .string("boom"))
        #expect(rhaiError("throw #{a: [1]}")?.thrownValue == .map(["a": .array([.int(1)])]))
    }

    /// Book: limits, stack overflow and termination cannot be caught by `try … catch`.
    @Test func limitErrorsAreNotCatchable() {
        let engine = quietEngine()
        engine.limits.maxOperations = 1000
        #expect(errorKind("try { loop {} } catch { 1 }", on: engine) == .tooManyOperations)
        #expect(errorKind("fn f(n) { f(n + 1) } try { f(0) } catch { 1 }") == .stackOverflow)

        let sized = quietEngine()
        sized.limits.maxArraySize = 5
        #expect(errorKind("try { let a = []; loop { a.push(1); } } catch { 1 }", on: sized) == .dataTooLarge)
    }

    @Test func parseErrorsAreNotCatchable() {
        #expect(errorKind("try { let = 1; } catch { 1 }") == .parse)
    }

    @Test func runtimeErrorPositionAndMessage() throws {
        let error = try #require(rhaiError("let x = 1;\nlet y = z;"))
        #expect(error.kind == .variableNotFound)
        #expect(error.message == "Variable not found: z")
        #expect(error.line == 2)
        #expect(error.column == 9)
        #expect(error.description == "Variable not found: z (line 2, position 9)")
    }

    @Test func functionNotFoundPosition() throws {
        let error = try #require(rhaiError("let a = 1;\n  foo(a, \"x\")"))
        #expect(error.kind == .functionNotFound)
        #expect(error.message == "Function not found: foo (i64, &str | ImmutableString | String)")
        #expect(error.line == 2)
        #expect(error.column == 3)
    }

    @Test func parseErrorHasAPosition() throws {
        let error = try #require(rhaiError("let x = 1;\nlet y = ;"))
        #expect(error.kind == .parse)
        #expect(error.line == 2)
        #expect(error.column != nil)
    }

    @Test func arithmeticErrorPosition() throws {
        let error = try #require(rhaiError("let a = 1;\nlet b = a / 0;"))
        #expect(error.kind == .arithmetic)
        #expect(error.line == 2)
    }

    @Test func indexErrorMessages() {
        #expect(rhaiError("let y = [1, 2, 3]; y[3]")?.message == "Array index 3 out of bounds: only 3 elements in array")
        #expect(rhaiError(#"let s = "abc"; s[10]"#)?.message == "String index 10 out of bounds: only 3 characters in string")
    }

    /// Rust: a missing property getter is `ErrorDotExpr` with this exact text.
    @Test func missingPropertyMessage() {
        #expect(rhaiError("let x = 1; x.foo")?.message == "Unknown property 'foo' - a getter is not registered for type 'i64'")
    }

    @Test func runtimeErrorDescription() {
        #expect(rhaiError(#"throw "boom""#)?.description.hasPrefix("Runtime error: boom") == true)
    }

    @Test func engineStaysUsableAfterErrors() throws {
        let engine = quietEngine()
        for bad in ["1 / 0", "let = ;", "throw 1", "no_fn()", "[1][9]"] {
            #expect(throws: RhaiError.self) { try engine.eval(bad) }
        }
        #expect(try engine.eval("40 + 2") == .int(42))
    }
}
