import Foundation

/// Where a Redis server is and how to log in to it.
///
/// Accepted forms:
/// - `redis://[user:password@]host[:port][/db]` (port 6379 and db 0 by default; IPv6 hosts in brackets)
/// - `unix:///path/to/redis.sock[?db=N&user=U&password=P]`
///
/// User and password may be percent-encoded. `rediss://` (TLS) is refused with a clear error.
/// `description` is the redacted form, so printing a `RedisURL` never shows the password.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    public var username: String?
    public var password: String?
    /// The database number selected after connecting.
    public var database: Int

    /// The URL the tools use when none is given, as text: `redis://127.0.0.1:6379`.
    public static let defaultText = "redis://127.0.0.1:6379"
    /// The URL the tools use when none is given (`defaultText`).
    public static let defaultURL = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: 6379))

    public init(endpoint: Endpoint, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses a URL; throws `RedisError.invalidURL` (with the input redacted) when it does not fit.
    public init(parsing text: String) throws {
        func invalid(_ reason: String) -> RedisError {
            .invalidURL(url: RedisURL.redactedInput(text), reason: reason)
        }
        guard let schemeEnd = text.range(of: "://") else {
            throw invalid("it has no scheme")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = String(text[schemeEnd.upperBound...])
        switch scheme {
        case "redis":
            self = try Self.parseTCP(rest, invalid: invalid)
        case "unix":
            self = try Self.parseUnix(rest, invalid: invalid)
        case "rediss":
            throw invalid("TLS (rediss://) is not supported, use redis:// on a trusted network or a unix socket")
        default:
            throw invalid("the scheme \"\(scheme)\" is not supported")
        }
    }

    /// The URL with the password replaced by `***`, safe for messages and logs.
    public var redacted: String { text(password: password == nil ? nil : "***") }

    /// The URL without its password (what the state file keeps).
    public var withoutPassword: String { text(password: nil) }

    private func text(password shown: String?) -> String {
        switch endpoint {
        case let .tcp(host, port):
            var userInfo = ""
            if username != nil || shown != nil {
                userInfo = (username.map(Self.percentEncoded) ?? "") + (shown.map { ":" + $0 } ?? "") + "@"
            }
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "redis://\(userInfo)\(shownHost):\(port)/\(database)"
        case let .unixSocket(path):
            var query = "db=\(database)"
            if let username { query += "&user=\(Self.percentEncoded(username))" }
            if let shown { query += "&password=\(shown)" }
            return "unix://\(path)?\(query)"
        }
    }

    public var description: String { redacted }

    // MARK: - Parsing

    private static func parseTCP(_ rest: String, invalid: (String) -> RedisError) throws -> RedisURL {
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query and fragment are not supported")
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = Substring(rest[..<authorityEnd])
        let path = rest[authorityEnd...].dropFirst()

        var username: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let user = parts[0].removingPercentEncoding,
                  let pass = parts.count > 1 ? parts[1].removingPercentEncoding : ""
            else { throw invalid("the user or password has a bad percent-encoding") }
            username = user.isEmpty ? nil : user
            password = parts.count > 1 ? pass : nil
        }

        let host: String
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw invalid("the IPv6 host has no closing \"]\"")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 host") }
                portText = afterHost.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw invalid("the host is missing") }

        var port = 6379
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("the port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = value
        }

        var database = 0
        if !path.isEmpty {
            guard let value = Int(path), value >= 0 else {
                throw invalid("the database \"\(path)\" is not a non-negative number")
            }
            database = value
        }
        return RedisURL(endpoint: .tcp(host: host, port: port), username: username, password: password, database: database)
    }

    private static func parseUnix(_ rest: String, invalid: (String) -> RedisError) throws -> RedisURL {
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        let path = String(rest[..<queryStart])
        guard path.hasPrefix("/"), path.count > 1 else {
            throw invalid("the socket path must be absolute, as in unix:///path.sock")
        }
        var url = RedisURL(endpoint: .unixSocket(path: path))
        for item in rest[queryStart...].dropFirst().split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, let value = pair[1].removingPercentEncoding else {
                throw invalid("the query item \"\(pair[0])\" has no value")
            }
            switch pair[0] {
            case "db":
                guard let database = Int(value), database >= 0 else {
                    throw invalid("the database \"\(value)\" is not a non-negative number")
                }
                url.database = database
            case "user": url.username = value
            case "password", "pass": url.password = value
            default:
                throw invalid("the query item \"\(pair[0])\" is unknown, only db, user and password are allowed")
            }
        }
        return url
    }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Best-effort redaction of text that may not parse: hides everything between the
    /// user name and the last `@`, and any `password=`/`pass=` query value.
    static func redactedInput(_ text: String) -> String {
        var result = text
        let start = text.range(of: "://")?.upperBound ?? text.startIndex
        if let at = text[start...].lastIndex(of: "@") {
            let secretStart = text[start..<at].firstIndex(of: ":").map { text.index(after: $0) } ?? start
            result = String(text[..<secretStart]) + "***" + String(text[at...])
        }
        if let queryStart = result.firstIndex(of: "?") {
            let items = result[result.index(after: queryStart)...].split(separator: "&", omittingEmptySubsequences: false)
            let redactedItems = items.map { item -> String in
                let key = item.split(separator: "=", maxSplits: 1).first ?? ""
                return key == "password" || key == "pass" ? "\(key)=***" : String(item)
            }
            result = String(result[...queryStart]) + redactedItems.joined(separator: "&")
        }
        return result
    }
}
