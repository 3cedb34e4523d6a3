import CirclesCore

/// The circle a request path names: `/<pk>`, with an optional trailing slash and query.
enum CirclePath {
    /// The path text without query and slashes, e.g. `02ab…`; nil when the path has more than one segment.
    static func segment(of uri: String) -> Substring? {
        var path = uri.prefix { $0 != "?" && $0 != "#" }
        guard path.first == "/" else { return nil }
        path.removeFirst()
        if path.last == "/" { path.removeLast() }
        return path.contains("/") ? nil : path
    }

    /// The served circle the path names, or the one-line reason why it names none.
    static func circle(for uri: String, in registry: CircleRegistry) -> Result<PublicKey, Refusal> {
        guard let segment = segment(of: uri), !segment.isEmpty else {
            return .failure(Refusal("no circle in the path \(uri.prefix(80)); connect to /<public key of the circle>"))
        }
        let key: PublicKey
        do {
            key = try PublicKey(parsing: String(segment))
        } catch {
            return .failure(Refusal("\(error)"))
        }
        guard registry.contains(key) else {
            return .failure(Refusal("unknown circle \(key.hex): this server does not serve it; see / for the circles it serves"))
        }
        return .success(key)
    }

    /// Why a path names no served circle.
    struct Refusal: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
