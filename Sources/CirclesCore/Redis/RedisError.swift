import Foundation

/// Everything that can go wrong talking to Redis. Each case reads as one sentence that names
/// the (redacted) URL where it matters and says what to do; no case ever holds a password.
public enum RedisError: Failure, Equatable, LocalizedError {
    /// The URL text does not parse. `url` is the input with any password hidden.
    case invalidURL(url: String, reason: String)
    /// The server cannot be reached, or the connection to it was lost.
    case unavailable(url: String, reason: String)
    /// The server refused the credentials (or wants some and none were given).
    case authFailed(url: String, reason: String)
    /// The server did not answer `command` within `seconds`.
    case timeout(url: String, command: String, seconds: Double)
    /// The server answered a command with an error reply.
    case server(String)
    /// The reply was not what the protocol or the command promises.
    case protocolError(String)

    /// The process exit code for this error: 64 for a bad URL, 69 when Redis is unavailable or
    /// refuses the login, 75 when it does not answer in time, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .invalidURL: ExitStatus.usage
        case .unavailable, .authFailed: ExitStatus.unavailable
        case .timeout: ExitStatus.timedOut
        case .server, .protocolError: ExitStatus.failure
        }
    }

    public var description: String {
        switch self {
        case let .invalidURL(url, reason):
            "invalid Redis URL \"\(url)\": \(reason); expected redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N]"
        case let .unavailable(url, reason):
            "cannot reach Redis at \(url): \(reason); start redis-server or pass --redis-url"
        case let .authFailed(url, reason):
            "Redis at \(url) refused the login (\(reason)); check the user and password in --redis-url"
        case let .timeout(url, command, seconds):
            "Redis at \(url) did not answer \(command) within \(Self.format(seconds)) s; check that the server is not overloaded or stuck"
        case let .server(message):
            "Redis answered with an error: \(message)"
        case let .protocolError(message):
            "unexpected reply from Redis: \(message)"
        }
    }

    public var errorDescription: String? { description }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.3g", seconds)
    }
}
