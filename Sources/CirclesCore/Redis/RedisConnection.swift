import CHiredis
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking connection to Redis, over hiredis.
///
/// Not thread-safe: use each connection from one thread (or one task) at a time, and open one
/// connection per concurrent user. Every command waits at most `commandTimeout` seconds for its
/// reply (0 means no limit); blocking commands get their own, longer limit (see `blocking`).
///
/// After an I/O error or a timeout the connection is marked broken (`isBroken`): later commands
/// fail at once with `RedisError.unavailable` until `reconnect()` succeeds. Errors never contain
/// the password. Connecting sets the process to ignore SIGPIPE, so that writing to a closed
/// socket is an error rather than the end of the process.
public final class RedisConnection {
    /// The server this connection talks to (print it: it shows itself redacted).
    public let url: RedisURL
    /// Seconds allowed for connecting (0: the system's limit).
    public let connectTimeout: Double
    /// Seconds allowed for each reply (0: no limit).
    public let commandTimeout: Double
    /// True after an I/O error or a timeout, until `reconnect()` succeeds.
    public private(set) var isBroken = false

    private var context: UnsafeMutablePointer<redisContext>
    /// The socket timeout currently set on `context`, in seconds.
    private var socketTimeout: Double

    /// Connects, logs in (`AUTH [user] password`) when the URL has a password, selects the URL's
    /// database, and checks that the server answers.
    /// - Throws: `RedisError.unavailable` (the server cannot be reached), `.authFailed`,
    ///   `.timeout`, or `.server` (for example a database number the server does not have).
    public static func connect(url: RedisURL, connectTimeout: Double = 5, commandTimeout: Double = 5) throws -> RedisConnection {
        let connection = RedisConnection(
            url: url, connectTimeout: connectTimeout, commandTimeout: commandTimeout,
            context: try openContext(url, connectTimeout: connectTimeout, commandTimeout: commandTimeout))
        try connection.logIn()
        return connection
    }

