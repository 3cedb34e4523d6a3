/// A Rhai value. Ints and floats are stored unboxed; strings, arrays, maps and blobs are
/// Swift copy-on-write containers, which gives Rhai's value semantics for free.
public enum Dynamic: Equatable, Hashable {
    case unit
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// A Unicode scalar value (Rust's `char`).
    case char(Unicode.Scalar)
    case string(String)
    case array([Dynamic])
    /// An object map; rendered and iterated ordered by key, like Rhai's BTreeMap.
    case map([String: Dynamic])
    case fnPtr(FnPtr)
    /// An exclusive range `start..end`.
    case range(Int64, Int64)
    /// An inclusive range `start..=end`.
    case inclusiveRange(Int64, Int64)
    case timestamp(Timestamp)
    case blob([UInt8])
    /// An iterator made by a function such as `chars`; only a `for` loop can use it.
    case iterator(IteratorValue)

    /// Rhai's `type_of` name.
    public var typeName: String {
        switch self {
        case .unit: return "()"
        case .bool: return "bool"
        case .int: return "i64"
        case .float: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .array: return "array"
        case .map: return "map"
        case .fnPtr: return "Fn"
        case .range: return "range"
        case .inclusiveRange: return "range="
        case .timestamp: return "timestamp"
        case .blob: return "blob"
        case .iterator: return "range"
        }
    }

    public var asInt: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var asFloat: Double? {
        if case .float(let value) = self { return value }
        return nil
    }

    public var asString: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var asBool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var asChar: Unicode.Scalar? {
        if case .char(let value) = self { return value }
        return nil
    }

    public var asArray: [Dynamic]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var asMap: [String: Dynamic]? {
        if case .map(let value) = self { return value }
        return nil
    }

    public var asBlob: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }

    public var asFnPtr: FnPtr? {
        if case .fnPtr(let value) = self { return value }
        return nil
    }

    public var isUnit: Bool { self == .unit }

    /// Rhai truthiness is strict: only `bool` values are conditions.
    var isTrue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// A point in time from `timestamp()`, measured on a monotonic clock.
public struct Timestamp: Equatable, Hashable, Comparable {
    /// Nanoseconds since an arbitrary monotonic origin.
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    public static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Timestamp(nanoseconds: UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec))
    }

    /// Seconds elapsed since this timestamp.
    public var elapsed: Double {
        let now = Timestamp.now().nanoseconds
        return now >= nanoseconds ? Double(now - nanoseconds) / 1e9 : -Double(nanoseconds - now) / 1e9
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
