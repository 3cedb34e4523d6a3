extension NativeCall {
    /// `a == b` as the array functions ask for it (`contains`, `index_of`, `dedup`): the
    /// operators' `==` (floats within Rust's tolerance, containers item by item); values of
    /// different types without one are unequal, values of one type without one an error.
    func elementsEqual(_ a: Dynamic, _ b: Dynamic) throws(Interrupt) -> Bool {
        switch Operators.itemsEqual(a, b) {
        case .success(let equal): return equal
        case .failure(let error): throw .error(error.positioned(position))
        }
    }
}
