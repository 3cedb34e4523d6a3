import CirclesCore
import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the state file again on every SIGHUP, so circles started later are served without a restart.
struct StateReloadService: Service {
    let registry: CircleRegistry
    /// Trapped before the server starts, so a SIGHUP never finds the default action (death).
    let hangups: UnixSignalsSequence
    let logger: Logger

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            do {
                try registry.reload()
                logger.notice("reloaded the state file on SIGHUP: serving \(registry.all.count) circles")
            } catch {
                logger.error("SIGHUP: \(error); still serving the previous \(registry.all.count) circles")
            }
        }
    }
}