    private init(url: RedisURL, connectTimeout: Double, commandTimeout: Double, context: UnsafeMutablePointer<redisContext>) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.context = context
        self.socketTimeout = commandTimeout
    }

    deinit {
        redisFree(context)
    }

    /// Drops the current socket and connects again (with login and database selection).
    /// On failure the connection stays broken and the error says why.
    public func reconnect() throws {
        let fresh = try Self.openContext(url, connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        redisFree(context)
        context = fresh
        socketTimeout = commandTimeout
        isBroken = false
        do {
            try logIn()
        } catch {
            isBroken = true
            throw error
        }
    }

    /// Sends one command and returns its reply. Arguments are sent as their UTF-8 bytes,
    /// binary safe (spaces, newlines, NUL are fine).
    /// - Throws: `RedisError.server` for an error reply, `.unavailable`/`.timeout` on I/O trouble.
    @discardableResult
    public func command(_ arguments: [String]) throws -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    /// Sends one command whose arguments are raw bytes.
    @discardableResult
    public func command(_ arguments: [[UInt8]]) throws -> RedisReply {
        let reply = try roundTrip(arguments)
        if case let .error(message) = reply {
            throw RedisError.server(redactingPassword(message))
        }
        return reply
    }

    /// Sends all commands at once, then reads all replies, in order. Error replies are
    /// returned as `.error` values; only I/O trouble throws.
    /// - Parameter blockingTimeout: when one of the commands blocks (`BLMOVE`, `BLPOP`, …, with
    ///   this many seconds as its own timeout; 0 for none), the replies are awaited that much
    ///   longer than `commandTimeout`.
    public func pipeline(_ commands: [[String]], blockingTimeout: Double? = nil) throws -> [RedisReply] {
        try ensureUsable()
        try send(commands.map { $0.map { $0.utf8 } }, blockingTimeout: blockingTimeout)
        return try commands.map { try readReply(during: $0[0]) }
    }

    /// Runs the commands inside `MULTI` … `EXEC` in one round trip and returns their replies
    /// (error replies of single commands are `.error` values, as Redis reports them).
    /// Returns nil when the transaction was aborted because a `WATCH`ed key changed.
    /// - Throws: `RedisError.server` when Redis refused to queue a command (`EXECABORT`).
    public func transaction(_ commands: [[String]]) throws -> [RedisReply]? {
        let replies = try pipeline([["MULTI"]] + commands + [["EXEC"]])
        switch replies.last {
        case let .array(results)?: return results
        case .null?: return nil
        case let .error(message)?: throw RedisError.server(redactingPassword(message))
        default: throw RedisError.protocolError("EXEC answered \(String(describing: replies.last))")
        }
    }

    // MARK: - Blocking commands

    /// Runs a blocking command whose last argument is its timeout in seconds (`BLPOP`, `BRPOP`,
    /// `BLMOVE`, `BZPOPMIN`, …): `timeout` is appended to `arguments`, and while the command
    /// runs the socket waits `timeout + commandTimeout` seconds (forever when `timeout` is 0).
    /// A command that times out on the server returns `.null`.
    public func blocking(_ arguments: [String], timeout: Double) throws -> RedisReply {
        let reply = try pipeline([arguments + [Self.secondsArgument(timeout)]], blockingTimeout: timeout)[0]
        if case let .error(message) = reply {
            throw RedisError.server(redactingPassword(message))
        }
        return reply
    }

    // MARK: - Internals

    private static func openContext(_ url: RedisURL, connectTimeout: Double, commandTimeout: Double) throws -> UnsafeMutablePointer<redisContext> {
        _ = ignoreSIGPIPE
        let limit = timeval(seconds: connectTimeout)
        let opened: UnsafeMutablePointer<redisContext>? = switch url.endpoint {
        case let .tcp(host, port): redisConnectWithTimeout(host, Int32(port), limit)
        case let .unixSocket(path): redisConnectUnixWithTimeout(path, limit)
        }
        guard let context = opened else {
            throw RedisError.unavailable(url: url.redacted, reason: "out of memory")
        }
        if context.pointee.err != 0 {
            let reason = errorText(context)
            redisFree(context)
            throw RedisError.unavailable(url: url.redacted, reason: reason)
        }
        if case .tcp = url.endpoint {
            redisEnableKeepAlive(context)  // so a silently vanished peer ends even a wait without timeout
        }
        if redisSetTimeout(context, timeval(seconds: commandTimeout)) != REDIS_OK {
            let reason = errorText(context)
            redisFree(context)
            throw RedisError.unavailable(url: url.redacted, reason: reason)
        }
        return context
    }

    /// AUTH, SELECT, and a PING when neither was needed, so that a missing password shows now.
    private func logIn() throws {
        do {
            if let password = url.password {
                try command(["AUTH"] + (url.username.map { [$0] } ?? []) + [password])
            }
            if url.database != 0 {
                try command(["SELECT", String(url.database)])
            } else if url.password == nil {
                try command(["PING"])
            }
        } catch let RedisError.server(message) where Self.isLoginRefusal(message) {
            throw RedisError.authFailed(url: url.redacted, reason: message)
        } catch let RedisError.server(message) {
            throw RedisError.server("\(message) (while connecting to \(url.redacted))")
        }
    }

    private static func isLoginRefusal(_ message: String) -> Bool {
        ["WRONGPASS", "NOAUTH", "NOPERM", "ERR AUTH", "ERR invalid password", "ERR Client sent AUTH"]
            .contains { message.hasPrefix($0) }
    }

    /// Sends one command and reads its reply, error replies included.
    private func roundTrip(_ arguments: [[UInt8]]) throws -> RedisReply {
        try ensureUsable()
        try send([arguments], blockingTimeout: nil)
        return try readReply(during: String(decoding: arguments[0], as: UTF8.self))
    }

    /// Queues commands in hiredis' output buffer, encoded here in one piece (RESP arrays of
    /// bulk strings, binary safe); the next `readReply` writes them out. First sets the socket
    /// timeout their replies need (a syscall only when it changes).
    private func send<Argument: Collection>(_ commands: [[Argument]], blockingTimeout: Double?) throws where Argument.Element == UInt8 {
        try setSocketTimeout(blockingTimeout.map { $0 == 0 ? 0 : $0 + commandTimeout } ?? commandTimeout)
        var encoded: [UInt8] = []
        for arguments in commands {
            precondition(!arguments.isEmpty, "a Redis command needs at least its name")
            RESPEncoding.appendCommand(arguments, to: &encoded)
        }
        let status = encoded.withUnsafeBytes { bytes in
            redisAppendFormattedCommand(context, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if status != REDIS_OK { throw failure(during: "sending a command") }
    }

    /// Reads the next reply; `commandName` names the command in errors.
    private func readReply(during commandName: String) throws -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw failure(during: commandName) }
        defer { freeReplyObject(raw) }
        return try RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func ensureUsable() throws {
        if isBroken {
            throw RedisError.unavailable(url: url.redacted, reason: "the connection was lost earlier and not re-established; reconnect first")
        }
    }

    /// Marks the connection broken and turns hiredis' error state into a `RedisError`.
    /// Only the command's name is used, never its arguments (they may hold secrets).
    /// A read that hit the socket timeout shows as an I/O error with EAGAIN.
    private func failure(during commandName: String) -> RedisError {
        let savedErrno = errno
        isBroken = true
        let name = commandName.uppercased()
        let timedOut = savedErrno == EAGAIN || savedErrno == EWOULDBLOCK
            || Self.errorText(context) == String(cString: strerror(EAGAIN))
        switch context.pointee.err {
        case REDIS_ERR_IO where timedOut:
            return .timeout(url: url.redacted, command: name, seconds: socketTimeout)
        case REDIS_ERR_EOF:
            return .unavailable(url: url.redacted, reason: "the server closed the connection during \(name)")
        case REDIS_ERR_PROTOCOL:
            return .protocolError("\(Self.errorText(context)) (during \(name))")
        default:
            return .unavailable(url: url.redacted, reason: "\(Self.errorText(context)) during \(name)")
        }
    }

    private func setSocketTimeout(_ seconds: Double) throws {
        guard seconds != socketTimeout else { return }
        if redisSetTimeout(context, timeval(seconds: seconds)) != REDIS_OK {
            throw failure(during: "a timeout change")
        }
        socketTimeout = seconds
    }

    private func redactingPassword(_ text: String) -> String {
        guard let password = url.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    /// Seconds as Redis reads them: `5`, `0.25`.
    public static func secondsArgument(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }

    private static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

private extension timeval {
    init(seconds: Double) {
        let whole = seconds.rounded(.down)
        self.init(tv_sec: time_t(whole), tv_usec: suseconds_t((seconds - whole) * 1_000_000))
    }
}
