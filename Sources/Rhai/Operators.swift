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
            if b == 0 { return .failure(.arithmetic("Modulo division by zero: \(a) % \(b)")) }
            let (value, overflow) = a.remainderReportingOverflow(dividingBy: b)
            return overflow ? .failure(.arithmetic("Modulo division overflow: \(a) % \(b)")) : .success(.int(value))
        case .power:
            if b < 0 { return .failure(.arithmetic("Integer raised to a negative index: \(a) ** \(b)")) }
            if b > Int64(UInt32.max) { return .failure(.arithmetic("Integer raised to too large an index: \(a) ** \(b)")) }
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
        case .shiftLeft, .shiftRight:
            // A negative shift amount shifts the other way, as in Rhai.
            let leftward = (op == .shiftLeft) == (b >= 0)
            let amount = b.magnitude
            if amount >= 64 {
                let symbol = op.rawValue
                return .failure(.arithmetic("\(leftward ? "Left" : "Right")-shift by too many bits: \(a) \(symbol) \(b)"))
            }
            return .success(.int(leftward ? a << Int64(amount) : a >> Int64(amount)))
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

    /// Float arithmetic (IEEE, unchecked, as in Rhai).
    @inline(__always)
    static func float(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Dynamic? {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide: return .float(a / b)
        case .modulo: return .float(a.truncatingRemainder(dividingBy: b))
        case .power: return .float(pow(a, b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        default: return nil
        }
    }

    /// The built-in meaning of `lhs op rhs`, or nil when no built-in applies.
    static func builtin(_ op: BinaryOperator, _ lhs: Dynamic, _ rhs: Dynamic) -> Result<Dynamic, RhaiError>? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return integer(op, a, b)
        case (.float(let a), .float(let b)):
            return float(op, a, b).map { .success($0) }
        case (.float(let a), .int(let b)):
            if op == .power { return .success(.float(pow(a, Double(b)))) }
            return float(op, a, Double(b)).map { .success($0) }
        case (.int(let a), .float(let b)):
            return float(op, Double(a), b).map { .success($0) }
        case (.bool(let a), .bool(let b)):
            switch op {
            case .equal: return .success(.bool(a == b))
            case .notEqual: return .success(.bool(a != b))
            case .bitAnd: return .success(.bool(a && b))
            case .bitOr: return .success(.bool(a || b))
            case .bitXor: return .success(.bool(a != b))
            case .less: return .success(.bool(!a && b))
            case .lessEqual: return .success(.bool(!a || b))
            case .greater: return .success(.bool(a && !b))
            case .greaterEqual: return .success(.bool(a || !b))
            default: return nil
            }
        case (.string(let a), .string(let b)):
            switch op {
            case .add: return .success(.string(a + b))
            case .subtract: return .success(.string(a.replacingAll(b, with: "")))
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
            // A BLOB joins a string as UTF-8 text (string_more.rs).
            return .success(.string(a + String(decoding: b, as: UTF8.self)))
        case (.blob(let a), .string(let b)) where op == .add:
            return .success(.string(String(decoding: a, as: UTF8.self) + b))
        case (.string(let a), _) where op == .add:
            return .success(.string(rhs == .unit ? a : a + rhs.description))
        case (_, .string(let b)) where op == .add:
            return .success(.string(lhs == .unit ? b : lhs.description + b))
        case (.array(let a), .array(let b)):
            // Array `==` compares elements with `==` (registered with the array functions).
            return op == .add ? .success(.array(a + b)) : nil
        case (.map(let a), .map(let b)):
            switch op {
            case .add: return .success(.map(a.merging(b) { _, new in new }))
            case .equal: return .success(.bool(a == b))
            case .notEqual: return .success(.bool(a != b))
            default: return nil
            }
        case (.blob(let a), .blob(let b)):
            switch op {
            case .add: return .success(.blob(a + b))
            case .equal: return .success(.bool(a == b))
            case .notEqual: return .success(.bool(a != b))
            default: return nil
            }
        case (.unit, .unit):
            switch op {
            case .equal, .lessEqual, .greaterEqual: return .success(.bool(true))
            case .notEqual, .less, .greater: return .success(.bool(false))
            default: return nil
            }
        case (.timestamp(let a), .timestamp(let b)):
            switch op {
            case .subtract:
                return .success(.float((Double(a.nanoseconds) - Double(b.nanoseconds)) / 1e9))
            default: return compare(op, a, b)
            }
        case (.timestamp(let a), .int(let b)):
            return timestampShift(op, a, Double(b))
        case (.timestamp(let a), .float(let b)):
            return timestampShift(op, a, b)
        case (.range, .range), (.inclusiveRange, .inclusiveRange), (.fnPtr, .fnPtr):
            switch op {
            case .equal: return .success(.bool(lhs == rhs))
            case .notEqual: return .success(.bool(lhs != rhs))
            default: return nil
            }
        default:
            return nil
        }
    }

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
    /// Replaces every occurrence of `target` (no-op for an empty target).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return replacing(target, with: replacement)
    }
}
