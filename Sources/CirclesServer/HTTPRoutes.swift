import CirclesCore
import Hummingbird

/// The plain HTTP side of the server: `GET /health` (Redis and every circle's workers),
/// `GET /livez` (the process serves), `GET /` (an HTML list of the circles) and `GET /<pk>`
/// without an upgrade (404 with the reason for a key that is not served, 426 otherwise).
enum HTTPRoutes {
    /// - Parameter strictHealth: `/health` answers 503 when not healthy (else always 200).
    static func router(registry: CircleRegistry, redisURL: RedisURL, strictHealth: Bool, metrics: ServerMetrics) -> Router<BasicRequestContext> {
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
        router.get("/") { request, _ -> Response in
            text(.ok, indexPage(registry.all, host: request.head.authority ?? "localhost"), type: "text/html; charset=utf-8")
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

    private static func indexPage(_ circles: [CircleRegistry.Entry], host: String) -> String {
        let rows = circles.map { circle in
            let url = "ws://\(escape(host))/\(circle.key.hex)"
            return "<tr><td>\(escape(circle.name ?? "—"))</td><td><code>\(circle.key.hex)</code></td><td><code>\(url)</code></td></tr>"
        }
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>circles</title></head>
            <body><h1>circles</h1>
            <p>\(circles.count) circle\(circles.count == 1 ? "" : "s"), each a WebSocket JSON-RPC 2.0 endpoint
            (methods \(CircleMethods.Method.allCases.map(\.rawValue).joined(separator: ", "))). Health: <a href="/health">/health</a>.</p>
            <table><tr><th>name</th><th>public key</th><th>URL</th></tr>
            \(rows.joined(separator: "\n"))
            </table></body></html>

            """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
