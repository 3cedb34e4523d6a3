import CirclesCore
import Foundation
import Testing
import TestSupport

/// A task that crashes its worker (docs/PROTOCOL.md §2, recovery): each death is recorded on the
/// task (`attempts`, `lastDeath`), the second quarantines it as `error`, and the tasks behind it
/// run. Real `circles-worker` processes, restarted with a new worker id after each death as
/// circles-spawn's supervisor does; the crash is the debug builds' fault hook
/// (`CIRCLES_TEST_ABORT_MARKER`: a script carrying the marker makes the worker `abort()`).
@Suite(.serialized) struct QuarantineTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "quarantine-\(UUID().uuidString).db"
    static let marker = "circles-test-abort-\(UUID().uuidString)"

    init() throws {
        redis = try TestRedis()
    }

    private func startWorker() throws -> WorkerProcess {
        try WorkerProcess(circle: circle, redis: redis, workerId: "w-\(UUID().uuidString.prefix(8))", databasePath: databasePath,
                          environment: ["CIRCLES_TEST_ABORT_MARKER": Self.marker, "SWIFT_BACKTRACE": "enable=no"], readyWithin: 60)
    }

    /// Polls `condition` every 100 ms with `Task.sleep` (no cooperative thread held) for up to
    /// `seconds`; returns whether it came true.
    private func poll(seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while try !condition() {
            guard Date() < deadline else { return false }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return true
    }

    @Test(.timeLimit(.minutes(4)))
    func aTaskThatKillsTwoWorkersIsQuarantinedAndTheTasksBehindItRun() async throws {
        let dispatcher = Dispatcher(url: redis.url)
        defer { dispatcher.close() }
        let connection = try redis.connect()
        var worker = try startWorker()
        var deadWorkers: [String] = []
        let poison = try await dispatcher.submit(script: "\"\(Self.marker)\"; 1", circle: circle, caller: "", timeout: 120)
        var behind: [String: String] = [:]
        for number in 1...5 {
            behind[try await dispatcher.submit(script: "\(number) * 10", circle: circle, caller: "", timeout: 120)] = String(number * 10)
        }
        func status(_ id: String) throws -> String? { try connection.command(["HGET", RedisKeys.taskDetails(id), "status"]).string }

        // Each worker that takes the poison dies; the next one (a new id, as the supervisor starts it)
        // runs the tasks behind it, and recovers the poison once the dead one's liveness key has
        // expired (≤ 10 s) at its next check (every 10 s).
        while try status(poison) != "error" {
            let changed = try await poll(seconds: 90) { try !worker.process.isRunning || status(poison) == "error" }
            try #require(changed, "within 90 s no worker died and the poison was not quarantined (\(deadWorkers.count) deaths)")
            guard !worker.process.isRunning else { break }
            #expect(worker.process.wait(timeout: 5) == 128 + SIGABRT, "\(worker.process.stderr)")
            deadWorkers.append(worker.workerId)
            try #require(deadWorkers.count <= 2, "the poison killed \(deadWorkers.count) workers")
            worker = try startWorker()
        }

        #expect(deadWorkers.count == 2)
        let record = try await dispatcher.awaitResult(taskId: poison, timeout: 10)
        #expect(record.status == .error && record.attempts == 2, "\(record)")
        #expect(record.error?.hasPrefix("quarantined: 2 workers died while running this task (last: worker \(deadWorkers[1]) stopped while running it") == true, "\(record)")
        #expect(record.lastDeath?.hasPrefix("worker \(deadWorkers[1]) stopped while running it; recovered at ") == true, "\(record)")
        for (id, output) in behind {
            let finished = try await dispatcher.awaitResult(taskId: id, timeout: 10)
            #expect(finished.status == .completed && finished.output == output, "\(finished)")
        }
        // The poison is not run again: the third worker lives and serves the circle.
        let next = try await dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 60)
        #expect(next.status == .completed && next.output == "42")
        #expect(worker.process.isRunning)
        #expect(try connection.command(["LLEN", RedisKeys.tasks(circle)]) == .integer(0))
        for id in deadWorkers {
            #expect(try connection.command(["EXISTS", RedisKeys.processing(circle, id)]) == .integer(0))
        }
        #expect(worker.process.stderr.contains("task \(poison) quarantined"), "\(worker.process.stderr)")
        #expect(worker.stop() == 0)
    }

    @Test func withoutTheVariableTheMarkedScriptIsAnOrdinaryScript() async throws {
        let worker = try WorkerProcess(circle: circle, redis: redis, databasePath: databasePath, readyWithin: 60)
        let record = try await Dispatcher(url: redis.url).run(script: "\"\(Self.marker)\"; 1", circle: circle, caller: "", timeout: 60)
        #expect(record.status == .completed && record.output == "1")
        #expect(worker.stop() == 0)
    }
}
