import Foundation
import Rhai

/// What a script prints, one line each, then `error: <message>` if it fails: the reference
/// CLI's output for the same script, with error positions left out (they are checked
/// elsewhere) and anonymous function names (hashes of their text) shortened to `anon$`.
func transcript(_ script: String) -> String {
    let log = OutputLog()
    var lines: [String]
    do {
        _ = try log.engine().eval(script)
        lines = log.printed
    } catch let error as RhaiError {
        lines = log.printed + ["error: " + error.renderedMessage]
    } catch {
        lines = log.printed + ["error(non-Rhai): \(error)"]
    }
    return lines.joined(separator: "\n")
        .replacingOccurrences(of: #" \(line \d+, position \d+\)"#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #"anon\$[0-9a-f]+"#, with: "anon$", options: .regularExpression)
}
