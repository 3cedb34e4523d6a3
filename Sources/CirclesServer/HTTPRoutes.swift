import CirclesCore
import Hummingbird

/// The plain HTTP side of the server (docs/PROTOCOL.md §4): `GET /health` (Redis and every
/// circle's workers), `GET /livez` (the process serves), `GET /metrics` (Prometheus),
/// `GET /api/circles` and `GET /` (the page that shows it), and `GET /<pk>` without an upgrade
/// (404 with the reason for a key that is not served, 426 otherwise).
enum HTTPRoutes {
    /// - Parameters:
    ///   - strictHealth: `/health` answers 503 when not healthy (else always 200).
    ///   - authRequired: `play` needs `authenticate` first (the page explains how).
    static func router(
        registry: CircleRegistry, redisURL: RedisURL, strictHealth: Bool, authRequired: Bool, metrics: ServerMetrics
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/health") { _, _ -> Response in
            let report = HealthReport(snapshot: await CirclesSnapshot.read(registry: registry, redisURL: redisURL), strict: strictHealth)
            return text(report.status, report.json.jsonText + "\n", type: "application/json")
        }
        router.get("/livez") { _, _ -> Response in
            text(.ok, "ok\n")
        }
        router.get("/metrics") { _, _ -> Response in
            let snapshot = await CirclesSnapshot.read(registry: registry, redisURL: redisURL)
            let body = metrics.text(redisUp: snapshot.redisUp) + CircleMetricsText.render(snapshot.circles)
            return text(.ok, body, type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/") { _, _ -> Response in
            text(.ok, IndexPage.html, type: "text/html; charset=utf-8")
        }
        router.get("/api/circles") { request, _ -> Response in
            let overview = CirclesOverview(
                snapshot: await CirclesSnapshot.read(registry: registry, redisURL: redisURL), recorded: registry.recordedWorkerStatus(),
                authRequired: authRequired, authority: request.head.authority ?? "localhost")
            return text(.ok, overview.json.jsonText + "\n", type: "application/json")
        }
        router.get(":circle") { request, _ -> Response in
            switch CirclePath.circle(for: request.uri.description, in: registry) {
            case let .failure(refusal):
                return text(.notFound, refusal.reason + "\n")
            case let .success(key):
                return text(.upgradeRequired, "/\(key.hex) is a WebSocket endpoint: connect to it with a WebSocket client (ws://)\n")
            }
        }
        return router
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String, type: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
