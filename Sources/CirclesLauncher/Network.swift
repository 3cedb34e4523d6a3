import AsyncHTTPClient
import CirclesCore
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small network helpers, IPv4 and IPv6 alike: free ports and the `/livez` probe of circles-ws.
public enum Network {
    /// Whether a listener could bind `host:port` now (SO_REUSEADDR set, as servers do).
    public static func isPortFree(host: String, port: Int) -> Bool {
        guard let address = try? NumericAddress(host: host, port: port) else { return false }
        return withSocket(family: address.family) { fd in
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            return address.withPointer { bind(fd, $0, $1) == 0 }
        } ?? false
    }

    /// A loopback port nothing listens on right now (bind 127.0.0.1 port 0, read it, close).
    public static func freeLoopbackPort() throws -> Int {
        let port: Int? = withSocket(family: AF_INET) { fd in
            var address = try NumericAddress(host: "127.0.0.1", port: 0)
            let bound = address.withPointer { bind(fd, $0, $1) == 0 }
            var length = address.length
            let named = bound && address.withMutablePointer { getsockname(fd, $0, &length) == 0 }
            return named ? address.port : nil
        } ?? nil
        guard let port else { throw FileError(path: "127.0.0.1", problem: "no free loopback port could be found (\(FileSystem.lastErrorText()))") }
        return port
    }

    /// The HTTP status of `GET path` on `host:port` (an IPv4 or IPv6 address, or a name), or nil
    /// when nothing answers within `timeout` seconds. Asks through async-http-client.
    public static func httpStatus(host: String, port: Int, path: String = "/livez", timeout: Double = 1) -> Int? {
        httpStatus(url: "http://\(urlHost(host)):\(port)\(path)", timeout: timeout)
    }

    /// The HTTP status of `GET url` (`http://[::1]:8080/livez`), or nil when nothing answers within `timeout` seconds.
    public static func httpStatus(url: String, timeout: Double = 1) -> Int? {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout * 1e9))
        return (try? HTTPClient.shared.get(url: url, deadline: deadline).wait()).map { Int($0.status.code) }
    }

    /// The host a client should connect to for a server bound to `host` (a wildcard becomes loopback).
    public static func connectableHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "::1"
        default: host
        }
    }

    /// `host` as it goes into a URL: an IPv6 address in brackets (`[::1]`).
    public static func urlHost(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    private static func withSocket<T>(family: Int32, _ body: (Int32) throws -> T) -> T? {
        #if os(Linux)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return try? body(fd)
    }
}

/// A numeric IPv4 or IPv6 socket address (`localhost` is 127.0.0.1), for `bind`.
private struct NumericAddress {
    private var storage = sockaddr_storage()
    let family: Int32

    init(host: String, port: Int) throws {
        let name = host == "localhost" ? "127.0.0.1" : String(host.drop { $0 == "[" }.reversed().drop { $0 == "]" }.reversed())
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            family = AF_INET
            withUnsafeBytes(of: v4) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
        } else if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            family = AF_INET6
            withUnsafeBytes(of: v6) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
        } else {
            throw UsageError("--host \(host) is not an IP address; use for example 127.0.0.1, 0.0.0.0, ::1 or ::")
        }
    }

    var length: socklen_t {
        socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
    }

    /// The port, as `getsockname` may have filled it in.
    var port: Int {
        withUnsafeBytes(of: storage) { bytes in
            family == AF_INET
                ? Int(UInt16(bigEndian: bytes.load(as: sockaddr_in.self).sin_port))
                : Int(UInt16(bigEndian: bytes.load(as: sockaddr_in6.self).sin6_port))
        }
    }

    func withPointer<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
    }

    mutating func withMutablePointer<T>(_ body: (UnsafeMutablePointer<sockaddr>) -> T) -> T {
        withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0) } }
    }
}
