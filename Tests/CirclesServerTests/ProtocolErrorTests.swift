import Foundation
import Testing
import TestSupport

/// RFC 6455 rules the server enforces on what clients send (issue 12, item 10): unmasked frames
/// and close codes that may not be sent are answered with close code 1002.
extension CirclesServerTests {
    /// A close frame from the server with `code` (and any reason after it).
    private func isClose(_ bytes: [UInt8], code: UInt16) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x88 && bytes[2] == UInt8(code >> 8) && bytes[3] == UInt8(code & 0xFF)
    }

    private func maskedClose(code: UInt16) -> [UInt8] {
        let mask: [UInt8] = [9, 8, 7, 6]
        let payload = [UInt8(code >> 8), UInt8(code & 0xFF)]
        return [0x88, 0x82] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset] }
    }

    @Test func anUnmaskedFrameClosesTheSessionWith1002() async throws {
        let server = try await Running()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.upgrade("/\(server.harness.circle.hex)")
        let text = Array(#"{"jsonrpc":"2.0","id":1,"method":"whoami"}"#.utf8)
        socket.send([0x81, UInt8(text.count)] + text)
        let reply = socket.receive(4)
        #expect(isClose(reply, code: 1002), "\(reply)")
        await #expect(eventually(timeout: 10) { socket.isClosed(waiting: 0.2) })
    }

    @Test(arguments: [(UInt16(999), UInt16(1002)), (1005, 1002), (2999, 1002), (1000, 1000), (4000, 4000)])
    func aCloseCodeIsEchoedOnlyWhenItMayBeSent(sent: UInt16, answered: UInt16) async throws {
        let server = try await Running()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.upgrade("/\(server.harness.circle.hex)")
        socket.send(maskedClose(code: sent))
        let reply = socket.receive(4)
        #expect(isClose(reply, code: answered), "sent \(sent): \(reply)")
    }
}
