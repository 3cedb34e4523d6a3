import CirclesCore
import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// One WebSocket connection bound to a circle: reads frames, answers each request in its own
/// task (replies may come out of order), and enforces the session limits — messages in flight,
/// idle time — and the drain on shutdown (finish what is in flight, then close with 1001).
final class WebSocketSession: Sendable {
    /// The limits every session obeys.
    struct Limits: Sendable {
        /// Largest message, in bytes (bigger ones close the session with 1009).
        var maximumMessage: Int
        /// Requests (frames) one session may have in flight; reading pauses at the limit.
        var maximumInFlight: Int
        /// A session with nothing in flight and no frame for this long is closed.
        var idleTimeout: Duration
        /// How long a draining session waits for its in-flight requests.
        var drainGrace: Duration
    }

    private struct State {
        var lastActivity = ContinuousClock.now
        var inFlight = 0
        /// The read loop, waiting for a free slot.
        var waitingReader: CheckedContinuation<Void, Never>?
        /// When draining started, or nil.
        var drainStarted: ContinuousClock.Instant?
    }

    /// How often the idle and drain conditions are checked.
    static let checkInterval = Duration.milliseconds(250)
    /// How long to wait for the client's answer to our close frame before dropping the connection.
    static let closeWait = Duration.seconds(5)

    let methodSession: CircleMethods.Session
    private let processor: RPCProcessor
    private let limits: Limits
    private let channel: any Channel
    private let state = NIOLockedValueBox(State())

    init(circle: PublicKey, processor: RPCProcessor, limits: Limits, nonceTimeToLive: Double, channel: any Channel) {
        methodSession = .init(circle: circle, auth: SessionAuth(nonceTimeToLive: nonceTimeToLive))
        self.processor = processor
        self.limits = limits
        self.channel = channel
    }

    /// Serves the session until the client closes it (or it is closed for idleness or shutdown).
    /// Throws the error that should close the connection (for example 1009 for a message too large).
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        if #available(macOS 15.0, *) {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(channel.eventLoop)) {
                try await serve(inbound: inbound, outbound: outbound)
            }
        } else {
            try await serve(inbound: inbound, outbound: outbound)
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.watch(outbound) }
            var messages = inbound.messages(maxSize: limits.maximumMessage).makeAsyncIterator()
            while let message = try await messages.next() {
                touch()
                await takeSlot()
                group.addTask {
                    if let reply = await self.reply(to: message) {
                        try? await outbound.writeTextMessage(reply)
                    }
                    self.releaseSlot()
                }
            }
            group.cancelAll()
        }
    }

    /// Starts the drain: requests in flight may finish (within the drain grace), then the
    /// session is closed with 1001.
    func drain() {
        state.withLockedValue { $0.drainStarted = $0.drainStarted ?? .now }
    }

    private func reply(to message: WebSocketMessage) async -> String? {
        switch message {
        case let .text(text):
            let reply = await processor.reply(to: text, in: methodSession)
            touch()
            return reply
        case .binary:
            return RPCProcessor.errorReply(id: .null, .invalidRequest("binary frames are not read here; send each JSON-RPC request as a text frame"))
        }
    }

    private func touch() {
        state.withLockedValue { $0.lastActivity = .now }
    }

    /// Waits for a free in-flight slot and takes it.
    private func takeSlot() async {
        let limit = limits.maximumInFlight
        let taken = state.withLockedValue { state in
            guard state.inFlight < limit else { return false }
            state.inFlight += 1
            return true
        }
        if taken { return }
        await withCheckedContinuation { continuation in
            let takenNow = state.withLockedValue { state in
                guard state.inFlight < limit else {
                    state.waitingReader = continuation
                    return false
                }
                state.inFlight += 1
                return true
            }
            if takenNow { continuation.resume() }
        }
    }

    /// Frees a slot, or hands it straight to the waiting reader.
    private func releaseSlot() {
        let reader = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let reader = state.waitingReader {
                state.waitingReader = nil
                return reader
            }
            state.inFlight -= 1
            return nil
        }
        reader?.resume()
    }

    /// Closes the session when it has been idle too long, or when draining is over.
    private func watch(_ outbound: WebSocketOutboundWriter) async {
        while (try? await Task.sleep(for: Self.checkInterval)) != nil {
            let (inFlight, lastActivity, drainStarted) = state.withLockedValue { ($0.inFlight, $0.lastActivity, $0.drainStarted) }
            let now = ContinuousClock.now
            if let drainStarted {
                if inFlight == 0 || now - drainStarted >= limits.drainGrace {
                    return await close(outbound, .goingAway, reason: "server shutting down")
                }
            } else if inFlight == 0 && now - lastActivity >= limits.idleTimeout {
                return await close(outbound, .normalClosure, reason: "idle for \(limits.idleTimeout.components.seconds) s")
            }
        }
    }

    /// Sends a close frame; drops the connection if the client does not answer it in time.
    private func close(_ outbound: WebSocketOutboundWriter, _ code: WebSocketErrorCode, reason: String) async {
        try? await outbound.close(code, reason: reason)
        let channel = self.channel
        Task {
            try? await Task.sleep(for: Self.closeWait)
            try? await channel.close()
        }
    }
}
