import Testing
import TestSupport

/// `circles-rhai --max-memory`: the engine's memory account from the command line.
@Suite struct RhaiCommandMemoryTests {
    static let script = #"let s = "x"; while s.len() < 1048576 { s += s; } let a = []; for i in 0..8 { a.push(s + i); } a.len()"#

    @Test func aScriptOverTheLimitFailsNamingItAndRunsWithout() throws {
        let limited = try BuiltExecutable.run("circles-rhai", ["--max-memory", "4", "-e", Self.script])
        #expect(limited.exitCode == 1)
        #expect(limited.stderr.contains("Memory of the script's values too large (over the limit of 4194304 bytes)"), "\(limited.stderr)")
        let unlimited = try BuiltExecutable.run("circles-rhai", ["-e", Self.script])
        #expect(unlimited.exitCode == 0 && unlimited.stdout == "8\n", "\(unlimited.stderr)")
    }

    @Test func aNegativeLimitIsAUsageError() throws {
        let result = try BuiltExecutable.run("circles-rhai", ["--max-memory=-1", "-e", "1"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--max-memory must be 0 (unlimited) or more MiB, got -1."), "\(result.stderr)")
    }
}
