import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the programs the launcher runs: next to the running executable first, then on PATH.
public enum ExecutableLocator {
    /// The folder of the running executable.
    public static var ownDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// The absolute path of `name`, or `LaunchError.executableMissing`.
    /// - Parameter nextToSelf: look next to the running executable before PATH (circles-* programs).
    public static func find(_ name: String, nextToSelf: Bool = true) throws -> String {
        let path = (Environment.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        let folders = (nextToSelf ? [ownDirectory] : []) + path
        if let found = folders.lazy.map({ "\($0)/\(name)" }).first(where: isExecutable) {
            return absolute(found)
        }
        throw LaunchError.executableMissing(name: name, searched: nextToSelf ? "\(ownDirectory) and PATH" : "PATH")
    }

    /// `path` made absolute and checked, for `--worker-binary`.
    public static func checked(_ path: String) throws -> String {
        guard isExecutable(path) else { throw LaunchError.executableNotRunnable(path: path) }
        return absolute(path)
    }

    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// `path` relative to the current folder made absolute (children and units need absolute paths).
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
