/// How native functions call the function pointers they are given (Rust's `FnPtr::call_raw`
/// and `FnPtr::call_raw_with_extra_args`, used by `map`, `filter`, `reduce`, `sort`, …).
extension NativeCall {
    /// Rust's `FnPtr::call_raw`: calls `pointer` with exactly `arguments` (after its curried
    /// ones). With an `object`, a script function gets it as `this` and a native function as
    /// its first argument; changes the function makes to it are kept.
    func callRaw(_ pointer: FnPtr, this object: inout Dynamic?, _ arguments: [Dynamic]) throws(Interrupt) -> Dynamic {
        if let function = pointer.function, function.arity != pointer.curried.count + arguments.count {
            // Rust then looks the anonymous function up by name, where no overload has this arity.
            let all = (object.map { [$0] } ?? []) + pointer.curried + arguments
            throw .error(.functionNotFound(callSignature(pointer.name, all), position))
        }
        guard var value = object else { return try runtime.callFunctionPointer(pointer, arguments, position) }
        defer { object = value }
        return try runtime.callFunctionPointer(pointer, arguments, this: &value, bindThis: true, position)
    }

    /// `callRaw` without a `this` object.
    func callRaw(_ pointer: FnPtr, _ arguments: [Dynamic]) throws(Interrupt) -> Dynamic {
        var none: Dynamic? = nil
        return try callRaw(pointer, this: &none, arguments)
    }

    /// Rust's `FnPtr::call_raw_with_extra_args`: calls `pointer` with `arguments` and, if it takes
    /// one more, the `extra` one (such as an element's index). With `moveThisTo`, the `object`
    /// may also be passed as an argument at that position instead of as `this`. Closures are
    /// matched by arity; functions named by the pointer are tried in turn (`object` as `this`,
    /// then as an argument, then with the extra argument), and an error then reads
    /// "… in call to function 'caller'".
    func callWithExtra(_ caller: String, _ pointer: FnPtr, this object: inout Dynamic?, _ arguments: [Dynamic],
                        extra: Dynamic?, moveThisTo: Int?) throws(Interrupt) -> Dynamic {
        let extraCount = extra == nil ? 0 : 1
        func withExtra(_ values: [Dynamic]) -> [Dynamic] { extra.map { values + [$0] } ?? values }
        let curried = pointer.curried.count
        if let function = pointer.function {
            let arity = function.arity
            if arity == arguments.count + curried { return try callRaw(pointer, this: &object, arguments) }
            if let index = moveThisTo, let value = object {
                if arity == arguments.count + 1 + curried {
                    return try callRaw(pointer, inserting(value, at: index, into: arguments))
                }
                if arity == arguments.count + extraCount + 1 + curried {
                    return try callRaw(pointer, withExtra(inserting(value, at: index, into: arguments)))
                }
            }
            if arity == arguments.count + extraCount + curried {
                return try callRaw(pointer, this: &object, withExtra(arguments))
            }
        }
        do {
            if let result = try unlessNotFound(pointer, { () throws(Interrupt) in try callRaw(pointer, this: &object, arguments) }) {
                return result
            }
            if let index = moveThisTo, let value = object {
                let moved = inserting(value, at: index, into: arguments)
                if let result = try unlessNotFound(pointer, { () throws(Interrupt) in try callRaw(pointer, moved) }) {
                    return result
                }
                return try callRaw(pointer, withExtra(moved))
            }
            return try callRaw(pointer, this: &object, withExtra(arguments))
        } catch {
            throw wrapped(error, inCallTo: caller)
        }
    }

    /// The result of `body`, or nil when it fails with "Function not found" for the pointer's
    /// own name (Rust retries the call with other arguments then).
    private func unlessNotFound(_ pointer: FnPtr, _ body: () throws(Interrupt) -> Dynamic) throws(Interrupt) -> Dynamic? {
        do {
            return try body()
        } catch .error(let error) where error.isFunctionNotFound(startingWith: pointer.name) {
            return nil
        }
    }

    /// An error from a callback as it leaves the native function `caller`.
    private func wrapped(_ interrupt: Interrupt, inCallTo caller: String) -> Interrupt {
        switch interrupt {
        case .error(let error):
            return .error(error.raised(inFunction: caller, source: runtime.source, at: .none))
        case .exit:
            // Rust wraps the exit like an error here: the script stops with "NOT AN ERROR - exit value".
            return .error(interrupt.asError.positioned(position).raised(inFunction: caller, source: runtime.source, at: .none))
        default:
            return interrupt
        }
    }

    /// A function pointer for a function named by a string (Rust's `FnPtr::new`), as the
    /// functions taking a callback's name (`filter("is_odd")`) make it.
    func functionPointer(named name: String) throws(Interrupt) -> FnPtr {
        do {
            return try FnPtr.named(name, library: runtime.library)
        } catch {
            throw .error(error.positioned(position))
        }
    }
}

private func inserting(_ value: Dynamic, at index: Int, into arguments: [Dynamic]) -> [Dynamic] {
    var result = arguments
    result.insert(value, at: index)
    return result
}

extension RhaiError {
    /// Whether this is "Function not found" for a signature beginning with `name`.
    func isFunctionNotFound(startingWith name: String) -> Bool {
        guard kind == .functionNotFound, case .string(let signature)? = fields.first(where: { $0.0 == "function" })?.1 else {
            return false
        }
        return signature.hasPrefix(name)
    }
}
