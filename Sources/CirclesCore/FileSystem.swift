#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O failure on a named file (exit 1).
public struct FileError: Failure {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
    public var exitCode: Int32 { ExitStatus.failure }

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
}

/// Small POSIX file helpers shared by key files, the state file and logs.
public enum FileSystem {
    /// Creates `path` and its missing parents; the last component gets `mode` (and keeps it if it exists).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw FileError(path: partial, problem: "cannot create the folder (\(lastErrorText())); check the permissions of its parent")
            }
        }
        if chmod(path, mode) != 0 {
            throw FileError(path: path, problem: "cannot set its mode (\(lastErrorText()))")
        }
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it and renames it over `path`,
    /// so readers see the old file or the new one, never a part.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let temporary = "\(path).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw FileError(path: path, problem: "cannot be written (\(lastErrorText())); check the folder's permissions")
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = lastErrorText()
                close(fd)
                unlink(temporary)
                throw FileError(path: path, problem: "cannot be written (\(reason))")
            }
            written += n
        }
        fchmod(fd, mode)
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            let reason = lastErrorText()
            unlink(temporary)
            throw FileError(path: path, problem: "cannot be replaced (\(reason))")
        }
    }

    /// The whole file as UTF-8 text, or nil when it cannot be read.
    public static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return ferror(file) == 0 ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The text of the current `errno`.
    public static func lastErrorText() -> String { String(cString: strerror(errno)) }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
