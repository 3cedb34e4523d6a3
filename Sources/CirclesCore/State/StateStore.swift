import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `state.json` in a launch_data folder, changed only by read-modify-write under an exclusive
/// `flock` on `<directory>/.lock`, and replaced atomically (temporary file, fsync, rename), so
/// concurrent writers — threads or processes — lose no update and readers never see half a file.
///
/// A corrupt file or one from a newer version is reported (`StateError`) and never overwritten.
/// The file has mode 0600 because the Redis URL in it may carry a password.
public struct StateStore: Sendable {
    public let directory: String

    /// The state file, `<directory>/state.json`.
    public var path: String { LaunchData(directory).stateFile }
    /// The lock file, `<directory>/.lock`.
    public var lockPath: String { LaunchData(directory).lockFile }

    public init(directory: String) {
        self.directory = directory
    }

    /// The current state, or nil when there is no state file. Takes no lock: the file is
    /// always replaced whole.
    /// - Throws: `StateError` for a corrupt or newer file, `FileError` when it cannot be read.
    public func read() throws -> LaunchState? {
        guard FileSystem.exists(path) else { return nil }
        guard let text = FileSystem.readText(path) else {
            throw FileError(path: path, problem: "cannot be read (\(FileSystem.lastErrorText())); check its permissions")
        }
        return try decode(Data(text.utf8))
    }

    /// Reads the state (a fresh `LaunchState()` when there is none), lets `change` modify it,
    /// sets `updatedAt`, and writes it back, all while holding the lock. When `change` throws,
    /// nothing is written. Keep `change` short: other writers wait for it.
    @discardableResult
    public func update<T>(_ change: (inout LaunchState) throws -> T) throws -> T {
        try withLock {
            var state = try read() ?? LaunchState()
            let result = try change(&state)
            state.updatedAt = Date()
            try write(state)
            return result
        }
    }

    /// Deletes the state file (under the lock); nothing happens when there is none.
    public func remove() throws {
        try withLock {
            if unlink(path) != 0 && errno != ENOENT {
                throw FileError(path: path, problem: "cannot be removed (\(FileSystem.lastErrorText())); check the folder's permissions")
            }
        }
    }

    // MARK: - Internals

    private func decode(_ data: Data) throws -> LaunchState {
        struct VersionProbe: Decodable { let version: Int }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let version: Int
        do {
            version = try decoder.decode(VersionProbe.self, from: data).version
        } catch {
            throw StateError.corrupt(path: path, reason: Self.explain(error))
        }
        if version > LaunchState.currentVersion {
            throw StateError.newerVersion(path: path, found: version, supported: LaunchState.currentVersion)
        }
        guard version >= 1 else {
            throw StateError.corrupt(path: path, reason: "version \(version) is not a valid version")
        }
        do {
            return try decoder.decode(LaunchState.self, from: data)
        } catch {
            throw StateError.corrupt(path: path, reason: Self.explain(error))
        }
    }

    private func write(_ state: LaunchState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(state)
        try FileSystem.writeAtomically(Array(data) + [UInt8(ascii: "\n")], to: path, mode: 0o600)
        // Make the rename itself durable.
        let folder = open(directory, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        if !FileSystem.exists(directory) {
            try FileSystem.makeDirectory(directory)
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw FileError(path: lockPath, problem: "cannot be opened (\(FileSystem.lastErrorText())); check the folder's permissions or pass --launch-data")
        }
        defer { close(fd) }  // closing releases the lock
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw FileError(path: lockPath, problem: "cannot be locked (\(FileSystem.lastErrorText()))")
            }
        }
        return try body()
    }

    /// A short reason for a decoding failure, naming the field.
    private static func explain(_ error: Error) -> String {
        func field(_ path: [CodingKey], _ last: CodingKey? = nil) -> String {
            let keys = (path + (last.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "\"\(keys.joined(separator: "."))\""
        }
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "the field \(field(context.codingPath, key)) is missing"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "\(field(context.codingPath)) has the wrong type"
        case let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty:
            return "\(field(context.codingPath)) has an invalid value"
        case DecodingError.dataCorrupted:
            return "it is not valid JSON"
        default:
            return String(describing: error)
        }
    }
}
