/// Registration of Swift functions, callable from scripts as `f(x)` or `x.f()`.
/// Overloads by parameter types and arity; the newest registration wins on a tie.
/// A registered function throws (`RhaiError.runtime("…")` or any Error) to fail the script.
extension Engine {
    public func register<R: RhaiConvertible>(_ name: String, _ function: @escaping () throws -> R) {
        registerNative(name, []) { _ in try function().rhaiValue }
    }

    public func register<A: RhaiConvertible, R: RhaiConvertible>(_ name: String, _ function: @escaping (A) throws -> R) {
        registerNative(name, [ParameterType(rhaiTypeName: A.rhaiTypeName)]) { call in
            try function(A(rhai: call[0])!).rhaiValue
        }
    }

    public func register<A: RhaiConvertible, B: RhaiConvertible, R: RhaiConvertible>(
        _ name: String, _ function: @escaping (A, B) throws -> R
    ) {
        registerNative(name, [ParameterType(rhaiTypeName: A.rhaiTypeName), ParameterType(rhaiTypeName: B.rhaiTypeName)]) { call in
            try function(A(rhai: call[0])!, B(rhai: call[1])!).rhaiValue
        }
    }

    public func register<A: RhaiConvertible, B: RhaiConvertible, C: RhaiConvertible, R: RhaiConvertible>(
        _ name: String, _ function: @escaping (A, B, C) throws -> R
    ) {
        let types = [A.rhaiTypeName, B.rhaiTypeName, C.rhaiTypeName].map(ParameterType.init(rhaiTypeName:))
        registerNative(name, types) { call in
            try function(A(rhai: call[0])!, B(rhai: call[1])!, C(rhai: call[2])!).rhaiValue
        }
    }

    public func register<A: RhaiConvertible, B: RhaiConvertible, C: RhaiConvertible, D: RhaiConvertible, R: RhaiConvertible>(
        _ name: String, _ function: @escaping (A, B, C, D) throws -> R
    ) {
        let types = [A.rhaiTypeName, B.rhaiTypeName, C.rhaiTypeName, D.rhaiTypeName].map(ParameterType.init(rhaiTypeName:))
        registerNative(name, types) { call in
            try function(A(rhai: call[0])!, B(rhai: call[1])!, C(rhai: call[2])!, D(rhai: call[3])!).rhaiValue
        }
    }

    public func register(_ name: String, _ function: @escaping () throws -> Void) {
        registerNative(name, []) { _ in
            try function()
            return .unit
        }
    }

    public func register<A: RhaiConvertible>(_ name: String, _ function: @escaping (A) throws -> Void) {
        registerNative(name, [ParameterType(rhaiTypeName: A.rhaiTypeName)]) { call in
            try function(A(rhai: call[0])!)
            return .unit
        }
    }

    public func register<A: RhaiConvertible, B: RhaiConvertible>(_ name: String, _ function: @escaping (A, B) throws -> Void) {
        registerNative(name, [ParameterType(rhaiTypeName: A.rhaiTypeName), ParameterType(rhaiTypeName: B.rhaiTypeName)]) { call in
            try function(A(rhai: call[0])!, B(rhai: call[1])!)
            return .unit
        }
    }

    /// Registers a function taking any number of values of the given Rhai types
    /// ("?" accepts any value), receiving them as an array.
    public func registerRaw(_ name: String, parameterTypes: [String], _ function: @escaping ([Dynamic]) throws -> Dynamic) {
        registerNative(name, parameterTypes.map(ParameterType.init(rhaiTypeName:))) { call in
            try function(call.arguments)
        }
    }
}
