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
        ("try { 1 } catch { 2 }", "()"),
        // The Rust engine gives a `try` statement the value of its body, or `()` after a catch.
        ("try { 42 / 0 } catch { -1 }", "()"),
        ("let r = (); fn f() { throw 5; } try { f() } catch (e) { r = e * 2; } r", "10"),
        ("let r = (); fn f(n) { if n == 0 { throw \"bottom\"; } f(n - 1) } try { f(10) } catch (e) { r = e; } r", #""bottom""#),
        ("let log = []; try { log.push(1); throw 0; log.push(2); } catch { log.push(3); } log", "[1, 3]"),
        ("let r = (); try { try { throw 1; } catch (e) { throw e + 1; } } catch (e) { r = e; } r", "2"),
        ("let r = (); try { try { throw 1; } catch { throw; } } catch (e) { r = e; } r", "1"),
        ("let r = (); try { [1, 2][5] } catch { r = \"caught\"; } r", #""caught""#),
        // The optimizer removes the pure statement `undefined_var`, so nothing fails.
        ("let r = (); try { undefined_var } catch { r = \"caught\"; } r", "()"),
        ("let r = (); try { print(undefined_var) } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { no_such_fn() } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { let m = #{}; m.x.y.z } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); try { 9223372036854775807 + 1 } catch { r = \"caught\"; } r", #""caught""#),
        ("let r = (); let n = 42; try { for x in n { print(x) } } catch { r = \"caught\"; } r", #""caught""#),
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

    /// Transcripts of the Rust engine (v1.25.0): the first line of each error as `rhai-run` shows it.
    static let referenceCases: [(String, String)] = [
        ("let x = 1; print(x / 0);", "!! Division by zero: 1 / 0"),
        ("fn f(a) { a / 0 } f(1)", "!! Division by zero: 1 / 0 @ 'prog.rhai' / in call to function 'f' (from 'prog.rhai') @1:19"),
        ("fn f(a) { a.foo() } f(1)", "!! Function not found: foo (i64) @ 'prog.rhai' (line 1, position 13) / in call to function 'f' (from 'prog.rhai') @1:21"),
        (#"fn g() { throw "deep" } fn f() { g() } f()"#, "!! Runtime error: deep @ 'prog.rhai' (line 1, position 10) / in call to function 'g' (from 'prog.rhai') @ 'prog.rhai' (line 1, position 34) / in call to function 'f' (from 'prog.rhai') @1:40"),
        ("let f = |x| x / 0; f.call(1)", "!! Division by zero: 1 / 0 @ 'prog.rhai' / in closure call (from 'prog.rhai') @1:22"),
        ("try { [1,2][5] } catch (e) { print(e) }",
         #"#{"error": "ErrorArrayBounds", "index": 5, "length": 2, "line": 1, "message": "Array index 5 out of bounds: only 2 elements in array", "position": 13, "source": "prog.rhai"}"#),
        ("fn f(a) { a / 0 } try { f(1) } catch(e) { print(e) }",
         #"#{"error": "ErrorInFunctionCall", "function": "f", "line": 1, "message": "Division by zero: 1 / 0 @ 'prog.rhai'\nin call to function 'f' (from 'prog.rhai')", "position": 25, "source": "prog.rhai"}"#),
        // Errors of built-in operators carry no position (the Rust engine's fast operator path).
        ("try { 1 / 0 } catch (e) { print(e) }", #"#{"error": "ErrorArithmetic", "message": "Division by zero: 1 / 0", "source": "prog.rhai"}"#),
        // `throw;` in a catch block throws the caught error again, from there.
        ("try { throw 5 } catch (e) { print(e); throw; }", "5 | !! Runtime error: 5 @1:39"),
        ("let r = 0; try { 42/0; } catch (e) { r = 1; } print(r)", "1"),
    ]

    @Test(arguments: referenceCases)
    func reference(script: String, expected: String) {
        #expect(rhaiRun(script) == expected)
    }

    /// The whole message of an error leaving nested function calls, as Rust's Display words it.
    @Test func nestedCallErrorsNameEveryCall() throws {
        let engine = quietEngine()
        let ast = try engine.compile(#"fn g() { throw "deep" } fn f() { g() } f()"#, source: "e.rhai")
        let error = try #require(try? { () throws -> RhaiError? in
            do { _ = try engine.run(ast); return nil } catch let error as RhaiError { return error }
        }())
        #expect(error.renderedMessage == """
            Runtime error: deep @ 'e.rhai' (line 1, position 10)
            in call to function 'g' (from 'e.rhai') @ 'e.rhai' (line 1, position 34)
            in call to function 'f' (from 'e.rhai')
            """)
        #expect(error.position == Position(line: 1, column: 40))
        #expect(error.innermost.thrownValue == .string("deep"))
    }

    @Test func builtinOperatorErrorsHaveNoPosition() {
        #expect(rhaiError("let x = 1;\nprint(x / 0);")?.position == Position.none)
        // Compound assignment reports its operator's position.
        #expect(rhaiError("let x = 9223372036854775807; x += 1;")?.position == Position(line: 1, column: 32))
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
