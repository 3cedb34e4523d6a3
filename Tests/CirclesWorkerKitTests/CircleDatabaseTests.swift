import Foundation
import Rhai
import Testing
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

    @Test func anUnopenableFileIsAClearError() {
        #expect {
            try CircleDatabase(path: "/nonexistent-folder/x.db")
        } throws: { error in
            "\(error)".contains("/nonexistent-folder/x.db") && "\(error)".contains("--db-path")
        }
    }
}
