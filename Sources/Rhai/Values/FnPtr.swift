/// A Rhai function pointer: a function name, curried arguments, and — for closures and
/// anonymous functions — the compiled function and its shared captured variables.
public final class FnPtr: Hashable {
    /// The function name (`anon$N` for anonymous functions).
    public let name: String
    /// Arguments bound by `curry`, passed before the call's own arguments.
    public let curried: [Dynamic]
    /// The compiled function for anonymous functions and closures.
    let function: ScriptFunction?
    /// Shared variables captured by a closure, in the order of `function.captures`.
    let captures: [SharedCell]
    /// The function table the pointer was created in (for calling by name later).
    let library: FunctionLibrary?

    public convenience init(name: String, curried: [Dynamic] = []) {
        self.init(name: name, curried: curried, function: nil, captures: [], library: nil)
    }

    init(name: String, curried: [Dynamic], function: ScriptFunction?, captures: [SharedCell], library: FunctionLibrary?) {
        self.name = name
        self.curried = curried
        self.function = function
        self.captures = captures
        self.library = library
    }

    /// A copy with more curried arguments.
    func currying(_ extra: [Dynamic]) -> FnPtr {
        FnPtr(name: name, curried: curried + extra, function: function, captures: captures, library: library)
    }

    /// Whether the pointer refers to an anonymous function or closure.
    var isAnonymous: Bool { function != nil }

    public static func == (lhs: FnPtr, rhs: FnPtr) -> Bool {
        lhs === rhs || (lhs.name == rhs.name && lhs.curried == rhs.curried && lhs.function === rhs.function)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(curried.count)
    }
}

/// A variable shared between a scope and the closures that captured it.
final class SharedCell {
    var value: Dynamic
    /// Set once a closure has captured the cell (what `is_shared` reports).
    var isCaptured = false
    /// Set while a method runs on the variable: reading it then is a data race.
    var isLocked = false
    init(_ value: Dynamic) { self.value = value }
}
