import CirclesCore
import HTTPTypes
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import ServiceLifecycle

/// The server's child channel: HTTP/1.1, with a WebSocket upgrade on `/<pk>` for served circles.
///
/// Unlike HummingbirdWebSocket's `HTTP1WebSocketUpgradeChannel`, a refused upgrade is answered
/// with 404 and its one-line reason (not an empty 400), sessions are served by a channel handler
/// on the connection's event loop (`WebSocketSession`), and shutdown drains sessions (in-flight
/// requests finish, then close 1001) instead of closing them at once with 1000.
struct CircleServerChannel: ServerChildChannel, HTTPChannelHandler {
    /// What the connection turned out to be.
    enum Negotiated: Sendable {
        /// A WebSocket session, served by its channel handler until the connection closes.
        case webSocket(NIOLoopBound<WebSocketSession>, any Channel)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade to a path that names no served circle, with the reason.
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, reason: String)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let registry: CircleRegistry
    let processor: RPCProcessor
    let limits: WebSocketSession.Limits
    let nonceTimeToLive: Double
    /// Seconds an HTTP (non-WebSocket) connection may stay idle.
    let httpIdleTimeout: Duration
    /// How long a connection may take to send its first request head (WebSocket upgrade or HTTP).
    let headTimeout: Duration
    /// Open connections and bytes buffered by sessions, server-wide.
    let budget: ConnectionBudget

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard budget.open() else {
            logger.warning("refused a connection: \(budget.maximumConnections) are open (--max-connections)")
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        channel.closeFuture.whenComplete { [budget] _ in budget.closed() }
        return channel.eventLoop.makeCompletedFuture {
            let registry = self.registry
            // NIO drops the request head of a refused upgrade, so the reason is kept here.
            let refusal = NIOLockedValueBox<String?>(nil)
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: limits.maximumMessage,
                shouldUpgrade: { channel, head in
                    switch CirclePath.circle(for: head.uri, in: registry) {
                    case .success:
                        return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                    case let .failure(refused):
                        refusal.withLockedValue { $0 = refused.reason }
                        return channel.eventLoop.makeSucceededFuture(nil)
                    }
                },
                upgradePipelineHandler: { [processor, limits, nonceTimeToLive, budget] channel, head in
                    channel.eventLoop.makeCompletedFuture {
                        let circle = try CirclePath.circle(for: head.uri, in: registry).get()
                        let session = try WebSocketSession.addHandlers(
                            to: channel, circle: circle, processor: processor, limits: limits, nonceTimeToLive: nonceTimeToLive, budget: budget)
                        return .webSocket(session, channel)
                    }
                })
            let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Negotiated>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: .init(httpIdleTimeout), logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        if let reason = refusal.withLockedValue({ $0 }) { return .refused(http, reason: reason) }
                        return .http(http)
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Negotiated>(upgradeConfiguration: upgrade)
            configuration.enablePipelining = false  // NIOAsyncChannel handles one request at a time
            configuration.enableErrorHandling = false  // Hummingbird answers bad requests itself
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validated them already
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            // A connection that has not sent a whole request head in time (silent, or one header
            // line now and then) is closed; the upgrade or the HTTP negotiation ends the wait.
            let headDeadline = channel.eventLoop.scheduleTask(in: TimeAmount(headTimeout)) { channel.close(promise: nil) }
            negotiated.whenComplete { _ in headDeadline.cancel() }
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case let .http(http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case let .refused(http, reason):
                try await refuse(http, reason: reason)
            case let .webSocket(session, channel):
                await serveSession(session, on: channel)
            }
        } catch {
            logger.debug("connection ended during negotiation", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a refused upgrade with 404 and the reason, then closes the connection.
    private func refuse(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, reason: String) async throws {
        let body = ByteBuffer(string: reason + "\n")
        try await http.executeThenClose { _, outbound in
            let head = HTTPResponse(status: .notFound, headerFields: [
                .connection: "close", .contentType: "text/plain; charset=utf-8", .contentLength: String(body.readableBytes),
            ])
            try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
        }
    }

    /// Waits until the session's connection closes; on graceful shutdown the session drains
    /// (in-flight requests finish, then it closes with 1001).
    private func serveSession(_ session: NIOLoopBound<WebSocketSession>, on channel: any Channel) async {
        processor.metrics.sessionOpened()
        defer { processor.metrics.sessionClosed() }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } onGracefulShutdown: {
            channel.eventLoop.execute { session.value.drain() }
        }
    }
}
