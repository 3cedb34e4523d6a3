import CirclesCore
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

    /// Starts `arguments` (looked up on PATH) with stdin and stdout on /dev/null and, unlike
    /// Foundation's `Process` here, with no blocked signals: a child spawned from a Dispatch or
    /// Swift-concurrency thread would otherwise inherit that thread's mask and ignore SIGTERM.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &fileActions, &attributes, argv, environ)
        guard result == 0 else {
            throw TestRedisError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// A loopback port nothing listens on right now (bind port 0, read the port, close).
    public static func freeLoopbackPort() throws -> Int {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw TestRedisError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw TestRedisError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct TestRedisError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
