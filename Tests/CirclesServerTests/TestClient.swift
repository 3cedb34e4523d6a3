import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small blocking HTTP and WebSocket (RFC 6455) client over a plain socket, written for these
/// tests so that they talk to the server the way any client would, byte for byte.
final class TestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32

    /// Connects to `127.0.0.1:port`; every read waits at most `timeout` seconds.
    init(port: Int, timeout: Double = 20) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw Failure(description: "cannot connect to port \(port)")
        }
    }

    deinit { close(fd) }

    /// `GET path` with `Connection: close`; returns the status code and the body.
    func get(_ path: String) throws -> (status: Int, body: String) {
        try write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        var response: [UInt8] = []
        while let chunk = try readSome() { response += chunk }
        let text = String(decoding: response, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { throw Failure(description: "no HTTP head in \(text)") }
        return (try Self.status(of: String(text[..<headEnd.lowerBound])), String(text[headEnd.upperBound...]))
    }

    /// The WebSocket upgrade of `path`; returns the HTTP status (101 when it upgraded).
    func upgrade(_ path: String) throws -> Int {
        let request = [
            "GET \(path) HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "", "",
        ]
        try write(Array(request.joined(separator: "\r\n").utf8))
        var head: [UInt8] = []
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard let byte = try read(1).first else { break }
            head.append(byte)
        }
        return try Self.status(of: String(decoding: head, as: UTF8.self))
    }

    /// Sends one text frame (masked, as clients must).
    func send(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (56 - 8 * UInt64($0))) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try write(frame)
    }

    /// The next text message (pings are answered, other control frames skipped).
    func receive() throws -> String {
        while true {
            let header = try read(2)
            let opcode = header[0] & 0x0F
            var length = Int(header[1] & 0x7F)
            if length == 126 { length = try read(2).reduce(0) { $0 << 8 | Int($1) } }
            if length == 127 { length = try read(8).reduce(0) { $0 << 8 | Int($1) } }
            let payload = try read(length)
            switch opcode {
            case 0x1: return String(decoding: payload, as: UTF8.self)
            case 0x8: throw Failure(description: "the server closed the session")
            case 0x9: try write([0x8A, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload)
            default: continue
            }
        }
    }

    /// Sends a request and returns the reply as a JSON object.
    func call(_ request: String) throws -> [String: Any] {
        try send(request)
        let reply = try receive()
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
            throw Failure(description: "the reply is not a JSON object: \(reply)")
        }
        return object
    }

    private static func status(of head: String) throws -> Int {
        let parts = head.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "no HTTP status in \(head)") }
        return status
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { socketSend(fd, $0.baseAddress, $0.count) }
            guard sent > 0 else { throw Failure(description: "the connection broke while sending") }
            offset += sent
        }
    }

    /// Up to 4 KiB, or nil at the end of the stream.
    private func readSome() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { throw Failure(description: "no answer in time") }
        return count == 0 ? nil : Array(buffer[0..<count])
    }

    /// Exactly `count` bytes.
    private func read(_ count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count {
            var buffer = [UInt8](repeating: 0, count: count - bytes.count)
            let received = recv(fd, &buffer, buffer.count, 0)
            guard received > 0 else { throw Failure(description: received == 0 ? "the connection closed" : "no answer in time") }
            bytes += buffer[0..<received]
        }
        return bytes
    }
}

/// The C `send`, which `TestClient.send(_:)` hides inside the class.
private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    send(fd, bytes, count, 0)
}
