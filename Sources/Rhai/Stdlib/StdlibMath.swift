#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numeric functions: arithmetic.rs (`abs`, `sign`, `is_zero`, …), logic.rs (`min`, `max`) and
/// math_basic.rs (the float functions, which take FLOAT only: `sqrt(4)` is not found).
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
            if value.isNaN { throw RhaiError.arithmetic("Sign of NaN is undefined", call.position) }
            return .int(value > 0 ? 1 : value < 0 ? -1 : 0)
        }
        add("is_zero", [.int]) { call in .bool(call.int(0) == 0) }
        add("is_zero", [.float]) { call in .bool(call.float(0) == 0) }
        add("is_odd", [.int]) { call in .bool(call.int(0) & 1 == 1) }
        add("is_even", [.int]) { call in .bool(call.int(0) & 1 == 0) }

        // logic.rs: `if x >= y { x } else { y }` (so a NaN on the left gives the right side).
        add("max", [.int, .int]) { call in .int(Swift.max(call.int(0), call.int(1))) }
        add("min", [.int, .int]) { call in .int(Swift.min(call.int(0), call.int(1))) }
        for pair in [[ParameterType.float, .float], [.int, .float], [.float, .int]] {
            add("max", pair) { call in
                let (x, y) = (call.float(0), call.float(1))
                return .float(x >= y ? x : y)
            }
            add("min", pair) { call in
                let (x, y) = (call.float(0), call.float(1))
                return .float(x <= y ? x : y)
            }
        }

        let unary: [(String, (Double) -> Double)] = [
            ("sqrt", { $0.squareRoot() }), ("exp", { Glibc.exp($0) }), ("ln", { Glibc.log($0) }), ("log", { Glibc.log10($0) }),
            ("sin", { Glibc.sin($0) }), ("cos", { Glibc.cos($0) }), ("tan", { Glibc.tan($0) }),
            ("asin", { Glibc.asin($0) }), ("acos", { Glibc.acos($0) }), ("atan", { Glibc.atan($0) }),
            ("sinh", { Glibc.sinh($0) }), ("cosh", { Glibc.cosh($0) }), ("tanh", { Glibc.tanh($0) }),
            ("asinh", rustAsinh), ("acosh", rustAcosh), ("atanh", rustAtanh),
            ("floor", { $0.rounded(.down) }), ("ceiling", { $0.rounded(.up) }),
            ("round", { $0.rounded(.toNearestOrAwayFromZero) }), ("int", { $0.rounded(.towardZero) }),
            ("fraction", { $0 - $0.rounded(.towardZero) }),
            // Rust's `f64::to_degrees` multiplies by this constant; `to_radians` by PI / 180.
            ("to_degrees", { $0 * 57.2957795130823208767981548141051703 }), ("to_radians", { $0 * (Double.pi / 180) }),
        ]
        for (name, function) in unary {
            add(name, [.float]) { call in .float(function(call.float(0))) }
        }
        add("log", [.float, .float]) { call in .float(Glibc.log(call.float(0)) / Glibc.log(call.float(1))) }
        add("atan", [.float, .float]) { call in .float(Glibc.atan2(call.float(0), call.float(1))) }
        add("hypot", [.float, .float]) { call in .float(Glibc.hypot(call.float(0), call.float(1))) }
        add("is_nan", [.float]) { call in .bool(call.float(0).isNaN) }
        add("is_finite", [.float]) { call in .bool(call.float(0).isFinite) }
        add("is_infinite", [.float]) { call in .bool(call.float(0).isInfinite) }
        add("PI", []) { _ in .float(Double.pi) }
        add("E", []) { _ in .float(M_E) }
    }
}

/// Rust's `f64::asinh` (std computes it itself rather than calling libm).
private func rustAsinh(_ x: Double) -> Double {
    let ax = Swift.abs(x)
    let ix = 1 / ax
    return Double(signOf: x, magnitudeOf: Glibc.log1p(ax + ax / (Glibc.hypot(1, ix) + ix)))
}

/// Rust's `f64::acosh`.
private func rustAcosh(_ x: Double) -> Double {
    x < 1 ? .nan : Glibc.log(x + (x - 1).squareRoot() * (x + 1).squareRoot())
}

/// Rust's `f64::atanh`.
private func rustAtanh(_ x: Double) -> Double {
    0.5 * Glibc.log1p((2 * x) / (1 - x))
}
