import CirclesCore
import Foundation

/// Waits until workers and servers are ready, by asking them, never by sleeping a fixed time:
/// a worker is ready when its liveness key `circles:worker:<pk>:<worker_id>` exists, a server
/// when `GET /livez` answers 200. Polls every 10 ms, all workers in one Redis round trip.
public struct Readiness {
    public struct Worker: Sendable {
        public var name: String
        public var key: PublicKey
        /// Read on every round: a restarted worker has a new id.
        public var workerId: @Sendable () -> String?
    }

    public struct Server: Sendable {
        public var name: String
        public var host: String
        public var port: Int
    }

    public var redisURL: RedisURL
    public var timeout: Double

    /// Returns when all are ready; throws `LaunchError.notReady` (exit 75) naming what is not
    /// after `timeout` seconds, or whatever `check` throws (a child that exited, say).
    public func wait(workers: [Worker], servers: [Server], check: () throws -> Void = {}) async throws {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var pendingWorkers = workers
        var pendingServers = servers
        var redis: RedisConnection?
        while true {
            if !pendingWorkers.isEmpty {
                do {
                    if redis == nil || redis!.isBroken { redis = try RedisConnection.connect(url: redisURL, connectTimeout: 1, commandTimeout: 2) }
                    let keys = pendingWorkers.map { worker in worker.workerId().map { RedisKeys.worker(worker.key, $0) } ?? "" }
                    let replies = try redis!.pipeline(keys.map { ["EXISTS", $0] })
                    pendingWorkers = zip(pendingWorkers, replies).filter { $0.1.integer != 1 }.map(\.0)
                } catch let error as RedisError where Date() >= deadline {
                    throw error
                } catch is RedisError {
                    // Redis may be starting; try again on the next round.
                }
            }
            pendingServers = pendingServers.filter { Network.httpStatus(host: $0.host, port: $0.port, timeout: 0.5) != 200 }
            if pendingWorkers.isEmpty && pendingServers.isEmpty { return }
            try check()
            if Date() >= deadline {
                throw LaunchError.notReady(what: pendingWorkers.map(\.name) + pendingServers.map(\.name), seconds: timeout)
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// Waits until Redis answers PING.
    public static func waitForRedis(_ url: RedisURL, timeout: Double, check: () throws -> Void = {}) async throws {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            if (try? RedisConnection.connect(url: url, connectTimeout: 0.5, commandTimeout: 1)) != nil { return }
            try check()
            if Date() >= deadline { throw LaunchError.notReady(what: ["redis-server on \(url)"], seconds: timeout) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }
}
