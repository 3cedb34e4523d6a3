import Testing
import Rhai

/// The memory account (`Limits.maxMemory`, an extension of this engine): each allocation path
/// fails a script that holds more than the limit, naming the limit, while a script that makes and
/// drops many times the limit in temporaries runs to its end.
@Suite struct MemoryLimitTests {
    static let limit = 256 << 10
    /// A 16 KiB string `s`.
    static let s = #"let s = "x"; while s.len() < 16384 { s += s; } "#

    /// An engine with the memory limit, and a host function `keep(v)` that takes any value.
    private func engine() -> Engine {
        let engine = quietEngine()
        engine.limits.maxMemory = Self.limit
        engine.registerRaw("keep", parameterTypes: ["?"]) { _ in .unit }
        return engine
    }

    /// How the script ended: "memory limit" when the account stopped it (its message naming the
    /// limit), "ok" when it ran, or the other error.
    private func outcome(_ script: String, on engine: Engine) -> String {
        do {
            _ = try engine.eval(Self.s + script)
            return "ok"
        } catch let error as RhaiError where error.isMemoryLimit {
            return error.description.contains("limit of \(Self.limit) bytes") ? "memory limit" : "unnamed: \(error)"
        } catch {
            return "\(error)"
        }
    }

    /// Each path: a script over the limit, then one making the same kind of value as temporaries.
    static let paths: [(over: String, temporaries: String)] = [
        ("let t = s; for i in 0..40 { t = t + s; }", "for i in 0..400 { let t = s + i; }"),
        ("let t = \"\"; for i in 0..40 { t += s; }", "for i in 0..400 { let t = s; t += \"y\"; }"),
        (#"let t = "x"; t.pad(300000, "y");"#, #"for i in 0..100 { let t = "x"; t.pad(30000, "y"); }"#),
        (#"let t = s; t.replace("x", "yyyyyyyyyyyyyyyyyyyy");"#, #"for i in 0..100 { let t = s; t.replace("x", "yy"); }"#),
        ("let a = []; for i in 0..10 { a.push(s); } let t = `${a}`;", "for i in 0..400 { let t = `${s}${i}`; }"),
        ("let a = []; for i in 0..40 { a.push(s); }", "for i in 0..400 { let a = []; a.push(s); a.push(s + i); }"),
        ("let a = []; for i in 0..40 { a.insert(0, s + i); }", "for i in 0..400 { let a = [1]; a.insert(0, s); }"),
        ("let a = []; for i in 0..40 { a.append([s]); }", "for i in 0..400 { let a = [1]; a.append([s]); }"),
        ("let a = []; for i in 0..40 { a += [s]; }", "for i in 0..400 { let a = [1]; a += [s]; }"),
        ("let a = []; a.pad(20, s);", "for i in 0..400 { let a = []; a.pad(3, s); }"),
        ("let a = [0]; a.pad(40, 0); for i in 0..40 { a[i] = s + i; }", "let a = [0]; for i in 0..400 { a[0] = s + i; }"),
        ("let a = [[0]]; a[0].pad(40, 0); for i in 0..40 { a[0][i] = s + i; }", "let a = [[0]]; for i in 0..400 { a[0][0] = s + i; }"),
        ("let a = [[\"\"]]; for i in 0..40 { a[0][0] += s; }", "let a = [[\"\"]]; for i in 0..400 { a[0][0] = \"\"; a[0][0] += s; }"),
        ("let m = #{}; for i in 0..40 { m[s + i] = 1; }", "for i in 0..400 { let m = #{}; m[s + i] = 1; }"),
        ("let m = #{}; for i in 0..40 { m[\"k\" + i] = s; }", "let m = #{}; for i in 0..400 { m[\"k\"] = s + i; }"),
        ("let b = blob(300000, 1);", "for i in 0..400 { let b = blob(30000, 1); }"),
        ("let b = blob(); b.pad(300000, 1);", "for i in 0..400 { let b = blob(); b.pad(30000, 1); }"),
        ("let a = []; for i in 0..10 { a.push(s); } let t = a.to_string();", "for i in 0..400 { let t = [s, i].to_string(); }"),
        ("let a = []; for i in 0..10 { a.push(s); } print(a);", "for i in 0..400 { print([s, i]); }"),
        ("let a = []; for i in 0..10 { a.push(s); } debug(a);", "for i in 0..400 { debug([s, i]); }"),
        ("let m = #{}; for i in 0..10 { m[\"k\" + i] = s; } let t = m.to_json();", "for i in 0..400 { let t = #{a: s, i: i}.to_json(); }"),
        ("let a = []; for i in 0..10 { a.push(s); } keep(a);", "for i in 0..400 { keep([s, i]); }"),
        ("fn f(n, s) { let x = s + n; if n > 0 { f(n - 1, s) + x.len() } else { 0 } } f(40, s)",
         "fn f(n, s) { let x = s + n; if n > 0 { f(n - 1, s) + x.len() } else { 0 } } for i in 0..40 { f(4, s); }"),
    ]

    @Test(arguments: paths.indices)
    func scriptOverTheLimitFailsNamingItAndTemporariesRun(_ index: Int) {
        let (over, temporaries) = Self.paths[index]
        let engine = engine()
        #expect(outcome(over, on: engine) == "memory limit", "\(over)")
        #expect(outcome(temporaries, on: engine) == "ok", "\(temporaries)")
    }

    @Test(arguments: paths.indices)
    func withoutTheLimitTheSameScriptsRun(_ index: Int) {
        let engine = quietEngine()
        engine.registerRaw("keep", parameterTypes: ["?"]) { _ in .unit }
        #expect(outcome(Self.paths[index].over, on: engine) == "ok")
    }

    @Test func theErrorIsALimitThatCatchCannotStop() throws {
        let engine = engine()
        let error = try #require(rhaiError(Self.s + "try { let a = []; for i in 0..40 { a.push(s); } } catch { 0 }", on: engine))
        #expect(error.isMemoryLimit && error.kind == .dataTooLarge)
        #expect(error.description.hasPrefix("Memory of the script's values too large (over the limit of 262144 bytes)"))
    }

    @Test func renderingAResultIsChecked() throws {
        let engine = engine()
        let small = try engine.eval(#"let a = ["x", 1]; a"#)
        #expect(try engine.render(small) == #"["x", 1]"#)
        engine.limits.maxMemory = 0
        let big = try engine.eval(Self.s + "let a = []; for i in 0..20 { a.push(s); } a")
        engine.limits.maxMemory = Self.limit
        #expect(throws: RhaiError.self) { try engine.render(big) }
        #expect((try? engine.render(big)) == nil)
    }
}
