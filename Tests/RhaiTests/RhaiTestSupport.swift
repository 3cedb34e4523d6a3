import Foundation
import Rhai

// Shared helpers for the conformance suite. Expected values come from the Rhai book and the
// Rust Rhai engine's own tests, never from this implementation.

/// A fresh engine whose print/debug output is discarded and whose runaway loops stop
/// (a generous operation cap, so a broken loop fails a test instead of hanging the suite).
func quietEngine() -> Engine {
    let engine = Engine()
    engine.onPrint = { _ in }
    engine.onDebug = { _, _, _ in }
    engine.limits.maxOperations = 50_000_000
    return engine
}

/// Evaluates a script on a fresh quiet engine.
func eval(_ script: String) throws -> Dynamic {
    try quietEngine().eval(script)
}

/// The script's value as Rhai's `to_string` renders it, or `error(kind): message`.
func render(_ script: String) -> String {
    outcome { try eval(script).description }
}

/// The script's value in the Rust engine's `Debug` form (strings and chars quoted), or
/// `error(kind): message`. Value tables use this form because it tells `"1"`, `'1'`, `1` and
/// `1.0` apart.
func show(_ script: String) -> String {
    outcome { try eval(script).valueDebug }
}

/// Same as `show`, on a given engine (for tests that set limits or register functions).
func show(_ script: String, on engine: Engine, scope: Scope = Scope()) -> String {
    outcome { try engine.eval(script, scope: scope).valueDebug }
}

/// The kind of error the script fails with (inside any function-call wrappers), or nil when
/// it evaluates.
func errorKind(_ script: String) -> RhaiError.Kind? {
    errorKind(script, on: quietEngine())
}

/// The kind of error the script fails with on a given engine (inside any function-call
/// wrappers), or nil when it evaluates.
func errorKind(_ script: String, on engine: Engine, scope: Scope = Scope()) -> RhaiError.Kind? {
    do {
        _ = try engine.eval(script, scope: scope)
        return nil
    } catch let error as RhaiError {
        return error.innermost.kind
    } catch {
        return nil
    }
}

/// The error the script fails with, or nil when it evaluates.
func rhaiError(_ script: String, on engine: Engine = quietEngine()) -> RhaiError? {
    do {
        _ = try engine.eval(script)
        return nil
    } catch {
        return error as? RhaiError
    }
}

/// Runs a rendering closure, turning errors into a readable `error(kind): message` string so
/// that a failing table entry shows what actually happened.
private func outcome(_ body: () throws -> String) -> String {
    do {
        return try body()
    } catch let error as RhaiError {
        return "error(\(error.kind)): \(error.message)"
    } catch {
        return "error(non-Rhai): \(error)"
    }
}

/// Collects everything a script prints via `print` and `debug`.
final class OutputLog {
    var printed: [String] = []
    var debugged: [String] = []

    /// An engine whose print/debug output lands in this log.
    func engine() -> Engine {
        let engine = quietEngine()
        engine.onPrint = { [unowned self] in self.printed.append($0) }
        engine.onDebug = { [unowned self] text, _, _ in self.debugged.append(text) }
        return engine
    }
}

/// What the Rust engine's `rhai-run` shows for a script: the printed lines, then
/// `error LINE:COLUMN: message` (the first line of the message, without the call-site detail
/// of errors inside functions) when it fails; lines joined with "\n".
func transcript(_ script: String) -> String {
    let log = OutputLog()
    var lines: [String] = []
    do {
        _ = try log.engine().eval(script)
        lines = log.printed
    } catch let error as RhaiError {
        var message = String(error.renderedMessage.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        for marker in [" @ '", " (line "] {
            if let range = message.range(of: marker) { message = String(message[..<range.lowerBound]) }
        }
        lines = log.printed + ["error \(error.position.line):\(error.position.column): \(message)"]
    } catch {
        lines = log.printed + ["error: \(error)"]
    }
    return lines.joined(separator: "\n")
}
