import CirclesCore
import Dispatch
import Logging
import ServiceLifecycle

/// Reads the fleet registry again every `interval` (`CircleRegistry.reloadFleet`), so circles
/// spawned on any host after the server started are served without SIGHUP, and removed ones are
/// no longer. The blocking reads run on a Dispatch thread, never on an event loop. While Redis
/// cannot be read the served set stays as it was; that is logged once per outage.
struct FleetPollService: Service {
    let registry: CircleRegistry
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var failing = false
        while !Task.isShuttingDownGracefully {
            let outcome: Result<Bool, Error> = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: Result { try registry.reloadFleet() }) }
            }
            switch outcome {
            case let .success(changed):
                if failing { logger.notice("the fleet registry can be read again") }
                failing = false
                if changed { logger.notice("the fleet registry changed: serving \(registry.all.count) circles") }
            case let .failure(error):
                if !failing { logger.warning("the fleet registry cannot be read (\(error)); still serving the previous \(registry.all.count) circles") }
                failing = true
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
