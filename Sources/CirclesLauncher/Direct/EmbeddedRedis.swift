import CirclesCore
import Foundation

/// A private redis-server on a free loopback port, files under `launch_data/redis/`, nothing
/// saved to disk, run and stopped like every other child.
public enum EmbeddedRedis {
    /// Starts it under `supervisor` and waits until it answers PING; returns its URL and the state entry.
    public static func start(supervisor: Supervisor, launchData: String, timeout: Double) async throws -> (url: RedisURL, text: String, record: LaunchState.RedisServer) {
        let executable = try ExecutableLocator.find("redis-server", nextToSelf: false)
        let folder = LaunchData(launchData).redisFolder
        try FileSystem.makeDirectory(folder, mode: 0o700)
        let port = try Network.freeLoopbackPort()
        let command = ChildCommand(executable: executable, arguments: [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", folder,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
        ])
        let process = try supervisor.start(.init(name: "redis", stopOrder: 1) { (command, "") })
        let text = "redis://127.0.0.1:\(port)"
        let url = try RedisURL(parsing: text)
        try await Readiness.waitForRedis(url, timeout: timeout) {
            if let state = supervisor.state(of: "redis"), state.exits > 0 {
                throw LaunchError.childExited(name: "redis-server", status: state.lastExit?.description ?? "exited", log: ChildLog.tail(of: state.logPath))
            }
        }
        return (url, text, LaunchState.RedisServer(url: text, managed: true, pid: process.pid, pidStartTime: process.startTime, dir: folder))
    }
}
