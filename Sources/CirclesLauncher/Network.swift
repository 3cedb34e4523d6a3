import CirclesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small TCP helpers: free ports and the `/livez` probe of circles-ws.
public enum Network {
    /// Whether a listener could bind `host:port` now (SO_REUSEADDR set, as servers do).
    public static func isPortFree(host: String, port: Int) -> Bool {
        withSocket { fd in
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = try ipv4(host, port)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        } ?? false
    }

    /// A loopback port nothing listens on right now (bind port 0, read it, close).
    public static func freeLoopbackPort() throws -> Int {
        let port: Int? = withSocket { fd in
            var address = try ipv4("127.0.0.1", 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
        } ?? nil
        guard let port else { throw FileError(path: "127.0.0.1", problem: "no free loopback port could be found (\(FileSystem.lastErrorText()))") }
        return port
    }

    /// The HTTP status of `GET path` on `host:port`, or nil when nothing answers within `timeout` seconds.
    public static func httpStatus(host: String, port: Int, path: String = "/livez", timeout: Double = 1) -> Int? {
        withSocket { fd -> Int? in
            var limit = timeval(tv_sec: Int(timeout), tv_usec: suseconds_t((timeout - timeout.rounded(.down)) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var address = try ipv4(host, port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            guard connected else { return nil }
            let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
            guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
            var buffer = [UInt8](repeating: 0, count: 256)
            var received: [UInt8] = []
            while received.count < 12 {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                received += buffer[0..<count]
            }
            // "HTTP/1.1 200 OK"
            let line = String(decoding: received.prefix(while: { $0 != 0x0d }), as: UTF8.self).split(separator: " ")
            return line.count >= 2 ? Int(line[1]) : nil
        } ?? nil
    }

    /// The host a client should connect to for a server bound to `host` (a wildcard becomes loopback).
    public static func connectableHost(_ host: String) -> String {
        host == "0.0.0.0" || host.isEmpty ? "127.0.0.1" : host
    }

    private static func ipv4(_ host: String, _ port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let name = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, name, &address.sin_addr) == 1 else {
            throw UsageError("--host \(host) is not an IPv4 address; use for example 127.0.0.1 or 0.0.0.0")
        }
        return address
    }

    private static func withSocket<T>(_ body: (Int32) throws -> T) -> T? {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return try? body(fd)
    }
}
