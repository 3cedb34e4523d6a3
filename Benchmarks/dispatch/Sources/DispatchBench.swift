import CirclesCore
import Foundation

/// Round-trip latency and throughput of `40 + 2` tasks through the Dispatcher and one
/// circles-worker, next to plain Redis round trips on the same server, in the same run.
///
/// Usage: dispatch-bench --redis-url URL --worker PATH [--tasks N]
@main
enum DispatchBench {
    static func main() async throws {
        let options = Options(CommandLine.arguments.dropFirst())
        let url = try RedisURL(parsing: options.value("--redis-url") ?? "redis://127.0.0.1:6379")
        let workerPath = options.value("--worker") ?? ".build-worker/release/circles-worker"
        let tasks = Int(options.value("--tasks") ?? "") ?? 4000
        let circle = PrivateKey.generate().publicKey

        print("Redis baseline on \(url.redacted):")
        let ping = try redisRoundTrips(url, samples: 5000) { try $0.command(["PING"]) }
        report("  PING round trip (1 client)", ping)
        let pushPop = try redisRoundTrips(url, samples: 5000) { connection in
            try connection.command(["LPUSH", "bench:list", "x"])
            _ = try connection.blpop(["bench:list"], timeout: 1)
        }
        report("  LPUSH + BLPOP (1 client)", pushPop)

        let worker = try WorkerProcess.start(workerPath, circle: circle, url: url)
        let dispatcher = Dispatcher(url: url)
        _ = try await measure(dispatcher, circle, producers: 1, tasksEach: 200)  // warm-up
        print("Dispatch of \"40 + 2\" (Dispatcher.run → circles-worker → reply):")
        for producers in [1, 16] {
            let (latencies, seconds) = try await measure(dispatcher, circle, producers: producers, tasksEach: tasks / producers)
            report("  \(producers) producer(s)", latencies)
            print("    throughput \(Int(Double(latencies.count) / seconds)) tasks/s")
            print("    p50 ratio to PING: \(String(format: "%.1f", median(latencies) / median(ping)))×, to LPUSH+BLPOP: \(String(format: "%.1f", median(latencies) / median(pushPop)))×")
        }
        worker.stop()

        let queued = tasks * 5
        let trivial = "40 + 2", database = #"db_set("k", 42); db_get("k")"#
        print("One worker draining \(queued) queued tasks (worker start-up included), alternating scripts:")
        var rates: [String: [Double]] = [:]
        for round in 1...3 {
            for script in [trivial, database] {
                let rate = try await drain(script, tasks: queued, dispatcher, circle, workerPath, url)
                rates[script, default: []].append(rate)
                print("  round \(round) \(script): \(Int(rate)) tasks/s")
            }
        }
        let ratios = zip(rates[database]!, rates[trivial]!).map { $0 / $1 }
        print("  db_set + db_get vs 40 + 2, median rate ratio: \(String(format: "%.2f", median(ratios)))× (range \(String(format: "%.2f", ratios.min()!))–\(String(format: "%.2f", ratios.max()!)))")
        dispatcher.close()
    }

    /// Queues `tasks` copies of `script` (16 producers, caller = the circle, so writes are
    /// allowed), then starts one worker and returns how many tasks per second it finishes.
    static func drain(_ script: String, tasks: Int, _ dispatcher: Dispatcher, _ circle: PublicKey, _ workerPath: String, _ url: RedisURL) async throws -> Double {
        var last = ""
        try await withThrowingTaskGroup(of: String.self) { group in
            for producer in 0..<16 {
                group.addTask {
                    var id = ""
                    for _ in stride(from: producer, to: tasks, by: 16) {
                        id = try await dispatcher.submit(script: script, circle: circle, caller: circle.hex, timeout: 60)
                    }
                    return id
                }
            }
            for try await id in group { last = id }
        }
        let started = Date()
        let drainer = try WorkerProcess.start(workerPath, circle: circle, url: url)
        defer { drainer.stop() }
        let connection = try RedisConnection.connect(url: url)
        while try connection.command(["LLEN", RedisKeys.tasks(circle)]).integer != 0 { usleep(1_000) }
        let record = try await dispatcher.awaitResult(taskId: last, timeout: 60)
        guard record.output == "42" else { throw BenchError("unexpected record \(record)") }
        return Double(tasks) / Date().timeIntervalSince(started)
    }

    /// `producers` concurrent loops of sequential `run` calls; returns every latency (s) and the wall time.
    static func measure(_ dispatcher: Dispatcher, _ circle: PublicKey, producers: Int, tasksEach: Int) async throws -> ([Double], Double) {
        let started = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<producers {
                group.addTask {
                    var samples: [Double] = []
                    for _ in 0..<tasksEach {
                        let begin = Date()
                        let record = try await dispatcher.run(script: "40 + 2", circle: circle, caller: "", timeout: 30)
                        guard record.output == "42" else { throw BenchError("unexpected record \(record)") }
                        samples.append(Date().timeIntervalSince(begin))
                    }
                    return samples
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return (latencies, Date().timeIntervalSince(started))
    }

    static func redisRoundTrips(_ url: RedisURL, samples: Int, _ body: (RedisConnection) throws -> Void) throws -> [Double] {
        let connection = try RedisConnection.connect(url: url)
        for _ in 0..<200 { try body(connection) }
        return try (0..<samples).map { _ in
            let begin = Date()
            try body(connection)
            return Date().timeIntervalSince(begin)
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func report(_ label: String, _ values: [Double]) {
        let sorted = values.sorted()
        let p50 = sorted[sorted.count / 2] * 1e6
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6
        print("\(label): p50 \(Int(p50)) µs, p99 \(Int(p99)) µs (\(values.count) samples)")
    }
}

/// A circles-worker child process.
struct WorkerProcess {
    let process: Process

    static func start(_ path: String, circle: PublicKey, url: RedisURL) throws -> WorkerProcess {
        let workerId = UUID().uuidString
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--circle-public-key", circle.hex, "--redis-url", url.redacted, "--worker-id", workerId,
                             "--db-path", NSTemporaryDirectory() + "bench-\(workerId).db"]
        try process.run()
        let connection = try RedisConnection.connect(url: url)
        while try connection.command(["EXISTS", RedisKeys.worker(circle, workerId)]) != .integer(1) {
            guard process.isRunning else { throw BenchError("circles-worker exited early") }
            usleep(5_000)
        }
        return WorkerProcess(process: process)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct Options {
    let arguments: [String]
    init(_ arguments: ArraySlice<String>) { self.arguments = Array(arguments) }
    func value(_ name: String) -> String? {
        arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
