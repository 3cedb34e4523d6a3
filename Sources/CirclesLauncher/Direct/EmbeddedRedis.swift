import CirclesCore
import Foundation

/// A private redis-server on a free loopback port, files under `launch_data/redis/`, nothing
/// saved to disk, run and stopped like every other child. It requires a password generated for
/// the launch, set in its `redis.conf` (mode 0600, so never in a process list) and kept with the
/// URL in `launch_data/circles.env`: another local user cannot push tasks to its circles.
public enum EmbeddedRedis {
    /// Starts it under `supervisor` and waits until it answers PING; returns its URL and the state entry.
    public static func start(supervisor: Supervisor, launchData: String, timeout: Double) async throws -> (url: RedisURL, text: String, record: LaunchState.RedisServer) {
        let executable = try ExecutableLocator.find("redis-server", nextToSelf: false)
        let folder = LaunchData(launchData).redisFolder
        try FileSystem.makeDirectory(folder, mode: 0o700)
        let port = try Network.freeLoopbackPort()
        let password = Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max) })  // the system's CSPRNG
        let configuration = folder + "/redis.conf"
        try FileSystem.writeAtomically(Array("requirepass \(password)\n".utf8), to: configuration, mode: 0o600)
        let command = ChildCommand(executable: executable, arguments: [
            configuration, "--port", String(port), "--bind", "127.0.0.1", "--dir", folder,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
        ])
        let process = try supervisor.start(.init(name: "redis", stopOrder: 1) { (command, "") })
        let text = "redis://:\(password)@127.0.0.1:\(port)"
        let url = try RedisURL(parsing: text)
        try await Readiness.waitForRedis(url, timeout: timeout) {
            if let state = supervisor.state(of: "redis"), state.exits > 0 {
                throw LaunchError.childExited(name: "redis-server", status: state.lastExit?.description ?? "exited", log: ChildLog.tail(of: state.logPath))
            }
        }
        var record = try LaunchState.RedisServer.recording(text, managed: true, launchData: LaunchData(launchData))
        record.pid = process.pid
        record.pidStartTime = process.startTime
        record.dir = folder
        return (url, text, record)
    }
}
