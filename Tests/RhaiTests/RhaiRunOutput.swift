import Foundation
import Rhai

/// A script's outcome in the form the reference `rhai-run` output is recorded in for the
/// fidelity tables: the printed lines (`debug` lines as `prog.rhai @ line:col | text`, in order
/// with `print`'s) joined by " | ", then on an error "!! " and its message (lines joined by
/// " / "), with " @line:col" when the error has a position. The script runs as the file
/// `prog.rhai` (its source name, as `rhai-run prog.rhai` names it). Anonymous functions' names
/// are shortened to `anon$` (the Rust engine names them by a hash of their text).
func rhaiRun(_ script: String, on engine: Engine = quietEngine()) -> String {
    var parts: [String] = []
    engine.onPrint = { parts.append($0) }
    engine.onDebug = { text, source, position in parts.append(Engine.debugLine(text, source: source, position: position)) }
    do {
        _ = try engine.run(try engine.compile(script, source: "prog.rhai"))
    } catch let error as RhaiError {
        let message = error.renderedMessage.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " / ")
        let position = error.position.isNone ? "" : " @\(error.position.line):\(error.position.column)"
        parts.append("!! \(message)\(position)")
    } catch {
        parts.append("!! \(error)")
    }
    return parts.joined(separator: " | ").replacingOccurrences(of: #"anon\$[0-9a-f]{16}"#, with: "anon$", options: .regularExpression)
}
