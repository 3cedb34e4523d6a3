import CirclesCore
import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private launch for one test: a temporary launch_data folder, a real redis-server, a free
/// WebSocket port, and the launcher commands run as the built executables. Whatever the test
/// leaves running is stopped with circles-cleanup when the value goes away.
final class LaunchFixture {
    let directory: String
    let launchData: String
    let redis: TestRedis
    let port: Int
    /// Added to the environment of every command this fixture runs, its final cleanup included
    /// (a service-manager stand-in on PATH, say).
    var environment: [String: String] = [:]

    /// Whether this fixture started `redis` (and shuts it down).
    private let ownsRedis: Bool

    /// A fixture with a redis-server of its own (requiring `redisPassword`, if given), or one on
    /// `sharedRedis` (another fixture's: two launches, as two hosts of one fleet would be).
    init(redisPassword: String? = nil, sharedRedis: TestRedis? = nil) throws {
        var template = Array("/tmp/circles-launch-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestRedisError("cannot create a temporary folder") }
        directory = String(cString: created)
        launchData = directory + "/launch_data"
        redis = try sharedRedis ?? TestRedis(password: redisPassword)
        ownsRedis = sharedRedis == nil
        port = try TestRedis.freeLoopbackPort()
    }

    deinit {
        _ = try? run("circles-cleanup", [], timeout: 30)
        // TestRedis stops its server with SIGTERM, which a redis-server started from a test
        // thread may have blocked (dispatch threads block signals, and the mask is inherited):
        // shut it down by command first.
        if ownsRedis { _ = try? redis.connect().command(["SHUTDOWN", "NOSAVE"]) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The options every launcher command of this fixture gets.
    var common: [String] { ["--launch-data", launchData, "--redis-url", redis.urlText] }

    /// Runs a built command with the fixture's launch_data, Redis and environment, plus `arguments` and `environment`.
    func run(_ command: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], timeout: Double = 60) throws -> ProcessResult {
        try BuiltExecutable.run(command, arguments + common, stdin: stdin, environment: self.environment.merging(environment) { $1 }, timeout: timeout)
    }

    /// `circles-spawn … --detach` with the fixture's port.
    func spawnDetached(_ arguments: [String]) throws -> ProcessResult {
        try run("circles-spawn", arguments + ["--detach", "-p", String(port)], timeout: 90)
    }

    /// The current state file.
    func state() throws -> LaunchState? { try StateStore(directory: launchData).read() }

    /// `circles-status --json` lines as objects.
    func statusLines() throws -> (code: Int32, lines: [[String: Any]]) {
        let result = try run("circles-status", ["--json"])
        return (result.exitCode, Self.jsonLines(result.stdout))
    }

    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The repository's folder (for examples/ and completions/).
    static let repository: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Writes `text` to `name` in the fixture's folder and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A valid public key that names no circle of the examples.
func freshPublicKey() -> String { PrivateKey.generate().publicKey.hex }
