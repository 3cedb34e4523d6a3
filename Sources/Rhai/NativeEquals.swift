extension NativeCall {
    /// `a == b` as native functions ask for it (Rust's `call_native_fn_raw("==", …)`): the
    /// built-in or registered `==`; nil when there is none for the two types. A result that is
    /// not a boolean counts as false.
    func nativeEquals(_ a: Dynamic, _ b: Dynamic) throws(Interrupt) -> Bool? {
        if let result = Operators.builtin(.equal, a, b) {
            switch result {
            case .success(let value): return value.asBool ?? false
            case .failure(let error): throw .error(error.positioned(position))
            }
        }
        guard let value = try runtime.callNativeIfExists("==", [a, b], position) else { return nil }
        return value.asBool ?? false
    }

    /// Element equality for `contains`, `index_of` and array `==`: values of different types
    /// without an `==` are unequal; values of one type without an `==` are an error.
    func elementsEqual(_ a: Dynamic, _ b: Dynamic) throws(Interrupt) -> Bool {
        if let equal = try nativeEquals(a, b) { return equal }
        if a.typeName == b.typeName { throw .error(.functionNotFound(callSignature("==", [a, b]), position)) }
        return false
    }
}
