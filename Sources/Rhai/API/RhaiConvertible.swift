/// A Swift type that registered functions can take and return.
public protocol RhaiConvertible {
    /// The Rhai type name this type accepts ("i64", "f64", "string", …; "?" for any value).
    static var rhaiTypeName: String { get }
    /// Converts from a Rhai value; nil when the value has another type.
    init?(rhai value: Dynamic)
    /// The value as Rhai sees it.
    var rhaiValue: Dynamic { get }
}

extension Dynamic: RhaiConvertible {
    public static var rhaiTypeName: String { "?" }
    public init?(rhai value: Dynamic) { self = value }
    public var rhaiValue: Dynamic { self }
}

extension Int64: RhaiConvertible {
    public static var rhaiTypeName: String { "i64" }
    public init?(rhai value: Dynamic) {
        guard case .int(let number) = value else { return nil }
        self = number
    }
    public var rhaiValue: Dynamic { .int(self) }
}

extension Int: RhaiConvertible {
    public static var rhaiTypeName: String { "i64" }
    public init?(rhai value: Dynamic) {
        guard case .int(let number) = value, let converted = Int(exactly: number) else { return nil }
        self = converted
    }
    public var rhaiValue: Dynamic { .int(Int64(self)) }
}

extension Double: RhaiConvertible {
    public static var rhaiTypeName: String { "f64" }
    public init?(rhai value: Dynamic) {
        guard case .float(let number) = value else { return nil }
        self = number
    }
    public var rhaiValue: Dynamic { .float(self) }
}

extension Bool: RhaiConvertible {
    public static var rhaiTypeName: String { "bool" }
    public init?(rhai value: Dynamic) {
        guard case .bool(let flag) = value else { return nil }
        self = flag
    }
    public var rhaiValue: Dynamic { .bool(self) }
}

extension String: RhaiConvertible {
    public static var rhaiTypeName: String { "string" }
    public init?(rhai value: Dynamic) {
        guard case .string(let text) = value else { return nil }
        self = text
    }
    public var rhaiValue: Dynamic { .string(self) }
}

extension Unicode.Scalar: RhaiConvertible {
    public static var rhaiTypeName: String { "char" }
    public init?(rhai value: Dynamic) {
        guard case .char(let character) = value else { return nil }
        self = character
    }
    public var rhaiValue: Dynamic { .char(self) }
}

extension Array: RhaiConvertible where Element == Dynamic {
    public static var rhaiTypeName: String { "array" }
    public init?(rhai value: Dynamic) {
        guard case .array(let items) = value else { return nil }
        self = items
    }
    public var rhaiValue: Dynamic { .array(self) }
}

extension Dictionary: RhaiConvertible where Key == String, Value == Dynamic {
    public static var rhaiTypeName: String { "map" }
    public init?(rhai value: Dynamic) {
        guard case .map(let map) = value else { return nil }
        self = map
    }
    public var rhaiValue: Dynamic { .map(self) }
}

extension FnPtr: RhaiConvertible {
    public static var rhaiTypeName: String { "Fn" }
    public convenience init?(rhai value: Dynamic) {
        guard case .fnPtr(let pointer) = value else { return nil }
        self.init(name: pointer.name, curried: pointer.curried, function: pointer.function,
                  captures: pointer.captures, library: pointer.library)
    }
    public var rhaiValue: Dynamic { .fnPtr(self) }
}

extension ParameterType {
    init(rhaiTypeName: String) {
        switch rhaiTypeName {
        case "()": self = .unit
        case "bool": self = .bool
        case "i64": self = .int
        case "f64": self = .float
        case "char": self = .char
        case "string": self = .string
        case "array": self = .array
        case "map": self = .map
        case "Fn": self = .fnPtr
        case "range": self = .range
        case "range=": self = .inclusiveRange
        case "timestamp": self = .timestamp
        case "blob": self = .blob
        default: self = .any
        }
    }
}
