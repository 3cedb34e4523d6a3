import CirclesCore
import NIOCore
import NIOWebSocket

/// One WebSocket connection bound to a circle: a channel handler on the connection's event loop,
/// behind NIO's frame decoder and `NIOWebSocketFrameAggregator`.
///
/// It answers each request in its own task (replies may come out of order), answers pings and
/// pings the client, and enforces the session limits — messages in flight (reading pauses at the
/// limit), idle time, message size — and the drain on shutdown (finish what is in flight, then
/// close with 1001). All of it runs on the event loop (the tasks too: they prefer the loop as
/// their executor), so no lock is needed.
final class WebSocketSession: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = Never
    typealias OutboundOut = WebSocketFrame

    /// The limits every session obeys.
    struct Limits: Sendable {
        /// Largest message, in bytes (bigger ones close the session with 1009).
        var maximumMessage: Int
        /// Requests (messages) one session may have in flight; reading pauses at the limit.
        var maximumInFlight: Int
        /// A session with nothing in flight and no message for this long is closed.
        var idleTimeout: Duration
        /// How long a draining session waits for its in-flight requests.
        var drainGrace: Duration
        /// How often the client is pinged; a ping not answered by the next one closes the session.
        var pingInterval: Duration
    }

    /// How long to wait for the client's answer to our close frame before dropping the connection.
    static let closeWait = TimeAmount.seconds(5)

    private let methodSession: CircleMethods.Session
    private let processor: RPCProcessor
    private let limits: Limits
    /// Charges what the connection reads to the server's budget until it is a whole message.
    private let received: BufferedBytesHandler

    private var context: ChannelHandlerContext?
    private var inFlight = 0
    /// Answer tasks by request number, so that a closed connection can cancel them.
    private var tasks: [UInt64: Task<Void, Never>] = [:]
    /// The request whose task is starting (running until it first waits), and whether it
    /// already finished; its task is not kept then.
    private var starting: (number: UInt64, finished: Bool)?
    private var requestCount: UInt64 = 0
    /// Messages that arrived while every slot was taken, answered in order as slots free up.
    private var waiting = CircularBuffer<String>()
    /// A read held back while at the in-flight limit.
    private var readHeldBack = false
    private var lastActivity = NIODeadline.now()
    private var drainStarted: NIODeadline?
    private var awaitingPong = false
    /// Our close frame has gone out (or the client's was answered): nothing more is read or sent.
    private var isClosing = false
    /// The next idle check (one timer per session, due when the session would become idle).
    private var idleCheck: Scheduled<Void>?
    private var pingTimer: RepeatedTask?
    /// The drain's deadline and the wait for the client's close frame.
    private var timers: [Scheduled<Void>] = []

    init(circle: PublicKey, processor: RPCProcessor, limits: Limits, nonceTimeToLive: Double, received: BufferedBytesHandler) {
        methodSession = .init(circle: circle, auth: SessionAuth(nonceTimeToLive: nonceTimeToLive))
        self.processor = processor
        self.limits = limits
        self.received = received
    }

    /// The pipeline handlers a session needs after the upgrade (NIO's upgrader adds the frame
    /// codec, with `maximumMessage` as its frame limit, and its protocol-error handler), and the
    /// byte counter of `budget` in front of them all.
    static func addHandlers(
        to channel: any Channel, circle: PublicKey, processor: RPCProcessor, limits: Limits, nonceTimeToLive: Double, budget: ConnectionBudget
    ) throws -> NIOLoopBound<WebSocketSession> {
        let received = BufferedBytesHandler(budget: budget)
        let session = WebSocketSession(circle: circle, processor: processor, limits: limits, nonceTimeToLive: nonceTimeToLive, received: received)
        try channel.pipeline.syncOperations.addHandler(received, position: .first)
        try channel.pipeline.syncOperations.addHandlers(
            MaskedFramesOnly(),
            NIOWebSocketFrameAggregator(
                minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: .max, maxAccumulatedFrameSize: limits.maximumMessage),
            session)
        return NIOLoopBound(session, eventLoop: channel.eventLoop)
    }

    /// Starts the drain: requests in flight may finish (within the drain grace), then the
    /// session is closed with 1001. Call on the session's event loop.
    func drain() {
        guard drainStarted == nil, let loop = context?.eventLoop else { return }
        drainStarted = .now()
        if inFlight == 0 { return closeForShutdown() }
        let bound = NIOLoopBound(self, eventLoop: loop)
        timers.append(loop.scheduleTask(in: TimeAmount(limits.drainGrace)) { bound.value.closeForShutdown() })
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        scheduleIdleCheck(at: lastActivity + TimeAmount(limits.idleTimeout))
        let ping = TimeAmount(limits.pingInterval)
        pingTimer = loop.scheduleRepeatedTask(initialDelay: ping, delay: ping) { _ in
            bound.value.ping()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        received.delivered()
        guard frame.reservedBits.isEmpty else {
            return close(.protocolError, reason: "reserved bits are set but no extension was negotiated")
        }
        switch frame.opcode {
        case .text:
            guard !isClosing else { return }
            guard let text = Self.text(of: frame.unmaskedData) else {
                processor.metrics.refused(.notUTF8)
                return close(.dataInconsistentWithMessage, reason: "a text frame must hold UTF-8")
            }
            receive(text)
        case .binary:
            guard !isClosing else { return }
            receive(nil)
        case .ping:
            guard !isClosing else { return }
            send(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
        case .pong:
            awaitingPong = false
        case .connectionClose:
            answerClose(frame)
        default:
            close(.protocolError, reason: "unexpected frame")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error {
        case let error as NIOWebSocketError:
            // WebSocketProtocolErrorHandler, earlier in the pipeline, has sent the close frame
            // (1009 for a frame over the limit) and closes the connection.
            if error == .invalidFrameLength { processor.metrics.refused(.tooLarge) }
            isClosing = true
        case NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge:
            processor.metrics.refused(.tooLarge)
            close(.messageTooLarge, reason: "a message may have at most \(limits.maximumMessage) bytes")
        case is NIOWebSocketFrameAggregator.Error:
            close(.protocolError, reason: "fragments out of order")
        default:
            context.close(promise: nil)
        }
    }

    /// A client that closed its side without a close frame is gone (the server allows TCP
    /// half-closure, which would otherwise keep the session, and what it buffered, until idle).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Holds reads back while every in-flight slot is taken.
    func read(context: ChannelHandlerContext) {
        if inFlight >= limits.maximumInFlight {
            readHeldBack = true
        } else {
            context.read()
        }
    }

    // MARK: - Requests

    /// A message arrived: its text, or nil for a binary message.
    private func receive(_ text: String?) {
        lastActivity = .now()
        guard let text else {
            processor.metrics.refused(.binary)
            let reply = RPCProcessor.errorReply(
                id: .null, .invalidRequest("binary frames are not read here; send each JSON-RPC request as a text frame"))
            return send(text: reply)
        }
        if inFlight < limits.maximumInFlight {
            answer(text)
        } else {
            waiting.append(text)
        }
    }

    /// Answers `text` in a task of its own that runs on this session's event loop. The task starts
    /// at once, here, and runs until it first waits (for the Dispatcher); requests that never
    /// wait (whoami, errors) are answered before this returns.
    private func answer(_ text: String) {
        guard let loop = context?.eventLoop else { return }
        inFlight += 1
        requestCount += 1
        let number = requestCount
        let bound = NIOLoopBound(self, eventLoop: loop)
        let (processor, session) = (self.processor, methodSession)
        let body: @Sendable () async -> Void = {
            let reply = await processor.reply(to: text, in: session)
            // The task prefers the loop's executor, so this is normally already on the loop.
            if loop.inEventLoop {
                bound.value.finish(number, reply: reply)
            } else {
                loop.execute { bound.value.finish(number, reply: reply) }
            }
        }
        // A request answered at once may start the next waiting one from `finish`, so the
        // request starting around this one (if any) is put back afterwards.
        let around = starting
        starting = (number, finished: false)
        let task: Task<Void, Never>
        if #available(macOS 26.0, *) {
            task = Task.immediate(executorPreference: EventLoopTaskExecutor(loop), operation: body)
        } else {
            task = Task(executorPreference: EventLoopTaskExecutor(loop), operation: body)
        }
        let finishedAtOnce = starting?.finished == true
        starting = around
        if !finishedAtOnce { tasks[number] = task }
    }

    /// A request was answered: sends the reply (nil for notifications) and frees its slot.
    private func finish(_ number: UInt64, reply: String?) {
        if starting?.number == number {
            starting?.finished = true
        } else if tasks.removeValue(forKey: number) == nil {
            return  // the session has stopped
        }
        inFlight -= 1
        lastActivity = .now()
        if let reply { send(text: reply) }
        if drainStarted != nil {
            if inFlight == 0 { closeForShutdown() }
            return
        }
        if !waiting.isEmpty {
            answer(waiting.removeFirst())
        } else if readHeldBack {
            readHeldBack = false
            context?.read()
        }
    }

    // MARK: - Frames out

    private func send(text: String) {
        guard let context, !isClosing else { return }
        send(WebSocketFrame(fin: true, opcode: .text, data: context.channel.allocator.buffer(string: text)))
    }

    private func send(_ frame: WebSocketFrame) {
        context?.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Sends our close frame; drops the connection if the client does not answer it in time.
    private func close(_ code: WebSocketErrorCode, reason: String) {
        guard let context, !isClosing else { return }
        isClosing = true
        waiting.removeAll()
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        send(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
        let channel = context.channel
        timers.append(context.eventLoop.scheduleTask(in: Self.closeWait) { channel.close(promise: nil) })
    }

    /// The client sent a close frame: answers it with the same code (unless ours went first),
    /// then closes the connection.
    private func answerClose(_ frame: WebSocketFrame) {
        guard let context else { return }
        let channel = context.channel
        if isClosing {
            return channel.close(promise: nil)
        }
        isClosing = true
        var data = frame.unmaskedData
        var echo = context.channel.allocator.buffer(capacity: 2)
        // The client's code is echoed when RFC 6455 (§7.4) allows it on the wire, else 1002.
        switch (data.readableBytes, data.readInteger(as: UInt16.self)) {
        case (0, _): break
        case let (_, code?) where Self.isSendableCloseCode(code): echo.writeInteger(code)
        default: echo.write(webSocketErrorCode: .protocolError)
        }
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: echo)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    /// Close codes an endpoint may send (RFC 6455 §7.4 and the IANA registry): 1000–1003,
    /// 1007–1014, and 3000–4999 for libraries and applications.
    private static func isSendableCloseCode(_ code: UInt16) -> Bool {
        (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
    }

    private func ping() {
        guard !isClosing else { return }
        guard !awaitingPong else {
            close(.goingAway, reason: "no pong to the last ping")
            context?.close(promise: nil)
            return
        }
        awaitingPong = true
        send(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer(string: "circles")))
    }

    private func scheduleIdleCheck(at deadline: NIODeadline) {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        idleCheck = loop.scheduleTask(deadline: deadline) { bound.value.checkIdle() }
    }

    /// Closes the session when nothing is in flight and nothing came for the idle timeout;
    /// otherwise checks again when that could next be so.
    private func checkIdle() {
        guard !isClosing else { return }
        let idleTimeout = TimeAmount(limits.idleTimeout)
        let becomesIdleAt = lastActivity + idleTimeout
        if inFlight == 0 && NIODeadline.now() >= becomesIdleAt {
            close(.normalClosure, reason: "idle for \(limits.idleTimeout.components.seconds) s")
        } else {
            // With requests in flight, finishing the last one counts as activity.
            scheduleIdleCheck(at: inFlight == 0 ? becomesIdleAt : .now() + idleTimeout)
        }
    }

    /// Ends a draining session: its requests have finished, or the drain grace is over.
    private func closeForShutdown() {
        close(.goingAway, reason: "server shutting down")
    }

    /// Ends timers and in-flight answers once the connection is gone.
    private func stop() {
        isClosing = true
        idleCheck?.cancel()
        pingTimer?.cancel()
        for timer in timers { timer.cancel() }
        timers.removeAll()
        for task in tasks.values { task.cancel() }
        tasks.removeAll()
        waiting.removeAll()
    }

    /// The text of a text message, or nil when it is not UTF-8.
    private static func text(of buffer: ByteBuffer) -> String? {
        var buffer = buffer
        return try? buffer.readUTF8ValidatedString(length: buffer.readableBytes)
    }
}
