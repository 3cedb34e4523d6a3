import Prometheus

/// The server's own instruments, kept in a swift-prometheus registry and updated as things
/// happen: sessions open, requests by method and result, authentication failures, refused
/// frames and whether Redis answered the last scrape (docs/PROTOCOL.md §4, `GET /metrics`).
public final class ServerMetrics: Sendable {
    /// Why a WebSocket frame was not taken as a request (the `reason` label).
    enum RefusedFrame: String {
        case binary, notUTF8 = "not_utf8", tooLarge = "too_large", notJSON = "not_json", badBatch = "bad_batch"
    }

    private static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
    private static let requests = name("circles_ws_requests_total", "JSON-RPC requests answered, by method and result (ok or the error's kind).")
    private static let refusedFrames = name("circles_ws_frames_refused_total", "WebSocket frames not taken as requests, by reason.")

    let registry = PrometheusCollectorRegistry()
    private let sessions: Gauge
    private let authFailures: Counter
    private let redisUp: Gauge

    public init() {
        sessions = registry.makeGauge(descriptor: Self.name("circles_ws_sessions_open", "WebSocket sessions open now."), labels: [])
        authFailures = registry.makeCounter(
            descriptor: Self.name("circles_ws_auth_failures_total", "authenticate calls that failed (bad signature, unknown or expired nonce)."),
            labels: [])
        redisUp = registry.makeGauge(descriptor: Self.name("circles_redis_up", "1 when Redis answered the reads of this scrape, else 0."), labels: [])
    }

    func sessionOpened() { sessions.increment() }
    func sessionClosed() { sessions.decrement() }

    /// Counts one answered request. `method` is kept only when it is one of ours (else `other`),
    /// so that clients cannot make up label values.
    func request(method: String, error: RPCError?) {
        let known = CircleMethods.Method(rawValue: method)?.rawValue ?? "other"
        registry.makeCounter(descriptor: Self.requests, labels: [("method", known), ("result", error?.kind ?? "ok")]).increment()
        if error != nil && known == CircleMethods.Method.authenticate.rawValue { authFailures.increment() }
    }

    func refused(_ frame: RefusedFrame) {
        registry.makeCounter(descriptor: Self.refusedFrames, labels: [("reason", frame.rawValue)]).increment()
    }

    /// The registry's text, after recording whether Redis answered this scrape.
    func text(redisUp up: Bool) -> String {
        redisUp.set(to: up ? 1.0 : 0.0)
        return registry.emitToString()
    }
}
