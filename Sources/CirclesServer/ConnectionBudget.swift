import NIOConcurrencyHelpers
import NIOCore

/// What all connections together may hold (docs/PROTOCOL.md §4): how many are open, and how many
/// bytes the WebSocket sessions have received that are not a whole message yet (a partial frame
/// waits in NIO's decoder until it is complete). Shared by every connection; safe from any loop.
final class ConnectionBudget: Sendable {
    let maximumConnections: Int
    let maximumBuffered: Int
    private let counts = NIOLockedValueBox((open: 0, buffered: 0))

    init(maximumConnections: Int, maximumBuffered: Int) {
        self.maximumConnections = maximumConnections
        self.maximumBuffered = maximumBuffered
    }

    /// Counts a new connection; false (and nothing counted) when the cap is reached.
    func open() -> Bool {
        counts.withLockedValue { counts in
            guard counts.open < maximumConnections else { return false }
            counts.open += 1
            return true
        }
    }

    func closed() {
        counts.withLockedValue { $0.open -= 1 }
    }

    /// Counts `bytes` more held by a session; false (and nothing counted) when that would pass the limit.
    func hold(_ bytes: Int) -> Bool {
        counts.withLockedValue { counts in
            guard counts.buffered + bytes <= maximumBuffered else { return false }
            counts.buffered += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        counts.withLockedValue { $0.buffered -= bytes }
    }
}

/// First in a WebSocket session's pipeline: charges the bytes read to the budget until the session
/// has them as a whole message (`delivered()`), and closes the connection whose bytes would pass it.
final class BufferedBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let budget: ConnectionBudget
    /// Bytes read since the last whole message.
    private var held = 0

    init(budget: ConnectionBudget) {
        self.budget = budget
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        guard budget.hold(bytes) else {
            context.close(promise: nil)
            return
        }
        held += bytes
        context.fireChannelRead(data)
    }

    /// The session has a whole message (or control frame): what was held is no longer buffered.
    func delivered() {
        budget.release(held)
        held = 0
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        delivered()
    }
}
