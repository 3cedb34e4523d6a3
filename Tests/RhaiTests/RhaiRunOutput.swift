import Rhai

/// A script's outcome in the form the reference `rhai-run` output is recorded in for the
/// fidelity tables: the printed lines joined by " | ", then on an error "!! " and the first
/// line of its message, with " @line:col" when the error has a position. The script runs as
/// the file `prog.rhai` (its source name, as `rhai-run prog.rhai` names it).
func rhaiRun(_ script: String) -> String {
    let log = OutputLog()
    let engine = log.engine()
    var parts: [String] = []
    do {
        _ = try engine.run(try engine.compile(script, source: "prog.rhai"))
        parts = log.printed
    } catch let error as RhaiError {
        parts = log.printed
        let message = error.renderedMessage.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let position = error.position.isNone ? "" : " @\(error.position.line):\(error.position.column)"
        parts.append("!! \(message)\(position)")
    } catch {
        parts = log.printed + ["!! \(error)"]
    }
    return parts.joined(separator: " | ")
}
