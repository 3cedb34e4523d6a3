import Foundation
import Testing
import Rhai

// Book chapters: Modules — Export, Import. Module files are written to a fresh temporary
// directory per test and found through `engine.moduleBasePath`. Expected values ported from
// rhai/tests/modules.rs (test_module_from_ast, test_module_ast_namespace) and the book.
@Suite struct ModulesTests {
    /// A temporary module directory holding the given `name.rhai` files.
    final class ModuleDirectory {
        let path: String

        init(_ files: [String: String]) throws {
            path = FileManager.default.temporaryDirectory
                .appendingPathComponent("rhai-modules-\(UUID().uuidString)").path
            for (name, text) in files {
                let file = URL(fileURLWithPath: path).appendingPathComponent("\(name).rhai")
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
        }

        func engine() -> Engine {
            let engine = quietEngine()
            engine.moduleBasePath = path
            return engine
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let testingModule = """
        // Functions become module functions
        fn calc(x) {
            x + 1
        }
        fn add_len(x, y) {
            x + len(y)
        }
        fn cross_call(x) {
            calc(x)
        }
        private fn hidden() {
            throw "you shouldn't see me!";
        }

        // Imported modules become sub-modules
        import "another" as extra;

        // Variables defined at global level become module variables
        export const x = 123;
        let foo = 41;
        let hello;

        // Final variable values become constant module variable values
        foo = calc(foo);
        hello = `hello, ${foo} worlds!`;

        export x as abc;
        export x as xxx;
        export foo;
        export hello;
        """

    static let files: [String: String] = [
        "testing": testingModule,
        "another": "export const foo = true;",
        "hello": "export const answer = 42; fn sum(a, b, c, d) { a + b + c + d } fn double(x) { x * 2 }",
        "namespace": "fn foo(x) { x + 1 } fn bar(x) { foo(x) }",
        "sub/deep": "export let level = \"deep\"; fn where_am_i() { \"sub/deep\" }",
        "shortcut": "export let x = 42;",
        "multi": "let x = 1; let y = 2; let z = 3; export x; export x as hello; export y as foo; export y as bar; export z;",
        "secret": "let hidden = 123; let shown = 1; export shown;",
        "printer": "print(\"module loaded\");",
        "self_import": "import \"self_import\" as me; export const v = 1;",
        "ping": "import \"pong\" as other; export const v = 1;",
        "pong": "import \"ping\" as other; export const v = 2;",
        "broken": "let x = ;",
        "thrower": "throw \"module failed\";",
        "runner": "fn run_function(function) { call(function) }",
        "counter": "export let count = 0; fn next() { 1 }",
    ]

    static let imports: [(String, String)] = [
        (#"import "testing" as ttt; ttt::abc"#, "123"),
        (#"import "testing" as ttt; ttt::x"#, "123"),
        (#"import "testing" as ttt; ttt::xxx"#, "123"),
        (#"import "testing" as ttt; ttt::foo"#, "42"),
        (#"import "testing" as ttt; ttt::extra::foo"#, "true"),
        (#"import "testing" as ttt; ttt::hello"#, #""hello, 42 worlds!""#),
        (#"import "testing" as ttt; ttt::calc(999)"#, "1000"),
        (#"import "testing" as ttt; ttt::cross_call(999)"#, "1000"),
        (#"import "testing" as ttt; ttt::add_len(ttt::foo, ttt::hello)"#, "59"),
        (#"import "hello" as h1; import "hello" as h2; h1::sum(h2::answer, -10, 3, 7)"#, "42"),
        (#"import "hello" as h1; let x = 42; h1::sum(x, -10, 3, 7)"#, "42"),
        (#"import "hello" as h; let x = 21; h::double(x)"#, "42"),
        (#"import "hello" as h; let x = 21; h::double(x); x"#, "21"),
        (#"import "namespace" as t; t::foo(41)"#, "42"),
        (#"import "namespace" as t; t::bar(41)"#, "42"),
        (#"fn foo(x) { x - 1 } import "namespace" as t; t::foo(41)"#, "42"),
        (#"fn foo(x) { x - 1 } import "namespace" as t; t::bar(41)"#, "42"),
        (#"fn foo(x) { x - 1 } import "namespace" as t; foo(41)"#, "40"),
        (#"import "sub/deep" as d; d::level"#, #""deep""#),
        (#"import "sub/deep" as d; d::where_am_i()"#, #""sub/deep""#),
        (#"import "shortcut" as s; s::x"#, "42"),
        (#"import "multi" as m; [m::x, m::hello, m::foo, m::bar, m::z]"#, "[1, 1, 2, 2, 3]"),
        (#"import "secret" as s; s::shown"#, "1"),
        (#"let p = "hel"; import p + "lo" as h; h::answer"#, "42"),
        (#"const NAME = "hello"; import NAME as h; h::answer"#, "42"),
        (#"fn foo() { print("foo"); 7 } import "runner" as test; test::run_function(Fn("foo"))"#, "7"),
        (#"import "hello" as h; fn f() { h::answer } f()"#, "42"),
        (#"{ import "hello" as h; h::answer }"#, "42"),
        (#"import "hello" as h; let r = 0; for i in 0..3 { r += h::double(i); } r"#, "6"),
        (#"import "hello" as h; type_of(h::answer)"#, #""i64""#),
        (#"import "counter" as c; c::count"#, "0"),
    ]

    @Test(arguments: imports)
    func importModule(script: String, expected: String) throws {
        let modules = try ModuleDirectory(Self.files)
        #expect(show(script, on: modules.engine()) == expected)
    }

    static let errors: [(String, RhaiError.Kind)] = [
        (#"import "testing" as ttt; ttt::hidden()"#, .functionNotFound),
        (#"import "hello" as h; sum(h::answer, -10, 3, 7)"#, .functionNotFound),
        (#"import "hello" as h; double(21)"#, .functionNotFound),
        (#"import "secret" as s; s::hidden"#, .variableNotFound),
        (#"import "hello" as h; h::no_such_var"#, .variableNotFound),
        (#"import "no_such_module" as m; 1"#, .moduleNotFound),
        (#"import "sub/missing" as m; 1"#, .moduleNotFound),
        (#"{ import "hello" as h; } h::answer"#, .moduleNotFound),
        (#"{ import "hello" as h; } h::double(1)"#, .moduleNotFound),
        (#"import 42 as m;"#, .mismatchedType),
        (#"import "broken" as b;"#, .parse),
        (#"import "thrower" as t;"#, .runtime),
        (#"import "hello" as h; h::answer = 1;"#, .assignmentToConstant),
    ]

    @Test(arguments: errors)
    func importError(script: String, kind: RhaiError.Kind) throws {
        let modules = try ModuleDirectory(Self.files)
        #expect(errorKind(script, on: modules.engine()) == kind, Comment(rawValue: show(script, on: modules.engine())))
    }

    /// Book: "Beware of import cycles … a sure-fire way to cause a stack overflow unless stopped
    /// by a limit for the maximum number of modules". It must be an error, never a crash.
    @Test(arguments: [#"import "self_import" as me; me::v"#, #"import "ping" as p; p::v"#])
    func importCycleIsAnError(script: String) throws {
        let modules = try ModuleDirectory(Self.files)
        let kind = errorKind(script, on: modules.engine())
        #expect(kind == .stackOverflow || kind == .tooManyModules, Comment(rawValue: show(script, on: modules.engine())))
    }

    @Test func importWithoutAliasRunsTheModule() throws {
        let modules = try ModuleDirectory(Self.files)
        let log = OutputLog()
        let engine = log.engine()
        engine.moduleBasePath = modules.path
        #expect(show(#"import "printer"; 5"#, on: engine) == "5")
        #expect(log.printed == ["module loaded"])
    }

    static let syntaxErrors: [String] = [
        "let x = 10; { export x; }",
        "fn abc(x) { export x; }",
        "abc.def::xyz",
        "abc.def::xyz()",
        #"import "m" as ;"#,
        "export;",
    ]

    @Test(arguments: syntaxErrors)
    func malformed(script: String) throws {
        let modules = try ModuleDirectory(Self.files)
        #expect(errorKind(script, on: modules.engine()) == .parse, Comment(rawValue: show(script, on: modules.engine())))
    }

    /// A module's errors are raised "in module 'name'" at the import's path, as the Rust
    /// engine's file module resolver reports them (outputs of `rhai-run`, v1.25.0).
    @Test func errorsInsideAModuleNameIt() throws {
        let directory = try ModuleDirectory(["bad": "let x = 1 / 0; export x;", "bad2": "let x = foo(; export x;"])
        #expect(rhaiRun(#"import "bad" as b; print(b::x);"#, on: directory.engine())
            == "!! Division by zero: 1 / 0 / in module 'bad' @1:8")
        #expect(rhaiRun(#"import "bad2" as b;"#, on: directory.engine())
            == "!! Syntax error: Unexpected ';' (line 1, position 13) / in module 'bad2' @1:8")
        #expect(rhaiRun(#"let r = (); try { import "bad" as b; } catch (e) { r = e; } print(r)"#, on: directory.engine())
            == #"#{"error": "ErrorInModule", "line": 1, "message": "Division by zero: 1 / 0\nin module 'bad'", "module": "bad", "position": 26, "source": "prog.rhai"}"#)
    }
}
