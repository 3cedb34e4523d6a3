import CirclesCore
import Foundation
import Logging

/// The liveness writer: on its own thread and its own connection, so it keeps going while a
/// script runs. Every `heartbeatInterval` it writes the liveness hash; every
/// `recoveryInterval` it recovers the processing lists of dead instances of the circle.
final class Heartbeat: @unchecked Sendable {
    private let operations: QueueOperations
    private let startedAt: String
    private let tasksDone: () -> Int
    private let health: WorkerHealth
    private let logger: Logger
    private let stopSignal = StopSignal()
    private let finished = StopSignal()

    init(operations: QueueOperations, startedAt: String, tasksDone: @escaping () -> Int, health: WorkerHealth, logger: Logger) {
        self.health = health
        self.operations = operations
        self.startedAt = startedAt
        self.tasksDone = tasksDone
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in
            loop()
            finished.set()
        }
        thread.name = "circles-heartbeat"
        thread.start()
    }

    /// Stops the thread and waits for it to end.
    func stop() {
        stopSignal.set()
        finished.wait(seconds: 30)
    }

    private func loop() {
        let configuration = operations.configuration
        let link = RedisLink(url: configuration.redisURL)
        var nextRecovery = MonotonicClock.now() + configuration.recoveryInterval
        var failing = false
        while !stopSignal.wait(seconds: configuration.heartbeatInterval) {
            do {
                let connection = try link.current()
                try operations.beat(connection, startedAt: startedAt, tasksDone: tasksDone(), problem: health.problem)
                if MonotonicClock.now() >= nextRecovery {
                    nextRecovery = MonotonicClock.now() + configuration.recoveryInterval
                    try operations.recover(connection, includingSelf: false).report(to: logger)
                }
                if failing { logger.notice("heartbeat: Redis is back") }
                failing = false
            } catch {
                if !failing {
                    if case RedisError.authFailed = error {
                        logger.error("heartbeat: \(error); retrying")
                    } else {
                        logger.notice("heartbeat: \(error); retrying")
                    }
                }
                failing = true
            }
        }
    }
}
