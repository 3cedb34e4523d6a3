#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numeric functions: integer and float helpers, rounding, trigonometry, logarithms.
extension StandardLibrary {
    func registerMath() {
        add("abs", [.int]) { call in
            let value = call.int(0)
            guard value != .min else { throw RhaiError.arithmetic("Negation overflow: -\(value)", call.position) }
            return .int(Swift.abs(value))
        }
        add("abs", [.float]) { call in .float(Swift.abs(call.float(0))) }
        add("sign", [.int]) { call in .int(call.int(0).signum()) }
        add("sign", [.float]) { call in
            let value = call.float(0)
            return .int(value > 0 ? 1 : value < 0 ? -1 : 0)
        }
        add("is_zero", [.int]) { call in .bool(call.int(0) == 0) }
        add("is_zero", [.float]) { call in .bool(call.float(0) == 0) }
        add("is_odd", [.int]) { call in .bool(call.int(0) & 1 == 1) }
        add("is_even", [.int]) { call in .bool(call.int(0) & 1 == 0) }
        for (name, pick) in [("min", { (a: Int64, b: Int64) in Swift.min(a, b) }), ("max", { (a: Int64, b: Int64) in Swift.max(a, b) })] {
            add(name, [.int, .int]) { call in .int(pick(call.int(0), call.int(1))) }
        }
        for (name, pick) in [("min", { (a: Double, b: Double) in Swift.min(a, b) }), ("max", { (a: Double, b: Double) in Swift.max(a, b) })] {
            add(name, [.float, .float]) { call in .float(pick(call.float(0), call.float(1))) }
            add(name, [.int, .float]) { call in .float(pick(call.float(0), call.float(1))) }
            add(name, [.float, .int]) { call in .float(pick(call.float(0), call.float(1))) }
        }

        let unary: [(String, (Double) -> Double)] = [
            ("sqrt", { $0.squareRoot() }), ("exp", { Glibc.exp($0) }), ("ln", { Glibc.log($0) }), ("log", { Glibc.log10($0) }),
            ("sin", { Glibc.sin($0) }), ("cos", { Glibc.cos($0) }), ("tan", { Glibc.tan($0) }),
            ("asin", { Glibc.asin($0) }), ("acos", { Glibc.acos($0) }), ("atan", { Glibc.atan($0) }),
            ("sinh", { Glibc.sinh($0) }), ("cosh", { Glibc.cosh($0) }), ("tanh", { Glibc.tanh($0) }),
            ("asinh", { Glibc.asinh($0) }), ("acosh", { Glibc.acosh($0) }), ("atanh", { Glibc.atanh($0) }),
            ("floor", { $0.rounded(.down) }), ("ceiling", { $0.rounded(.up) }),
            ("round", { $0.rounded(.toNearestOrAwayFromZero) }), ("int", { $0.rounded(.towardZero) }),
            ("fraction", { $0 - $0.rounded(.towardZero) }),
            ("to_degrees", { $0 * 180 / Double.pi }), ("to_radians", { $0 * Double.pi / 180 }),
        ]
        for (name, function) in unary {
            add(name, [.float]) { call in .float(function(call.float(0))) }
            add(name, [.int]) { call in .float(function(call.float(0))) }
        }
        add("log", [.float, .float]) { call in .float(Glibc.log(call.float(0)) / Glibc.log(call.float(1))) }
        add("log", [.int, .int]) { call in .float(Glibc.log(call.float(0)) / Glibc.log(call.float(1))) }
        add("atan", [.float, .float]) { call in .float(Glibc.atan2(call.float(0), call.float(1))) }
        add("hypot", [.float, .float]) { call in .float(Glibc.hypot(call.float(0), call.float(1))) }
        add("is_nan", [.float]) { call in .bool(call.float(0).isNaN) }
        add("is_finite", [.float]) { call in .bool(call.float(0).isFinite) }
        add("is_infinite", [.float]) { call in .bool(call.float(0).isInfinite) }
        add("PI", []) { _ in .float(Double.pi) }
        add("E", []) { _ in .float(M_E) }
        add("round", [.float, .int]) { call in
            let scale = Glibc.pow(10, Double(call.int(1)))
            return .float((call.float(0) * scale).rounded(.toNearestOrAwayFromZero) / scale)
        }
    }
}
