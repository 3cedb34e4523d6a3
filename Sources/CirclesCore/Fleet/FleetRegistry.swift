/// The fleet's registry in Redis (docs/PROTOCOL.md §2, "Fleet registry"): which circles exist,
/// on which home host, where their WebSocket server is and what their launcher says of them.
/// Written by the circles-spawn that owns a circle (and by the commands that change it: stop,
/// start, remove, cleanup); read by `circles status --fleet`, circles-dispatch (names) and
/// `circles-ws --registry`. Whether a circle's workers live is not here: that is their heartbeat.
public enum FleetRegistry {
    /// One circle's registry hash.
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        /// Canonical compressed public key (66 lowercase hex).
        public var publicKey: String
        /// The host whose launch owns the circle (its database lives there).
        public var host: String
        /// `ws://HOST:PORT/<pk>` of the circle's server; empty when unknown.
        public var wsURL: String
        /// The launcher's view of the worker: `starting`, `running`, `stopped` or `failed`.
        public var state: String
        /// When the entry was written (RFC 3339 UTC).
        public var updatedAt: String

        public init(name: String, publicKey: String, host: String, wsURL: String, state: String, updatedAt: String = TaskClock.now()) {
            self.name = name
            self.publicKey = publicKey
            self.host = host
            self.wsURL = wsURL
            self.state = state
            self.updatedAt = updatedAt
        }

        init?(fields: [String: String]) {
            guard let name = fields["name"], let publicKey = fields["publicKey"] else { return nil }
            self.init(name: name, publicKey: publicKey, host: fields["host"] ?? "", wsURL: fields["wsUrl"] ?? "",
                      state: fields["state"] ?? "", updatedAt: fields["updatedAt"] ?? "")
        }

        var fields: [String] {
            ["name", name, "publicKey", publicKey, "host", host, "wsUrl", wsURL, "state", state, "updatedAt", updatedAt]
        }
    }

    /// Writes the entries and forgets the circles in `forgetting`, in one transaction.
    /// - Throws: `RedisError` when Redis cannot be reached or refuses.
    public static func publish(_ entries: [Entry], forgetting: [String] = [], on connection: RedisConnection) throws {
        var commands: [[String]] = []
        for entry in entries {
            commands.append(["HSET", RedisKeys.registryEntry(entry.publicKey)] + entry.fields)
            commands.append(["SADD", RedisKeys.registry, entry.publicKey])
        }
        for key in forgetting {
            commands.append(["DEL", RedisKeys.registryEntry(key)])
            commands.append(["SREM", RedisKeys.registry, key])
        }
        guard !commands.isEmpty else { return }
        if let failed = try connection.transaction(commands)?.first(where: { if case .error = $0 { true } else { false } }),
           case let .error(message) = failed {
            throw RedisError.server(message)
        }
    }

    /// Every entry, sorted by name then public key. A member whose hash is gone is left out.
    /// - Throws: `RedisError` when Redis cannot be reached or answers wrongly.
    public static func read(on connection: RedisConnection) throws -> [Entry] {
        let members = (try connection.command(["SMEMBERS", RedisKeys.registry]).array ?? []).compactMap(\.string)
        guard !members.isEmpty else { return [] }
        let hashes = try connection.pipeline(members.map { ["HGETALL", RedisKeys.registryEntry($0)] })
        return hashes.compactMap { $0.hashFields.flatMap(Entry.init(fields:)) }
            .sorted { ($0.name, $0.publicKey) < ($1.name, $1.publicKey) }
    }
}
