import CirclesCore
import CirclesWorkerKit
import Foundation
import TestSupport

/// A private Redis, a circle, and in-process workers serving it on their own threads.
final class WorkerHarness {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey
    let databasePath = NSTemporaryDirectory() + "harness-\(UUID().uuidString).db"
    private var running: [(worker: Worker, done: DispatchSemaphore)] = []

    init() throws {
        redis = try TestRedis()
    }

    deinit {
        stopAll()
    }

    func configuration(workerId: String = UUID().uuidString) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(circle: circle, redisURL: redis.url, databasePath: databasePath, workerId: workerId)
        configuration.maxOperations = 1_000_000
        configuration.taskTimeout = 5
        return configuration
    }

    /// Starts a worker and waits until its liveness key exists (its readiness).
    @discardableResult
    func startWorker(_ configuration: WorkerConfiguration? = nil) throws -> Worker {
        let configuration = configuration ?? self.configuration()
        let worker = try Worker(configuration: configuration)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? worker.run()
            done.signal()
        }
        thread.start()
        running.append((worker, done))
        try waitUntil("the worker's liveness key exists") {
            try redis.connect().command(["EXISTS", RedisKeys.worker(circle, configuration.workerId)]) == .integer(1)
        }
        return worker
    }

    /// Stops one worker and waits for `run()` to return.
    func stop(_ worker: Worker) {
        guard let index = running.firstIndex(where: { $0.worker === worker }) else { return }
        worker.stop()
        running[index].done.wait()
        running.remove(at: index)
    }

    func stopAll() {
        for entry in running { stop(entry.worker) }
    }

    func dispatcher() -> Dispatcher {
        Dispatcher(url: redis.url)
    }
}

struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` every 20 ms until it holds, or throws after `seconds`.
func waitUntil(_ what: String, seconds: Double = 15, _ condition: () throws -> Bool) throws {
    let deadline = Date(timeIntervalSinceNow: seconds)
    while Date() < deadline {
        if (try? condition()) == true { return }
        usleep(20_000)
    }
    throw Timeout(description: "timed out after \(seconds) s waiting until \(what)")
}
