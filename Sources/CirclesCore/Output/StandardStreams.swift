#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stdout (data) and stderr (people), written through C stdio so output is buffered, not
/// collected: stdout is fully buffered on a pipe and line-buffered on a terminal.
public struct StandardStreams: Sendable {
    private let which: Int32

    public static let output = StandardStreams(which: 1)
    public static let error = StandardStreams(which: 2)

    private var file: UnsafeMutablePointer<FILE> { which == 1 ? stdout : stderr }

    /// Writes `text` as is.
    public func write(_ text: String) {
        fputs(text, file)
    }

    /// Writes `text` and a newline.
    public func line(_ text: String) {
        fputs(text, file)
        fputc(0x0a, file)
    }

    /// Flushes buffered output.
    public func flush() { fflush(file) }

    /// Whether the stream is a terminal.
    public var isTerminal: Bool { isatty(which) == 1 }
}
