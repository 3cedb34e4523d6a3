import CirclesCore
import Foundation
import GRDB
import Rhai
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A circle's key-value store: one SQLite file (WAL mode) with a table `kv(key, value)` whose
/// values are `StoredValue` JSON, so any Rhai value comes back with its type.
///
/// Between `beginTask` and `endTask` writes are held in the task's `TaskWrites` (reads see them
/// over the file); `endTask` applies them in one transaction unless the table
/// `applied_tasks(task_id, retry, at)` says that run of the task was already applied (by another
/// worker that ran it while this one looked dead). Outside a task each write is its own transaction.
/// Not thread-safe: one thread runs the tasks.
public final class CircleDatabase {
    public let path: String
    private let queue: DatabaseQueue
    /// The writes of the task being run; nil between tasks.
    private var taskWrites: TaskWrites?

    /// How long a run is remembered as applied (well past the records' 24 h result TTL).
    static let appliedRunRetention = 7 * 86_400.0
    /// Forgetting old runs is a scan of `applied_tasks` (no index on `at`, which every task's
    /// commit would have to write too): done by the first task that applies writes after
    /// this many seconds since the last time.
    static let appliedRunPruneInterval = 3_600.0
    /// When `endTask` forgets old runs next (the first time: at the first applied task).
    private var nextPrune = 0.0

    /// What `endTask` did with the task's writes.
    public enum TaskWritesOutcome: Equatable, Sendable {
        /// The task wrote nothing (nothing was checked or recorded).
        case nothingWritten
        /// This many keys were written or deleted, and the run recorded as applied.
        case applied(Int)
        /// This run of the task was already applied: this many changes were dropped.
        case alreadyApplied(Int)
    }

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
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS applied_tasks (task_id TEXT NOT NULL, retry INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (task_id, retry)) WITHOUT ROWID")
            }
        } catch {
            throw CircleDatabaseError(path: path, reason: "\(error)")
        }
    }

    /// Starts holding writes for a task; `writeLimit` caps the bytes held (0: no cap).
    public func beginTask(writeLimit: Int) {
        taskWrites = TaskWrites(limit: writeLimit)
    }

    /// Ends the task begun last: in one transaction, records run `retry` of `taskId` as applied
    /// and applies its writes, unless that run is recorded already (then they are dropped);
    /// runs applied more than `appliedRunRetention` ago are forgotten (hourly). Writes go straight to
    /// the file again afterwards, also when this throws.
    /// - Throws: a script error naming the file when SQLite fails (nothing is applied).
    public func endTask(taskId: String, retry: Int) throws -> TaskWritesOutcome {
        guard let writes = taskWrites else { return .nothingWritten }
        taskWrites = nil
        guard !writes.changes.isEmpty else { return .nothingWritten }
        return try reportingFailures {
            var outcome = TaskWritesOutcome.alreadyApplied(writes.changes.count)
            let now = Date().timeIntervalSince1970
            try queue.inTransaction(.immediate) { db in
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO applied_tasks (task_id, retry, at) VALUES (?, ?, ?)")
                    .execute(arguments: [taskId, retry, now])
                guard db.changesCount > 0 else { return .rollback }
                for (key, change) in writes.changes {
                    if let text = change.text { try Self.store(key, text, db) } else { _ = try Self.remove(key, db) }
                }
                if now >= nextPrune {
                    try db.cachedStatement(sql: "DELETE FROM applied_tasks WHERE at < ?").execute(arguments: [now - Self.appliedRunRetention])
                    nextPrune = now + Self.appliedRunPruneInterval
                }
                outcome = .applied(writes.changes.count)
                return .commit
            }
            return outcome
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    public func set(_ key: String, _ value: Dynamic) throws {
        let text = try StoredValue.encode(value)
        if taskWrites != nil {
            try taskWrites?.set(key, text)
        } else {
            try access { db in try Self.store(key, text, db) }
        }
    }

    /// The value under `key`, or nil when there is none.
    public func get(_ key: String) throws -> Dynamic? {
        let text: String?
        if let change = taskWrites?.change(of: key) {
            text = change.text
        } else {
            text = try access { db in try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM kv WHERE key = ?"), arguments: [key]) }
        }
        guard let text else { return nil }
        do {
            return try StoredValue.decode(text)
        } catch {
            throw RhaiError.runtime("the stored value of \"\(key)\" cannot be read (\(error)); set it again")
        }
    }

    /// Whether there is a value under `key`.
    public func has(_ key: String) throws -> Bool {
        if let change = taskWrites?.change(of: key) { return change.text != nil }
        return try access { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM kv WHERE key = ?)"), arguments: [key]) ?? false }
    }

    /// Removes `key`; returns whether it was there.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        guard taskWrites != nil else { return try access { db in try Self.remove(key, db) } }
        let existed = try has(key)
        try taskWrites?.delete(key)
        return existed
    }

    /// The keys starting with `prefix` (all keys for ""), sorted.
    public func keys(prefix: String = "") throws -> [String] {
        let stored = try access { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT key FROM kv WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key"), arguments: [prefix])
        }
        return taskWrites?.keys(over: stored, prefix: prefix) ?? stored
    }

    private static func store(_ key: String, _ text: String, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").execute(arguments: [key, text])
    }

    /// Deletes `key`; returns whether it was there.
    private static func remove(_ key: String, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM kv WHERE key = ?").execute(arguments: [key])
        return db.changesCount > 0
    }

    /// Runs one statement on the connection (SQLite's autocommit makes it its own transaction:
    /// committed when it returns, so a task that reports `completed` has its writes in the file);
    /// SQLite errors become script errors that name the file.
    private func access<T>(_ body: (Database) throws -> T) throws -> T {
        try reportingFailures { try queue.inDatabase(body) }
    }

    /// Runs `body`, turning SQLite errors into script errors that name the file.
    private func reportingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
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
