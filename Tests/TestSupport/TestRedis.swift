import CirclesCore
import CirclesLauncher
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private `redis-server` for tests: a free loopback port, nothing saved to disk, optionally a
/// password and a unix socket. It starts in `init`, can be stopped and started again on the same
/// port and socket (to test outages), and is killed when the value goes away.
public final class TestRedis {
    public let port: Int
    public let password: String?
    /// A private folder holding the unix socket and the server's log.
    public let directory: String
    /// The unix socket path, when asked for.
    public let socketPath: String?
    /// The running server's pid.
    private var pid: pid_t?

    public init(password: String? = nil, unixSocket: Bool = false) throws {
        self.port = try Self.freeLoopbackPort()
        self.password = password
        var template = Array("/tmp/circles-redis-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestRedisError("cannot create a temporary folder") }
        self.directory = String(cString: created)
        self.socketPath = unixSocket ? directory + "/redis.sock" : nil
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The TCP URL, with the password when there is one.
    public var url: RedisURL {
        RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), password: password)
    }

    /// The URL text of `url`, password in clear (for tests that parse URLs).
    public var urlText: String {
        "redis://" + (password.map { ":\($0)@" } ?? "") + "127.0.0.1:\(port)"
    }

    /// Starts the server (again) and waits until it answers PING.
    public func start() throws {
        guard pid == nil else { return }
        var arguments = [
            "redis-server", "--port", String(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", directory,
            "--logfile", directory + "/redis.log", "--daemonize", "no",
        ]
        if let password { arguments += ["--requirepass", password] }
        if let socketPath { arguments += ["--unixsocket", socketPath, "--unixsocketperm", "700"] }
        pid = try Self.spawn(arguments)
        try waitUntilReady()
    }

    /// Stops the server (SIGTERM, SIGKILL after 5 s) and waits for it to exit.
    public func stop() {
        guard let pid else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        self.pid = nil
    }

    /// Freezes the server (SIGSTOP): connections are still accepted by the kernel, nothing is
    /// answered, as with a stuck server. `resume()` lets it go on.
    public func pause() {
        if let pid { kill(pid, SIGSTOP) }
    }

    /// Lets a paused server go on (SIGCONT).
    public func resume() {
        if let pid { kill(pid, SIGCONT) }
    }

    /// Whether the server process is still running (not exited, not a zombie).
    private var isRunning: Bool {
        guard let pid else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// A new connection to this server.
    public func connect(database: Int = 0, commandTimeout: Double = 5) throws -> RedisConnection {
        var url = self.url
        url.database = database
        return try RedisConnection.connect(url: url, connectTimeout: 2, commandTimeout: commandTimeout)
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(10)
        var lastError: Error?
        while Date() < deadline {
            guard isRunning else {
                let log = (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
                throw TestRedisError("redis-server on port \(port) exited early: \(log)")
            }
            do {
                if try connect().command(["PING"]) == .status("PONG") { return }
            } catch {
                lastError = error
            }
            usleep(20_000)
        }
        throw TestRedisError("redis-server on port \(port) did not answer PING within 10 s: \(String(describing: lastError))")
    }

    /// Starts `arguments` (the first looked up on PATH) with stdout and stderr on /dev/null, through the
    /// launcher's `ChildProcess`, which resets the signal mask: a child spawned from a Dispatch or
    /// Swift-concurrency thread would otherwise inherit that thread's mask and ignore SIGTERM.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        guard let executable = ExecutableLocator.search(arguments[0], nextToSelf: false) else {
            throw TestRedisError("\(arguments[0]) is not on PATH; install it (bin/test does)")
        }
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        let command = ChildCommand(executable: executable, arguments: Array(arguments.dropFirst()))
        // stderr too: a server outliving the test process must not hold the test run's output
        // pipe open (`swift test … | tee` then waits for it). Its log is `--logfile`.
        return try ChildProcess.spawn(command, descriptors: [1: devNull, 2: devNull], newGroup: false, dieWithParent: false).pid
    }

    /// A loopback port nothing listens on right now.
    public static func freeLoopbackPort() throws -> Int {
        try Network.freeLoopbackPort()
    }
}

public struct TestRedisError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
