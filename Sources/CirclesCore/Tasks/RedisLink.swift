/// One thread's connection: opened on first use, opened again after it broke.
/// Not thread-safe, like the connection it holds.
public final class RedisLink {
    public let url: RedisURL
    /// Seconds a connect, and each command's reply, may take.
    public let commandTimeout: Double
    private var connection: RedisConnection?
    /// How many times a connection was opened (the first included): a new value means a new
    /// server-side client (a new `CLIENT ID`).
    public private(set) var connects = 0

    public init(url: RedisURL, commandTimeout: Double = 5) {
        self.url = url
        self.commandTimeout = commandTimeout
    }

    /// A usable connection, connecting or reconnecting as needed.
    public func current() throws -> RedisConnection {
        if let connection, !connection.isBroken { return connection }
        if let connection {
            try connection.reconnect()
            connects += 1
            return connection
        }
        let fresh = try RedisConnection.connect(url: url, connectTimeout: commandTimeout, commandTimeout: commandTimeout)
        connection = fresh
        connects += 1
        return fresh
    }

    /// Runs `body`; when it is idempotent and the connection dropped under it, once more on a new one.
    public func run<T>(idempotent: Bool, _ body: (RedisConnection) throws -> T) throws -> T {
        let connection = try current()
        do {
            return try body(connection)
        } catch let error as RedisError where idempotent && error.isConnectionLoss {
            return try body(try current())
        }
    }
}

extension RedisError {
    /// Whether the error means the connection is gone (or the server is not answering), so
    /// that a reconnect may help — as opposed to a refusal by a working server.
    public var isConnectionLoss: Bool {
        switch self {
        case .unavailable, .timeout: true
        case let .server(message): message.hasPrefix("LOADING")
        default: false
        }
    }
}
