import Rhai

/// The database writes of the task being run, held in memory until it ends (docs/PROTOCOL.md §3):
/// `CircleDatabase` reads through them, then applies them in one transaction, at most once per run
/// of a task. Values are kept as their `StoredValue` text, as the file keeps them.
struct TaskWrites {
    /// What the task did to one key.
    enum Change: Equatable {
        case set(String)
        case deleted

        /// The stored text after the change (nil: deleted).
        var text: String? {
            if case .set(let text) = self { return text }
            return nil
        }
    }

    /// The last change of each key the task wrote.
    private(set) var changes: [String: Change] = [:]
    /// The bytes of keys and texts held, against `limit` (0: no limit).
    private var bytes = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// The change of `key`, or nil when the task has not written it.
    func change(of key: String) -> Change? {
        changes[key]
    }

    /// Records `key` set to `text`.
    /// - Throws: when the writes held would exceed `limit`.
    mutating func set(_ key: String, _ text: String) throws {
        try record(.set(text), for: key)
    }

    /// Records `key` deleted.
    mutating func delete(_ key: String) throws {
        try record(.deleted, for: key)
    }

    /// The keys starting with `prefix` once these writes are applied to a file holding `stored`
    /// (that prefix's keys), sorted as SQLite sorts them (by UTF-8 bytes).
    func keys(over stored: [String], prefix: String) -> [String] {
        guard !changes.isEmpty else { return stored }
        var keys = Set(stored)
        for (key, change) in changes where key.utf8.starts(with: prefix.utf8) {
            if change.text == nil { keys.remove(key) } else { keys.insert(key) }
        }
        return keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private mutating func record(_ change: Change, for key: String) throws {
        let size = key.utf8.count + (change.text?.utf8.count ?? 0)
        let replaced = changes[key].map { key.utf8.count + ($0.text?.utf8.count ?? 0) } ?? 0
        if limit > 0 && bytes - replaced + size > limit {
            throw RhaiError.runtime("the task's database writes need more than the memory limit of \(limit >> 20) MiB (--max-task-memory): they are held in memory until the task ends")
        }
        bytes += size - replaced
        changes[key] = change
    }
}
