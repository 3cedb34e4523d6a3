import NIOCore
import NIOWebSocket

/// RFC 6455 §5.1: every frame a client sends is masked, and a server closes the connection on one
/// that is not (close code 1002). Sits between NIO's frame decoder and the aggregator, which
/// drops the masks of the fragments it joins.
final class MaskedFramesOnly: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard unwrapInboundIn(data).maskKey == nil else { return context.fireChannelRead(data) }
        refused = true
        var payload = context.channel.allocator.buffer(capacity: 40)
        payload.write(webSocketErrorCode: .protocolError)
        payload.writeString("client frames must be masked")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)))
            .whenComplete { _ in channel.close(promise: nil) }
    }
}
