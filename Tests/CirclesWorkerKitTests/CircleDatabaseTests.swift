import CirclesCore
import Foundation
import Rhai
import Testing
import TestSupport
@testable import CirclesWorkerKit

@Suite struct CircleDatabaseTests {
    let path = NSTemporaryDirectory() + "circle-db-\(UUID().uuidString).db"

    @Test func setGetHasDeleteAndKeys() throws {
        let database = try CircleDatabase(path: path)
        try database.set("user:1", .map(["name": .string("ann")]))
        try database.set("user:2", .int(2))
        try database.set("config", .bool(true))
        #expect(try database.get("user:1") == .map(["name": .string("ann")]))
        #expect(try database.get("missing") == nil)
        #expect(try database.has("config"))
        #expect(try database.keys() == ["config", "user:1", "user:2"])
        #expect(try database.keys(prefix: "user:") == ["user:1", "user:2"])
        #expect(try database.keys(prefix: "user%") == [])
        #expect(try database.delete("user:2"))
        #expect(try !database.delete("user:2"))
        #expect(try !database.has("user:2"))
        try database.set("config", .string("replaced"))
        #expect(try database.get("config") == .string("replaced"))
    }

    @Test func dataSurvivesReopeningAndTheFileIsInWALMode() throws {
        try CircleDatabase(path: path).set("kept", .array([.int(1), .float(1.5)]))
        let reopened = try CircleDatabase(path: path)
        #expect(try reopened.get("kept") == .array([.int(1), .float(1.5)]))
        // SQLite header bytes 18 and 19 are 2 for a database in WAL mode.
        let header = try #require(FileManager.default.contents(atPath: path))
        #expect(header[18] == 2 && header[19] == 2)
    }

    @Test func aTasksReadsSeeItsOwnWritesBeforeTheFileDoes() throws {
        let database = try CircleDatabase(path: path)
        try database.set("kept", .int(1))
        try database.set("gone", .int(2))
        database.beginTask(writeLimit: 0)
        try database.set("new", .string("x"))
        try database.set("kept", .int(10))
        #expect(try database.delete("gone"))
        #expect(try !database.delete("gone"))
        #expect(try !database.delete("never"))
        #expect(try database.get("new") == .string("x"))
        #expect(try database.get("kept") == .int(10))
        #expect(try database.get("gone") == nil)
        #expect(try database.has("new") && !database.has("gone"))
        // Another connection (another worker) sees the file unchanged until the task ends.
        let other = try CircleDatabase(path: path)
        #expect(try other.keys() == ["gone", "kept"])
        #expect(try other.get("kept") == .int(1))
        #expect(try database.endTask(taskId: "t1", retry: 0) == .applied(4))
        #expect(try other.keys() == ["kept", "new"])
        #expect(try other.get("kept") == .int(10))
        #expect(try other.get("new") == .string("x"))
    }

    @Test func keysMergeTheTasksWritesInByteOrder() throws {
        let database = try CircleDatabase(path: path)
        for key in ["user:b", "user:d", "zeta"] { try database.set(key, .int(0)) }
        database.beginTask(writeLimit: 0)
        try database.set("user:c", .int(1))
        try database.set("user:a", .int(1))
        try database.set("user:é", .int(1))
        try database.delete("user:d")
        try database.set("other", .int(1))
        try database.delete("never")
        #expect(try database.keys(prefix: "user:") == ["user:a", "user:b", "user:c", "user:é"])
        #expect(try database.keys() == ["other", "user:a", "user:b", "user:c", "user:é", "zeta"])
        _ = try database.endTask(taskId: "t1", retry: 0)
        #expect(try database.keys() == ["other", "user:a", "user:b", "user:c", "user:é", "zeta"])
    }

    @Test func aRunIsAppliedOnceAndARetryIsANewRun() throws {
        let first = try CircleDatabase(path: path), second = try CircleDatabase(path: path)
        first.beginTask(writeLimit: 0)
        second.beginTask(writeLimit: 0)
        try first.set("n", .int(1))
        try second.set("n", .int(1))
        try second.set("extra", .bool(true))
        #expect(try second.endTask(taskId: "t1", retry: 0) == .applied(2))
        try second.set("n", .int(5))
        #expect(try first.endTask(taskId: "t1", retry: 0) == .alreadyApplied(1))
        #expect(try first.get("n") == .int(5))
        #expect(try first.keys() == ["extra", "n"])
        first.beginTask(writeLimit: 0)
        try first.set("n", .int(6))
        #expect(try first.endTask(taskId: "t1", retry: 1) == .applied(1))
        #expect(try second.get("n") == .int(6))
        first.beginTask(writeLimit: 0)
        #expect(try first.endTask(taskId: "t2", retry: 0) == .nothingWritten)
    }

    @Test func aTasksHeldWritesAreCappedByItsLimit() throws {
        let database = try CircleDatabase(path: path)
        database.beginTask(writeLimit: 1 << 20)
        let big = Dynamic.string(String(repeating: "x", count: 600_000))
        try database.set("a", big)
        try database.set("a", big)
        #expect {
            try database.set("b", big)
        } throws: { error in
            "\(error)".contains("1 MiB (--max-task-memory)")
        }
        #expect(try database.endTask(taskId: "t1", retry: 0) == .applied(1))
        #expect(try database.keys() == ["a"])
    }

    /// SQLite fails inside the apply (another program dropped the table): the transaction
    /// leaves nothing behind, not even the run's record, and the error names the file.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func aFailedApplyAppliesNothingAndNamesTheFile() throws {
        let database = try CircleDatabase(path: path)
        database.beginTask(writeLimit: 0)
        try database.set("a", .int(1))
        let drop = try BuiltExecutable.run("/usr/bin/sqlite3", [path, "DROP TABLE kv"])
        #expect(drop.exitCode == 0, "\(drop.stderr)")
        #expect {
            try database.endTask(taskId: "t1", retry: 0)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("kv")
        }
        let runs = try BuiltExecutable.run("/usr/bin/sqlite3", [path, "SELECT count(*) FROM applied_tasks"])
        #expect(runs.stdout.trimmingWhitespace == "0", "\(runs.stderr)")
    }

    @Test func anUnopenableFileIsAClearError() {
        #expect {
            try CircleDatabase(path: "/nonexistent-folder/x.db")
        } throws: { error in
            "\(error)".contains("/nonexistent-folder/x.db") && "\(error)".contains("--db-path")
        }
    }
}
