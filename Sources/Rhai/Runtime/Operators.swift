#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binary operators with Rhai's semantics: checked integer arithmetic, INT/FLOAT mixing,
/// string concatenation, container operators, and cross-type comparisons that are false.
enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
    case shiftLeft = "<<", shiftRight = ">>", bitAnd = "&", bitOr = "|", bitXor = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

enum Operators {
    /// Integer arithmetic, checked like Rhai's.
    @inline(__always)
    static func integer(_ op: BinaryOperator, _ a: Int64, _ b: Int64) -> Result<Dynamic, RhaiError> {
        switch op {
        case .add:
            let (value, overflow) = a.addingReportingOverflow(b)
            return overflow ? .failure(.arithmetic("Addition overflow: \(a) + \(b)")) : .success(.int(value))
        case .subtract:
            let (value, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? .failure(.arithmetic("Subtraction overflow: \(a) - \(b)")) : .success(.int(value))
        case .multiply:
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .failure(.arithmetic("Multiplication overflow: \(a) * \(b)")) : .success(.int(value))
        case .divide:
            if b == 0 { return .failure(.arithmetic("Division by zero: \(a) / \(b)")) }
            let (value, overflow) = a.dividedReportingOverflow(by: b)
            return overflow ? .failure(.arithmetic("Division overflow: \(a) / \(b)")) : .success(.int(value))
        case .modulo:
            let (value, overflow) = b == 0 ? (0, true) : a.remainderReportingOverflow(dividingBy: b)
            return overflow ? .failure(.arithmetic("Modulo division by zero or overflow: \(a) % \(b)")) : .success(.int(value))
        case .power:
            if b > Int64(UInt32.max) { return .failure(.arithmetic("Exponential overflow: \(a) ** \(b)")) }
            if b < 0 { return .failure(.arithmetic("Integer raised to a negative power: \(a) ** \(b)")) }
            var result: Int64 = 1
            var base = a
            var exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (value, overflow) = result.multipliedReportingOverflow(by: base)
                    if overflow { return .failure(.arithmetic("Exponential overflow: \(a) ** \(b)")) }
                    result = value
                }
                exponent >>= 1
                if exponent > 0 {
                    let (value, overflow) = base.multipliedReportingOverflow(by: base)
                    if overflow { return .failure(.arithmetic("Exponential overflow: \(a) ** \(b)")) }
                    base = value
                }
            }
            return .success(.int(result))
        case .shiftLeft: return .success(.int(shiftLeft(a, b)))
        case .shiftRight: return .success(.int(shiftRight(a, b)))
        case .bitAnd: return .success(.int(a & b))
        case .bitOr: return .success(.int(a | b))
        case .bitXor: return .success(.int(a ^ b))
        case .equal: return .success(.bool(a == b))
        case .notEqual: return .success(.bool(a != b))
        case .less: return .success(.bool(a < b))
        case .lessEqual: return .success(.bool(a <= b))
        case .greater: return .success(.bool(a > b))
        case .greaterEqual: return .success(.bool(a >= b))
        }
    }

    /// `a << b` as Rhai's checked `shift_left`: a negative amount shifts right, 64 or more
    /// bits give 0 (arithmetic.rs).
    static func shiftLeft(_ a: Int64, _ b: Int64) -> Int64 {
        if b < 0 { return shiftRight(a, b == .min ? .max : -b) }
        return b >= 64 ? 0 : a << b
    }

    /// `a >> b` as Rhai's checked `shift_right`: a negative amount shifts left, 64 or more
    /// bits give the sign (-1 or 0).
    static func shiftRight(_ a: Int64, _ b: Int64) -> Int64 {
        if b < 0 { return shiftLeft(a, b == .min ? .max : -b) }
        return a >> Swift.min(b, 63)
    }

    /// Float arithmetic (IEEE, unchecked) and comparisons with Rhai's tolerance.
    @inline(__always)
    static func float(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Dynamic? {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide: return .float(a / b)
        case .modulo: return .float(a.truncatingRemainder(dividingBy: b))
        case .power: return .float(pow(a, b))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .bool(compareFloats(op, a, b))
        default: return nil
        }
    }

    /// Rhai's float comparison (builtin.rs `impl_float`, checked build): the difference is
    /// measured relative to the larger magnitude (or absolutely when either side is zero)
    /// against `f64::EPSILON`, so `0.1 + 0.2 == 0.3` and `0 == 1e-16` hold, `0 < 1e-16` does
    /// not, and NaN or infinities make `==` and `!=` both false. Rust's `f64::max` ignores a
    /// NaN, so `0.0 == NaN` is true in v1.25.0; followed as is.
    static func compareFloats(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Bool {
        let scale = x * y == 0 ? 1 : Double.maximum(Swift.abs(x), Swift.abs(y))
        if scale == 0 { return op == .equal || op == .lessEqual || op == .greaterEqual }
        let epsilon = Double.ulpOfOne
        switch op {
        case .equal: return Swift.abs(x - y) / scale <= epsilon
        case .notEqual: return Swift.abs(x - y) / scale > epsilon
        case .greater: return (x - y) / scale > epsilon
        case .greaterEqual: return (x - y) / scale > -epsilon
        case .less: return (y - x) / scale > epsilon
        case .lessEqual: return (y - x) / scale > -epsilon
        default: return false
        }
    }

    /// The built-in meaning of `lhs op rhs` (builtin.rs `get_builtin_binary_op_fn`, plus the
    /// array, map and timestamp operators of the standard packages), or nil when none applies.
    /// Arithmetic errors carry no position, as Rust's built-in operators report them.
    static func builtin(_ op: BinaryOperator, _ lhs: Dynamic, _ rhs: Dynamic) -> Result<Dynamic, RhaiError>? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return integer(op, a, b)
        case (.float(let a), .float(let b)):
            return float(op, a, b).map { .success($0) }
        case (.float(let a), .int(let b)):
            return float(op, a, Double(b)).map { .success($0) }
        case (.int(let a), .float(let b)):
            return float(op, Double(a), b).map { .success($0) }
        case (.bool(let a), .bool(let b)):
            switch op {
            case .bitAnd: return .success(.bool(a && b))
            case .bitOr: return .success(.bool(a || b))
            case .bitXor: return .success(.bool(a != b))
            default: return compare(op, a ? 1 : 0, b ? 1 : 0)
            }
        case (.string(let a), .string(let b)):
            switch op {
            case .add: return .success(.string(a + b))
            // ImmutableString's `-`: an empty left side gives the right side (sic, v1.25.0).
            case .subtract: return .success(.string(b.isEmpty ? a : a.isEmpty ? b : a.replacingAll(b, with: "")))
            default: return compare(op, a, b)
            }
        case (.char(let a), .char(let b)):
            if op == .add { return .success(.string(String(scalars: [a, b]))) }
            return compare(op, a, b)
        case (.string(let a), .char(let b)):
            switch op {
            case .add: return .success(.string(a + String(b)))
            case .subtract: return .success(.string(String(scalars: a.unicodeScalars.filter { $0 != b })))
            default: return compare(op, a, String(b))
            }
        case (.char(let a), .string(let b)):
            if op == .add { return .success(.string(String(a) + b)) }
            return compare(op, String(a), b)
        case (.string(let a), .blob(let b)) where op == .add:
            return .success(.string(a + String(decoding: b, as: UTF8.self)))
        case (.blob(let a), .string(let b)) where op == .add:
            return .success(.string(String(decoding: a, as: UTF8.self) + b))
        case (.string(let a), .unit) where op == .add:
            return .success(.string(a))
        case (.unit, .string(let b)) where op == .add:
            return .success(.string(b))
        case (.string(let a), _) where op == .add && rhs.tag != .unit:
            return .success(.string(a + rhs.description))
        case (_, .string(let b)) where op == .add && lhs.tag != .unit:
            return .success(.string(lhs.description + b))
        case (.array(let a), .array(let b)) where op == .add:
            return .success(.array(a + b))
        case (.map(let a), .map(let b)) where op == .add:
            return .success(.map(a.merging(b) { _, new in new }))
        case (.blob(let a), .blob(let b)) where op == .add:
            return .success(.blob(a + b))
        case (.blob(let a), .char(let b)):
            // builtin.rs has `+` for a blob and a char, and so (sic) no default comparisons.
            return op == .add ? .success(.blob(a + Array(String(b).utf8))) : nil
        case (.unit, .unit):
            switch op {
            case .equal: return .success(.bool(true))
            case .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .success(.bool(false))
            default: return nil
            }
        case (.timestamp(let a), .timestamp(let b)):
            switch op {
            case .subtract:
                return .success(.float((Double(a.nanoseconds) - Double(b.nanoseconds)) / 1e9))
            default: return compare(op, a, b)
            }
        case (.timestamp(let a), .int(let b)) where op == .add || op == .subtract:
            return timestampShift(op, a, Double(b))
        case (.timestamp(let a), .float(let b)) where op == .add || op == .subtract:
            return timestampShift(op, a, b)
        case (.range, .inclusiveRange), (.inclusiveRange, .range):
            // builtin.rs answers `!=` but, by a slip (`Equals` for `EqualsTo`), not `==`.
            return op == .notEqual ? .success(.bool(true)) : nil
        default:
            break
        }
        if op == .equal || op == .notEqual, lhs.tag == rhs.tag {
            return equality(lhs, rhs)?.map { .bool($0 == (op == .equal)) }
        }
        if lhs.tag != rhs.tag {
            // Different types compare unequal (builtin.rs: the default comparison operators).
            switch op {
            case .notEqual: return .success(.bool(true))
            case .equal, .less, .lessEqual, .greater, .greaterEqual: return .success(.bool(false))
            default: return nil
            }
        }
        return nil
    }

    /// `a == b` for two values of one type without a faster case above: blobs, ranges, and
    /// arrays and maps compared item by item with `==` (array_basic.rs / map_basic.rs
    /// `equals`); nil for function pointers, which have no `==`.
    static func equality(_ a: Dynamic, _ b: Dynamic) -> Result<Bool, RhaiError>? {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return .success(false) }
            for (item, other) in zip(x, y) {
                switch itemsEqual(item, other) {
                case .success(true): continue
                case .success(false): return .success(false)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(true)
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return .success(false) }
            for key in sortedKeys(x) {
                guard let item = x[key], let other = y[key] else { return .success(false) }
                switch equals(item, other) {
                case .success(true): continue
                case .success(false): return .success(false)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(true)
        case (.blob(let x), .blob(let y)): return .success(x == y)
        case (.range(let x0, let x1), .range(let y0, let y1)), (.inclusiveRange(let x0, let x1), .inclusiveRange(let y0, let y1)):
            return .success(x0 == y0 && x1 == y1)
        default:
            return nil
        }
    }

    /// Rhai's `==` as the standard functions call it (map equality): an error when the two
    /// values have no `==`.
    static func equals(_ a: Dynamic, _ b: Dynamic) -> Result<Bool, RhaiError> {
        if case .int(let x) = a, case .int(let y) = b { return .success(x == y) }
        switch builtin(.equal, a, b) {
        case .success(let value)?: return .success(value == .bool(true))
        case .failure(let error)?: return .failure(error)
        case nil: return .failure(.functionNotFound(callSignature("==", [a, b])))
        }
    }

    /// Rhai's `==` between array items and in `contains`/`index_of`: as `equals`, except that
    /// values of different types without `==` (a range and an inclusive range) are unequal.
    static func itemsEqual(_ a: Dynamic, _ b: Dynamic) -> Result<Bool, RhaiError> {
        let result = equals(a, b)
        if case .failure(let error) = result, error.kind == .functionNotFound, a.tag != b.tag { return .success(false) }
        return result
    }

    /// `a op b` for comparable values.
    private static func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Result<Dynamic, RhaiError>? {
        switch op {
        case .equal: return .success(.bool(a == b))
        case .notEqual: return .success(.bool(a != b))
        case .less: return .success(.bool(a < b))
        case .lessEqual: return .success(.bool(a <= b))
        case .greater: return .success(.bool(a > b))
        case .greaterEqual: return .success(.bool(a >= b))
        default: return nil
        }
    }

    /// `a op b` for strings, which Rust compares by their UTF-8 bytes.
    private static func compare(_ op: BinaryOperator, _ a: String, _ b: String) -> Result<Dynamic, RhaiError>? {
        guard op.isComparison else { return nil }
        return compare(op, a.compareBytes(b), 0)
    }

    private static func timestampShift(_ op: BinaryOperator, _ stamp: Timestamp, _ seconds: Double) -> Result<Dynamic, RhaiError>? {
        let nanoseconds = seconds * 1e9
        guard nanoseconds.isFinite, abs(nanoseconds) < 9.2e18 else {
            return .failure(.arithmetic("Timestamp overflow: \(op.rawValue) \(formatFloat(seconds)) seconds"))
        }
        let delta = Int64(nanoseconds)
        let base = Int64(bitPattern: stamp.nanoseconds)
        switch op {
        case .add: return .success(.timestamp(Timestamp(nanoseconds: UInt64(bitPattern: base &+ delta))))
        case .subtract: return .success(.timestamp(Timestamp(nanoseconds: UInt64(bitPattern: base &- delta))))
        default: return nil
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` as Rust's `str::replace` does, matching UTF-8
    /// bytes (Swift's own matching compares grapheme clusters); no-op for an empty target.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        let bytes = Array(utf8), pattern = Array(target.utf8)
        guard bytes.count >= pattern.count else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0] && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                result += replacement.utf8
                index += pattern.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        result += bytes[index...]
        return String(decoding: result, as: UTF8.self)
    }

    /// Rust's ordering of strings, by UTF-8 bytes (-1, 0 or 1); Swift's `<` and `==` use
    /// canonical equivalence instead.
    func compareBytes(_ other: String) -> Int {
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 ? -1 : 1 }
                }
                return x.count == y.count ? 0 : x.count < y.count ? -1 : 1
            }
        }
    }
}
