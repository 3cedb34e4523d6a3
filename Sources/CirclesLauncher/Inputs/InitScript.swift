import CirclesCore
import Rhai

/// An init script, read and parsed before anything starts.
public struct InitScript: Equatable, Sendable {
    public var path: String
    public var source: String

    /// Reads `path` and parses it with the Rhai engine; a syntax error becomes
    /// `LaunchError.initScriptSyntax` with file:line:col; a missing or unreadable file (a folder,
    /// say) is a usage error too.
    public static func load(path: String, circle: String) throws -> InitScript {
        guard FileSystem.exists(path) else { throw LaunchError.initScriptMissing(path: path, circle: circle) }
        guard let source = FileSystem.readText(path) else {
            throw LaunchError.initScriptUnreadable(path: path, circle: circle, reason: FileSystem.lastErrorText())
        }
        do {
            _ = try Engine().compile(source)
        } catch let error as RhaiError {
            throw LaunchError.initScriptSyntax(path: path, line: error.line ?? 1, column: error.column ?? 1, message: error.message)
        }
        return InitScript(path: path, source: source)
    }
}
