#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads arguments that may be given inline, as `-` (stdin), or as a file.
public enum InputReader {
    /// All of stdin as text.
    public static func standardInput() -> String {
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &buffer, buffer.count)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text`, or stdin when it is `-`, without one trailing line break (what `echo` adds).
    public static func argumentOrStandardInput(_ text: String) -> String {
        guard text == "-" else { return text }
        var input = standardInput()
        // "\r\n" is one Character in Swift, so one removeLast drops either ending.
        if input.hasSuffix("\r\n") || input.hasSuffix("\n") { input.removeLast() }
        return input
    }

    /// Whether stdin is a pipe or file rather than a terminal.
    public static var standardInputIsPiped: Bool { isatty(0) == 0 }
}

/// Resolves a private key given as 64 hex, a key file path, or `-` (stdin).
public enum PrivateKeyArgument {
    public static func resolve(_ argument: String) throws -> PrivateKey {
        if argument != "-" && (argument.contains("/") || FileSystem.exists(argument)) {
            return try KeyStore.load(path: argument)
        }
        return try PrivateKey(parsing: InputReader.argumentOrStandardInput(argument).trimmingWhitespace)
    }
}
