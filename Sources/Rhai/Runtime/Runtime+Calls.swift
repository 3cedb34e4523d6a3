/// Function calls: script functions (with frames, `this` and captures), native functions
/// (overloads by type), function pointers and calls by name.
extension Runtime {
    /// Calls the first native overload that accepts the arguments; nil when none does.
    /// The first argument is moved into the call and moved back, so in-place changes stick.
    @inline(__always)
    func dispatchNative(_ overloads: [NativeFunction], _ arguments: inout [Dynamic], _ position: Position) throws(Interrupt) -> Dynamic? {
        // By index: the overload is borrowed from the array, not copied (no reference counting).
        for index in overloads.indices where overloads[index].accepts(arguments) {
            var call = NativeCall(arguments: [], runtime: self, position: position)
            swap(&call.arguments, &arguments)
            defer { swap(&call.arguments, &arguments) }
            let result: Dynamic
            do {
                result = try overloads[index].body(&call)
            } catch {
                throw Interrupt.from(error, at: position)
            }
            try checkSize(result, position)
            // As Rust checks a `&mut` first argument after the call: in-place growth counts too.
            if checksSizes && !call.arguments.isEmpty { try checkGrowth(call.arguments[0], adding: call.addedBytes, position) }
            return result
        }
        return nil
    }

    /// Calls a native function by name if one accepts the arguments.
    func callNativeIfExists(_ name: String, _ arguments: [Dynamic], _ position: Position) throws(Interrupt) -> Dynamic? {
        var arguments = arguments
        return try dispatchNative(engine.nativeOverloads(name), &arguments, position)
    }

    /// Calls a native function by name; "Function not found" when none accepts the arguments.
    func callNative(_ name: String, _ arguments: [Dynamic], _ position: Position) throws(Interrupt) -> Dynamic {
        if let result = try callNativeIfExists(name, arguments, position) { return result }
        throw .error(.functionNotFound(callSignature(name, arguments), position))
    }

    /// Runs a script function with evaluated arguments.
    func invoke(_ function: ScriptFunction, _ arguments: [Dynamic], captures: [SharedCell] = [],
                this: inout Dynamic, bindThis: Bool, _ position: Position) throws(Interrupt) -> Dynamic {
        guard arguments.count == function.arity else {
            throw .error(.functionNotFound(callSignature(function.name, arguments), position))
        }
        try tick(position)
        try enterCall(position)
        let (newFrame, mark) = pushFrame(function.frameSize)
        defer {
            popFrame(newFrame, function.frameSize, mark)
            callDepth -= 1
        }
        for index in 0..<arguments.count { newFrame[index] = arguments[index] }
        return try runFunction(function, newFrame, captures: captures, this: &this, bindThis: bindThis, position)
    }

    /// Runs a script function whose frame is already filled with its arguments.
    @inline(__always)
    func runFunction(_ function: ScriptFunction, _ newFrame: UnsafeMutablePointer<Dynamic>, captures newCaptures: [SharedCell],
                     this: inout Dynamic, bindThis: Bool, _ position: Position) throws(Interrupt) -> Dynamic {
        let savedFrame = frame
        let savedCells = cells
        frame = newFrame
        if function.hasSharedVariables {
            let newCells = UnsafeMutablePointer<SharedCell?>.allocate(capacity: max(function.frameSize, 1))
            newCells.initialize(repeating: nil, count: max(function.frameSize, 1))
            for slot in function.sharedParameterSlots { newCells[slot] = SharedCell(newFrame[slot]) }
            cells = newCells
        } else {
            cells = nil
        }
        let switchesCaptures = function.captureCount > 0
        var savedCaptures: [SharedCell] = []
        if switchesCaptures {
            savedCaptures = captures
            captures = newCaptures
        }
        var savedThis = Dynamic.unit
        var savedHasThis = false
        if function.usesThis {
            savedThis = thisValue
            savedHasThis = hasThis
            hasThis = bindThis
            if bindThis {
                thisValue = this
                this = .unit
            } else {
                thisValue = .unit
            }
        }
        defer {
            if function.usesThis {
                if bindThis { this = thisValue }
                thisValue = savedThis
                hasThis = savedHasThis
            }
            if switchesCaptures { captures = savedCaptures }
            if let allocated = cells {
                allocated.deinitialize(count: max(function.frameSize, 1))
                allocated.deallocate()
            }
            cells = savedCells
            frame = savedFrame
        }
        do {
            return try function.bodyRef.eval(self)
        } catch {
            switch error {
            case .returnValue(let value): return value
            case .error(let failure): throw .error(failure.leavingFunction(function.name, source: source, at: position))
            default: throw error
            }
        }
    }

    /// Calls a function pointer (closure, anonymous function or named function).
    func callFunctionPointer(_ pointer: FnPtr, _ arguments: [Dynamic], this: inout Dynamic, bindThis: Bool,
                             _ position: Position) throws(Interrupt) -> Dynamic {
        let allArguments = pointer.curried.isEmpty ? arguments : pointer.curried + arguments
        let savedLibrary = library
        if let pointerLibrary = pointer.library { library = pointerLibrary }
        defer { library = savedLibrary }
        if let function = pointer.function {
            return try invoke(function, allArguments, captures: pointer.captures, this: &this, bindThis: bindThis, position)
        }
        return try callByName(pointer.name, allArguments, this: &this, bindThis: bindThis, position)
    }

    /// Calls a function pointer without a `this` object.
    func callFunctionPointer(_ pointer: FnPtr, _ arguments: [Dynamic], _ position: Position) throws(Interrupt) -> Dynamic {
        var none = Dynamic.unit
        return try callFunctionPointer(pointer, arguments, this: &none, bindThis: false, position)
    }

    /// Calls a script or native function by name (for function pointers and dynamic calls).
    func callByName(_ name: String, _ arguments: [Dynamic], this: inout Dynamic, bindThis: Bool,
                    _ position: Position) throws(Interrupt) -> Dynamic {
        if let function = library.lookup(name, arity: arguments.count) {
            return try invoke(function, arguments, this: &this, bindThis: bindThis, position)
        }
        if bindThis {
            var withObject = [this] + arguments
            if let result = try dispatchNative(engine.nativeOverloads(name), &withObject, position) {
                this = withObject[0]
                return result
            }
            throw .error(.functionNotFound(callSignature(name, withObject), position))
        }
        var mutableArguments = arguments
        if let result = try dispatchNative(engine.nativeOverloads(name), &mutableArguments, position) {
            return result
        }
        throw .error(.functionNotFound(callSignature(name, arguments), position))
    }
}
