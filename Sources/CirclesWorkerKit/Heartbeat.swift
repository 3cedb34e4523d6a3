import CirclesCore
import Foundation
import Logging

/// The liveness writer: on its own thread and its own connection, so it keeps going while a
/// script runs. Every `heartbeatInterval` it writes the liveness hash; every
/// `recoveryInterval` it recovers the processing lists of dead instances of the circle. Each beat
/// also renews the circle's data-home lease (`DataHomeLease`), or takes it again when it lapsed.
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
        var homeElsewhere: String?
        while !stopSignal.wait(seconds: configuration.heartbeatInterval) {
            do {
                let connection = try link.current()
                try operations.beat(connection, startedAt: startedAt, tasksDone: tasksDone(), problem: health.problem)
                homeElsewhere = report(holder: try operations.homeLease.hold(connection), before: homeElsewhere)
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

    /// Logs a change of the lease's holder away from (error) or back to (notice) this host;
    /// returns the other host that holds it, nil when this one does.
    private func report(holder: String, before: String?) -> String? {
        let lease = operations.homeLease
        let elsewhere = holder == lease.hostName ? nil : holder
        if let elsewhere, elsewhere != before {
            logger.error("heartbeat: the data-home lease \(RedisKeys.home(lease.circle)) lapsed and host \(elsewhere) holds it now: two hosts serve this circle with separate databases; stop this circle's workers on one of them")
        } else if elsewhere == nil, before != nil {
            logger.notice("heartbeat: the data-home lease is this host's (\(lease.hostName)) again")
        }
        return elsewhere
    }
}
