#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Private key files `<directory>/<public key>.key` (docs/PROTOCOL.md §1): folder 0700, files 0600,
/// written atomically (temp file, fsync, rename), content the 64-hex key and a newline.
public struct KeyStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The file that holds the private key of `publicKey`.
    public func path(for publicKey: PublicKey) -> String { "\(directory)/\(publicKey.hex).key" }

    /// Writes `key` and returns the file's path.
    @discardableResult
    public func save(_ key: PrivateKey) throws -> String {
        try FileSystem.makeDirectory(directory, mode: 0o700)
        let path = path(for: key.publicKey)
        try FileSystem.writeAtomically(Array((key.hex + "\n").utf8), to: path, mode: 0o600)
        return path
    }

    /// Loads a private key file, refusing one that others may read (as ssh does).
    public static func load(path: String) throws -> PrivateKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KeyError.keyFile(path: path, problem: "cannot be read (\(String(cString: strerror(errno)))); check the path")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw KeyError.keyFile(path: path, problem: "is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)")
        }
        guard let text = FileSystem.readText(path) else {
            throw KeyError.keyFile(path: path, problem: "cannot be read; check its permissions")
        }
        do {
            return try PrivateKey(parsing: text.trimmingWhitespace)
        } catch let error as KeyError {
            throw KeyError.keyFile(path: path, problem: "does not hold a valid key (\(error))")
        }
    }

    /// Loads the private key of `publicKey` if its file exists.
    public func load(_ publicKey: PublicKey) throws -> PrivateKey? {
        let path = path(for: publicKey)
        guard access(path, F_OK) == 0 else { return nil }
        return try KeyStore.load(path: path)
    }
}
