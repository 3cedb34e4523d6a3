import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a child's stdout and stderr go: a pipe read by a thread of its own, which appends every
/// line to `launch_data/logs/<name>.log` and, when `echo` is set (`-v`), also writes it to the
/// launcher's stderr prefixed with the child's label (coloured when `color` is set).
public final class ChildLog: @unchecked Sendable {
    public let name: String
    public let path: String
    /// The pipe end to hand to the child (close it in the launcher after spawning).
    public private(set) var writeEnd: Int32 = -1
    private let echoPrefix: String?

    /// Opens the log file `<folder>/<name>.log` (appending) and the pipe, and starts the reading thread.
    public init(name: String, label: String, folder: String, echo: Bool, color: Int?) throws {
        self.name = name
        self.path = LaunchData.log(name, in: folder)
        try FileSystem.makeDirectory(folder, mode: 0o700)
        let file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else {
            throw FileError(path: path, problem: "cannot be opened for writing (\(FileSystem.lastErrorText())); check the folder's permissions")
        }
        fchmod(file, 0o600)  // a log made by an older version was 0644
        var ends: [Int32] = [0, 0]
        // Children are spawned on one thread only, which marks descriptors close-on-exec first.
        guard pipe(&ends) == 0 else {
            close(file)
            throw FileError(path: path, problem: "cannot get a pipe for the child's output (\(FileSystem.lastErrorText()))")
        }
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        if echo {
            echoPrefix = color.map { "\u{1b}[\($0)m[\(label)]\u{1b}[0m " } ?? "[\(label)] "
        } else {
            echoPrefix = nil
        }
        let readEnd = ends[0]
        let thread = Thread { [echoPrefix] in Self.copy(from: readEnd, to: file, echoPrefix: echoPrefix) }
        thread.name = "log \(name)"
        thread.start()
    }

    /// Closes the launcher's copy of the write end: the reading thread ends when the child's does.
    public func closeWriteEnd() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }

    /// The last lines of a log file, for error messages.
    public static func tail(of path: String, lines: Int = 3) -> String {
        let text = FileSystem.readText(path) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }

    private static func copy(from readEnd: Int32, to file: Int32, echoPrefix: String?) {
        defer {
            close(readEnd)
            close(file)
        }
        var buffer = [UInt8](repeating: 0, count: 16384)
        var pending: [UInt8] = []
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            writeAll(file, buffer[0..<count])
            guard let echoPrefix else { continue }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 0x0a) {
                StandardStreams.error.write(echoPrefix + String(decoding: pending[...newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if let echoPrefix, !pending.isEmpty {
            StandardStreams.error.line(echoPrefix + String(decoding: pending, as: UTF8.self))
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
