import CirclesCore
import HTTPTypes

/// The answer of `GET /health`: healthy when Redis answers and every served circle has a live
/// worker. Strict (the default) answers 503 when not healthy; otherwise always 200. The body is
/// the same either way (docs/PROTOCOL.md §4).
struct HealthReport {
    let snapshot: CirclesSnapshot
    let strict: Bool

    var healthy: Bool { snapshot.redisUp && snapshot.circles.allSatisfy(\.isUp) }

    var status: HTTPResponse.Status { healthy || !strict ? .ok : .serviceUnavailable }

    /// `{"status":"ok|degraded","strict":bool,"redis":"ok|down","circles":N,"circlesDown":[{"name","pk"}]}`.
    var json: JSONValue {
        let down = snapshot.circles.filter { !$0.isUp }.map { circle -> JSONValue in
            .object(["name": circle.entry.name.map { .string($0) } ?? .null, "pk": .string(circle.entry.key.hex)])
        }
        return .object([
            "status": .string(healthy ? "ok" : "degraded"),
            "strict": .bool(strict),
            "redis": .string(snapshot.redisUp ? "ok" : "down"),
            "circles": .integer(Int64(snapshot.circles.count)),
            "circlesDown": .array(down),
        ])
    }
}
