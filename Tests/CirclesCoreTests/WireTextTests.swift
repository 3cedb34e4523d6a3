import CirclesCore
import Foundation
import Testing

/// The hand-built wire texts (JSON string literals, reply records, timestamps) read back by
/// Foundation's parsers, which do not share their code.
@Suite struct WireTextTests {
    @Test(arguments: [
        "", "plain", "quote \" and backslash \\", "new\nline\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
        "héllo wörld", "emoji 🎉 and 中文", "</script>", String(repeating: "x\"", count: 1000),
    ])
    func quotedTextParsesBackToItself(text: String) throws {
        let literal = JSONText.quote(text)
        let parsed = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: [.fragmentsAllowed])
        #expect(parsed as? String == text)
        #expect(!literal.utf8.contains { $0 < 0x20 }, "control characters must be escaped")
    }

    @Test func replyRecordJSONRoundTrips() throws {
        let record = TaskRecord(
            taskId: "t-1", script: "let s = \"a\\nb\";\nprint(s)", status: .completed, callerId: "", contextId: "02ab",
            createdAt: "2026-01-02T03:04:05.006Z", output: "a\nb \u{1}", replyToQueue: "custom", timeoutSecs: 30,
            logs: ["first", "second \"line\""], retries: 2)
        let object = try #require(JSONSerialization.jsonObject(with: Data(record.jsonText.utf8)) as? [String: String])
        #expect(object["retries"] == "2")
        #expect(object["script"] == record.script)
        #expect(object["output"] == record.output)
        #expect(object["logs"] == "first\nsecond \"line\"")
        #expect(try TaskRecord(jsonText: record.jsonText) == record)
    }

    @Test func replyRecordsFromOtherWritersAreRead() throws {
        let record = try TaskRecord(jsonText: #"{"taskId": "a", "status": "completed", "contextId": "c", "timeoutSecs": 30, "logs": ["x", "y"]}"#)
        #expect(record.timeoutSecs == 30 && record.logs == ["x", "y"] && record.status == .completed)
        let notAnObject = #expect(throws: TaskRecordError.self) { try TaskRecord(jsonText: "[1, 2]") }
        #expect(notAnObject?.description == #"the task record is not a JSON object: "[1, 2]"; the record is damaged or was not written by circles"#)
        #expect(throws: TaskRecordError.self) { try TaskRecord(jsonText: #"{"taskId": "a", "contextId": "c"}"#) }
    }

    @Test func theTaskIdOfAReplyIsFoundInAnyLayout() throws {
        let record = TaskRecord(
            taskId: "id-1", script: #"let s = "\"taskId\":\"fake\""; s"#, status: .completed, callerId: "", contextId: "02ab",
            createdAt: "2026-01-02T03:04:05.006Z", output: "x", timeoutSecs: 1)
        #expect(TaskRecord.taskId(inJSONText: record.jsonText) == "id-1")
        let scriptFirst = #"{"script":"\"taskId\":\"fake\"","taskId":"id-2"}"#
        #expect(TaskRecord.taskId(inJSONText: scriptFirst) == "id-2")
        #expect(TaskRecord.taskId(inJSONText: #"{"status": "completed", "taskId": "id-3"}"#) == "id-3")
        #expect(TaskRecord.taskId(inJSONText: #"{"taskId":"id\u002d4"}"#) == "id-4")
        #expect(TaskRecord.taskId(inJSONText: "wake") == nil)
        #expect(TaskRecord.taskId(inJSONText: #"{"status":"completed"}"#) == nil)
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() throws {
        let text = TaskClock.now()
        let shape = try Regex(#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#)
        let matches = text.wholeMatch(of: shape) != nil
        #expect(matches, "\(text)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: text))
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
    }

    @Test func timestampsReadBackAsSeconds() throws {
        #expect(TaskClock.seconds(of: "1970-01-01T00:00:01.250Z") == 1.25)
        #expect(TaskClock.seconds(of: "2025-01-31T12:00:00.123Z") == 1_738_324_800.123)
        #expect(TaskClock.text(ofSeconds: 1_738_324_800.123) == "2025-01-31T12:00:00.123Z")
        let now = try #require(TaskClock.seconds(of: TaskClock.now()))
        #expect(abs(now - TaskClock.currentSeconds()) < 5)
        for text in ["", "2025-01-31T12:00:00Z", "2025-01-31 12:00:00.123Z", "2025-01-31T12:00:00.123+01"] {
            #expect(TaskClock.seconds(of: text) == nil, "\(text)")
        }
    }

    @Test func taskIdsAreDistinctLowercaseUUIDVersion4() throws {
        let shape = try Regex(#"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"#)
        let ids = (0..<1000).map { _ in TaskClock.newTaskId() }
        for id in ids {
            #expect(id.wholeMatch(of: shape) != nil, "\(id)")
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
        }
        #expect(Set(ids).count == ids.count)
    }
}
