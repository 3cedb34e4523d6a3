import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds programs the way every circles command does: `circles-*` programs next to the running
/// executable first, then on PATH (git/cargo style); other programs on PATH only.
public enum ExecutableLocator {
    /// The folder of the running executable.
    public static var ownDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// The folders searched, in order.
    /// - Parameter nextToSelf: put the running executable's folder before PATH.
    public static func searchFolders(nextToSelf: Bool) -> [String] {
        let path = (Environment.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        return (nextToSelf ? [ownDirectory] : []) + path
    }

    /// The absolute path of the first executable file called `name`, or nil.
    public static func search(_ name: String, nextToSelf: Bool = true) -> String? {
        searchFolders(nextToSelf: nextToSelf).lazy.map { "\($0)/\(name)" }.first(where: isExecutable).map(absolute)
    }

    /// Whether `path` is a regular file this process may execute.
    public static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// `path` relative to the current folder made absolute (children and units need absolute paths).
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
