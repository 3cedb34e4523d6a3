import CirclesCore
import GRDB
import Rhai
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A circle's key-value store: one SQLite file (WAL mode) with a table `kv(key, value)` whose
/// values are `StoredValue` JSON, so any Rhai value comes back with its type.
public final class CircleDatabase {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens the database file, creating it with mode 0600 when needed (SQLite gives its `-wal`
    /// and `-shm` files the same mode): only its owner may read a circle's data.
    /// - Throws: `CircleDatabaseError` when the file cannot be opened or set up.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let created = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if created >= 0 { close(created) }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID")
            }
        } catch {
            throw CircleDatabaseError(path: path, reason: "\(error)")
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    public func set(_ key: String, _ value: Dynamic) throws {
        let text = try StoredValue.encode(value)
        try access { db in
            try db.cachedStatement(sql: "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").execute(arguments: [key, text])
        }
    }

    /// The value under `key`, or nil when there is none.
    public func get(_ key: String) throws -> Dynamic? {
        let text = try access { db in try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM kv WHERE key = ?"), arguments: [key]) }
        guard let text else { return nil }
        do {
            return try StoredValue.decode(text)
        } catch {
            throw RhaiError.runtime("the stored value of \"\(key)\" cannot be read (\(error)); set it again")
        }
    }

    /// Whether there is a value under `key`.
    public func has(_ key: String) throws -> Bool {
        try access { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM kv WHERE key = ?)"), arguments: [key]) ?? false }
    }

    /// Removes `key`; returns whether it was there.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        try access { db in
            try db.cachedStatement(sql: "DELETE FROM kv WHERE key = ?").execute(arguments: [key])
            return db.changesCount > 0
        }
    }

    /// The keys starting with `prefix` (all keys for ""), sorted.
    public func keys(prefix: String = "") throws -> [String] {
        try access { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT key FROM kv WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key"), arguments: [prefix])
        }
    }

    /// Runs one statement on the connection (SQLite's autocommit makes it its own transaction:
    /// committed when it returns, so a task that reports `completed` has its writes in the file);
    /// SQLite errors become script errors that name the file.
    private func access<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as DatabaseError {
            throw RhaiError.runtime("the circle database \(path) failed: \(error.message ?? error.description)")
        }
    }
}

/// The circle database cannot be opened (exit 1).
public struct CircleDatabaseError: Failure {
    public let path: String
    public let reason: String
    public var description: String { "cannot open the circle database \(path) (\(reason)); check the path given with --db-path and its folder's permissions" }
    public var exitCode: Int32 { ExitStatus.failure }
}
