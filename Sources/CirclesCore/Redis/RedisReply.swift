import CHiredis

/// One reply from Redis (RESP2).
public enum RedisReply: Sendable, Hashable {
    /// A simple status such as `OK` or `QUEUED`.
    case status(String)
    /// A bulk string, exactly the bytes stored (binary safe).
    case bulk([UInt8])
    case integer(Int64)
    case array([RedisReply])
    /// An error reply such as `WRONGTYPE …`. `RedisConnection.command` throws these as
    /// `RedisError.server`; they appear as values inside pipeline and transaction results.
    case error(String)
    /// A null bulk string or null array (a missing key, a blocking command that timed out).
    case null

    /// The text of a bulk string (decoded as UTF-8) or of a status; nil for everything else.
    public var string: String? {
        switch self {
        case let .bulk(bytes): String(decoding: bytes, as: UTF8.self)
        case let .status(text): text
        default: nil
        }
    }

    /// The bytes of a bulk string; nil for everything else.
    public var bytes: [UInt8]? {
        if case let .bulk(bytes) = self { return bytes }
        return nil
    }

    /// The value of an integer reply; nil for everything else.
    public var integer: Int64? {
        if case let .integer(value) = self { return value }
        return nil
    }

    /// The elements of an array reply; nil for everything else.
    public var array: [RedisReply]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The field → value pairs of a hash as `HGETALL` answers them (a flat array of names and
    /// values); nil for anything but an array. Pairs that are not strings are left out.
    public var hashFields: [String: String]? {
        guard let flat = array else { return nil }
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            if let name = flat[index].string, let value = flat[index + 1].string { fields[name] = value }
        }
        return fields
    }

    /// Copies a hiredis reply tree (the caller still frees it).
    init(_ reply: UnsafePointer<redisReply>) throws {
        let r = reply.pointee
        func text() -> String {
            String(decoding: UnsafeRawBufferPointer(start: r.str, count: r.len), as: UTF8.self)
        }
        switch r.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Array(UnsafeRawBufferPointer(start: r.str, count: r.len)))
        case REDIS_REPLY_STATUS:
            self = .status(text())
        case REDIS_REPLY_ERROR:
            self = .error(text())
        case REDIS_REPLY_INTEGER:
            self = .integer(r.integer)
        case REDIS_REPLY_NIL:
            self = .null
        case REDIS_REPLY_ARRAY:
            self = .array(try (0..<r.elements).map { index in
                guard let element = r.element[index] else {
                    throw RedisError.protocolError("array element \(index) is missing")
                }
                return try RedisReply(element)
            })
        default:
            throw RedisError.protocolError("unknown reply type \(r.type)")
        }
    }
}
