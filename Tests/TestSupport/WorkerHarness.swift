import CirclesCore
import CirclesWorkerKit
import Foundation

/// A private Redis, a circle, and in-process workers serving it on their own threads.
public final class WorkerHarness {
    public let redis: TestRedis
    public let circle = PrivateKey.generate().publicKey
    public let databasePath = NSTemporaryDirectory() + "harness-\(UUID().uuidString).db"
    private var running: [(worker: Worker, done: DispatchSemaphore)] = []

    public init() throws {
        redis = try TestRedis()
    }

    deinit {
        stopAll()
    }

    public func configuration(workerId: String = UUID().uuidString) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(circle: circle, redisURL: redis.url, databasePath: databasePath, workerId: workerId)
        configuration.maxOperations = 1_000_000
        configuration.taskTimeout = 5
        return configuration
    }

    /// Starts a worker and waits until its liveness key exists (its readiness).
    @discardableResult
    public func startWorker(_ configuration: WorkerConfiguration? = nil) throws -> Worker {
        let configuration = configuration ?? self.configuration()
        let worker = Worker(configuration: configuration)
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
    public func stop(_ worker: Worker) {
        guard let index = running.firstIndex(where: { $0.worker === worker }) else { return }
        worker.stop()
        running[index].done.wait()
        running.remove(at: index)
    }

    public func stopAll() {
        for entry in running { stop(entry.worker) }
    }

    public func dispatcher() -> Dispatcher {
        Dispatcher(url: redis.url)
    }
}
