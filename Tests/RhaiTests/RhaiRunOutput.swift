import Rhai

/// A script's outcome in the form the reference `rhai-run` output is recorded in for the
/// fidelity tables: the printed lines (`debug` lines as `prog.rhai @ line:col | text`, in order
/// with `print`'s) joined by " | ", then on an error "!! " and the first line of its message,
/// with " @line:col" when the error has a position. The script runs as the file `prog.rhai`
/// (its source name, as `rhai-run prog.rhai` names it).
func rhaiRun(_ script: String, on engine: Engine = quietEngine()) -> String {
    var parts: [String] = []
    engine.onPrint = { parts.append($0) }
    engine.onDebug = { text, source, position in parts.append(Engine.debugLine(text, source: source, position: position)) }
    do {
        _ = try engine.run(try engine.compile(script, source: "prog.rhai"))
    } catch let error as RhaiError {
        let message = error.renderedMessage.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let position = error.position.isNone ? "" : " @\(error.position.line):\(error.position.column)"
        parts.append("!! \(message)\(position)")
    } catch {
        parts.append("!! \(error)")
    }
    return parts.joined(separator: " | ")
}
