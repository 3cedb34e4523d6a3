import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Queues you can see and act on: circles-status' counters, circles-queue, circles-dispatch retry
/// and cancel, on real tasks of a real worker.
@Suite(.serialized) struct QueueEndToEndTests {
    private func circleLine(_ fixture: LaunchFixture) throws -> [String: Any] {
        try #require(try fixture.statusLines().lines.first { $0["kind"] as? String == "circle" })
    }

    @Test func statusQueueAndCancelShowAndRemoveWaitingTasks() throws {
        let fixture = try LaunchFixture()
        let config = try fixture.write("circles.json", #"[{"name": "Dunia Cybercity"}]"#)
        let spawn = try fixture.spawnDetached([config])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let worker = try #require(try fixture.state()?.circles[0].worker)
        let pid = try #require(worker.pid)
        let name = "Dunia Cybercity"

        let ok = try fixture.run("circles-dispatch", ["--circle", name, "-e", "6 * 7"])
        #expect(ok.stdout.trimmingWhitespace == "42", "\(ok.stderr)")
        let failed = try fixture.run("circles-dispatch", ["--circle", name, "--json", "-e", #"throw "boom""#])
        #expect(failed.exitCode == ExitStatus.scriptError)
        let failedId = try #require(LaunchFixture.jsonLines(failed.stdout).first?["taskId"] as? String)
        var circle = try circleLine(fixture)
        #expect(circle["queued"] as? Int == 0)
        #expect(circle["processing"] as? Int == 0)
        #expect(circle["workers_alive"] as? Int == 1)
        #expect(circle["tasks_done"] as? Int == 2)
        #expect(circle["tasks_failed"] as? Int == 1)
        #expect((circle["last_error"] as? String)?.contains("boom") == true, "\(circle)")
        #expect(circle["last_error_task"] as? String == failedId)

        // A long task in the worker's hands, then three more waiting behind it.
        let long = try fixture.run("circles-dispatch", ["--circle", name, "--no-wait", "-e", "let s = 0; for i in 0..5000000 { s += i } s"])
        let longId = long.stdout.trimmingWhitespace
        try waitUntil("the long task is taken") {
            try fixture.run("circles-queue", [name, "--json"]).stdout.contains(#""state":"processing""#)
        }
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let waiting = try (1...3).map { number in
            try fixture.run("circles-dispatch", ["--circle", name, "--no-wait", "--caller", "", "-e", "\(number)"]).stdout.trimmingWhitespace
        }
        circle = try circleLine(fixture)
        #expect(circle["queued"] as? Int == 3)
        #expect(circle["processing"] as? Int == 1)

        let listed = try fixture.run("circles-queue", [name, "--json"])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        let tasks = LaunchFixture.jsonLines(listed.stdout)
        #expect(tasks.map { $0["task_id"] as? String } == waiting + [longId])
        #expect(tasks.map { $0["state"] as? String } == ["pending", "pending", "pending", "processing"])
        #expect(tasks[3]["worker_id"] as? String == worker.workerId)
        #expect(tasks[0]["caller_id"] as? String == "")
        #expect(tasks.allSatisfy { ($0["age_seconds"] as? Double).map { $0 >= 0 && $0 < 120 } == true }, "\(tasks)")
        #expect(listed.stderr.contains("3 pending, 1 processing"), "\(listed.stderr)")
        let limited = try fixture.run("circles-queue", [name, "--json", "--limit", "1"])
        #expect(LaunchFixture.jsonLines(limited.stdout).map { $0["task_id"] as? String } == [waiting[0], longId])
        #expect(limited.stderr.contains("the oldest 1 listed"), "\(limited.stderr)")

        let cancel = try fixture.run("circles-dispatch", ["cancel", waiting[1]])
        #expect(cancel.exitCode == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.trimmingWhitespace == waiting[1])
        let status = try fixture.run("circles-dispatch", ["status", waiting[1]])
        #expect(status.exitCode == ExitStatus.scriptError)
        #expect(status.stderr.contains(TaskControl.cancelledMessage), "\(status.stderr)")
        let again = try fixture.run("circles-dispatch", ["cancel", waiting[1]])
        #expect(again.exitCode == 1)
        #expect(again.stderr.trimmingWhitespace == "circles-dispatch: error: task \(waiting[1]) is error, not pending; only a task still in the queue can be cancelled")
        let running = try fixture.run("circles-dispatch", ["cancel", longId])
        #expect(running.exitCode == 1)
        #expect(running.stderr.contains("is processing, not pending"), "\(running.stderr)")
        #expect(try circleLine(fixture)["queued"] as? Int == 2)

        // The others run once the worker goes on; the cancelled one never does.
        kill(pid, SIGCONT)
        for (number, id) in zip([1, 3], [waiting[0], waiting[2]]) {
            try waitUntil("task \(number) completed", seconds: 60) {
                try fixture.run("circles-dispatch", ["status", id]).stdout.contains("status: completed")
            }
        }
        try waitUntil("the queue is empty") { try fixture.run("circles-queue", [name, "--json"]).stdout.isEmpty }
        #expect(try circleLine(fixture)["tasks_done"] as? Int == 5)
    }

    @Test func retryRunsAFailedTaskAgainAsANewAttempt() throws {
        let fixture = try LaunchFixture()
        let spawn = try fixture.spawnDetached(["-c", freshPublicKey()])
        #expect(spawn.exitCode == 0, "\(spawn.stderr)")
        let key = try #require(try fixture.state()?.circles[0].publicKey)
        let script = #"if db_has("tried") { `second run by ${CALLER_ID == CONTEXT_ID}` } else { db_set("tried", true); throw "first run fails" }"#
        let first = try fixture.run("circles-dispatch", ["--circle", key, "--json", "-e", script])
        #expect(first.exitCode == ExitStatus.scriptError, "\(first.stderr)")
        let id = try #require(LaunchFixture.jsonLines(first.stdout).first?["taskId"] as? String)

        let retry = try fixture.run("circles-dispatch", ["retry", id])
        #expect(retry.exitCode == 0, "\(retry.stderr)")
        #expect(retry.stdout.trimmingWhitespace == "second run by true")
        let record = try fixture.redis.connect().command(["HGETALL", RedisKeys.taskDetails(id)]).hashFields ?? [:]
        #expect(record["status"] == "completed")
        #expect(record["retries"] == "1")
        #expect(record["error"] == nil)
        #expect(record["script"] == script)

        let completed = try fixture.run("circles-dispatch", ["retry", id])
        #expect(completed.exitCode == 1)
        #expect(completed.stderr.contains("task \(id) is completed, not finished as error"), "\(completed.stderr)")
        let unknown = try fixture.run("circles-dispatch", ["retry", "no-such-task"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.trimmingWhitespace == #"circles-dispatch: error: there is no task "no-such-task" (finished records expire after 24 h); check the id and the --redis-url"#)
        let badCircle = try fixture.run("circles-queue", ["no such circle"])
        #expect(badCircle.exitCode == ExitStatus.usage)
        #expect(badCircle.stderr.contains(#"no circle named "no such circle""#), "\(badCircle.stderr)")
    }
}
