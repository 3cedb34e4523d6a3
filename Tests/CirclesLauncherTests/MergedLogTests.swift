import CirclesCore
import CirclesLauncher
import Foundation
import Testing

/// MergedLog on files written by the test: whole lines only, time order across files, and
/// following through truncation and a file that appears later.
@Suite struct MergedLogTests {
    let folder = NSTemporaryDirectory() + "merged-log-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private func line(_ second: Int, _ message: String) -> String {
        LogLine(timestamp: TaskClock.text(ofSeconds: Double(1_700_000_000 + second)), level: "info", label: "t", message: message).text
    }

    private func append(_ name: String, _ text: String) throws {
        let handle = FileHandle(forWritingAtPath: folder + "/" + name) ?? {
            FileManager.default.createFile(atPath: folder + "/" + name, contents: nil)
            return FileHandle(forWritingAtPath: folder + "/" + name)!
        }()
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    @Test func mergesByTimeKeepsRawLinesInPlaceAndFollows() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try append("a.log", line(1, "a1") + "\nraw output of a\n" + line(4, "a4") + "\n" + line(5, "partial"))
        try append("b.log", line(2, "b2") + "\n" + line(3, "b3") + "\n")
        let log = MergedLog(sources: [LogSource(prefix: "a", path: folder + "/a.log"), LogSource(prefix: "b", path: folder + "/b.log"),
                                      LogSource(prefix: "c", path: folder + "/c.log")])
        let all = log.tail(limit: nil, since: nil)
        #expect(all.map(\.text) == [line(1, "a1"), "raw output of a", line(2, "b2"), line(3, "b3"), line(4, "a4")])
        #expect(all.map(\.prefix) == ["a", "a", "b", "b", "a"])
        #expect(log.render(all[2], color: false) == "b | " + line(2, "b2"))
        #expect(log.tail(limit: 2, since: nil).map(\.text) == [line(3, "b3"), line(4, "a4")])
        #expect(log.tail(limit: nil, since: TaskClock.text(ofSeconds: 1_700_000_003)).map(\.text) == [line(3, "b3"), line(4, "a4")])

        // The partial line comes once it is whole; a new file is read from its start.
        #expect(log.appended().isEmpty)
        try append("a.log", " now whole\n")
        try append("c.log", line(6, "c6") + "\n")
        #expect(log.appended().map(\.text) == [line(5, "partial") + " now whole", line(6, "c6")])
        // A truncated file is read again from its start.
        try "".write(toFile: folder + "/b.log", atomically: false, encoding: .utf8)
        try append("b.log", line(7, "b7") + "\n")
        #expect(log.appended().map(\.text) == [line(7, "b7")])
    }

    @Test func sinceParsesDurationsAndUTCTimes() throws {
        let now = 1_700_000_000.0
        #expect(try LogSince.timestamp("90s", now: now) == TaskClock.text(ofSeconds: now - 90))
        #expect(try LogSince.timestamp("2h", now: now) == TaskClock.text(ofSeconds: now - 7200))
        #expect(try LogSince.timestamp("2026-01-31T12:00:00Z") == "2026-01-31T12:00:00.000Z")
        #expect(try LogSince.timestamp("2026-01-31 12:00:00.250") == "2026-01-31T12:00:00.250Z")
        #expect(throws: UsageError.self) { try LogSince.timestamp("last tuesday") }
    }
}
