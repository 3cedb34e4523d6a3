import Rhai

/// The database functions every script can call (docs/PROTOCOL.md §3):
/// `db_set(key, value)`, `db_get(key)` (→ value or `()`), `db_has(key)`, `db_delete(key)`
/// (→ whether it was there), `db_keys()` and `db_keys(prefix)` (→ sorted array of strings).
/// Writes call `authorizeWrite` first, which throws `Insufficient authorization` unless the
/// caller owns the circle.
enum ScriptAPI {
    static func register(on engine: Engine, database: CircleDatabase, authorizeWrite: @escaping () throws -> Void) {
        engine.register("db_set") { (key: String, value: Dynamic) throws -> Void in
            try authorizeWrite()
            try database.set(key, value)
        }
        engine.register("db_get") { (key: String) throws -> Dynamic in
            try database.get(key) ?? .unit
        }
        engine.register("db_has") { (key: String) throws -> Bool in
            try database.has(key)
        }
        engine.register("db_delete") { (key: String) throws -> Bool in
            try authorizeWrite()
            return try database.delete(key)
        }
        engine.register("db_keys") { () throws -> [Dynamic] in
            try database.keys().map(Dynamic.string)
        }
        engine.register("db_keys") { (prefix: String) throws -> [Dynamic] in
            try database.keys(prefix: prefix).map(Dynamic.string)
        }
    }

    /// The error a write by someone other than the circle's owner raises.
    static let insufficientAuthorization = RhaiError.runtime("Insufficient authorization")
}
