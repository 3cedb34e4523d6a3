/// Array functions taking a callback or comparing elements (`map`, `filter`, `reduce`, `find`,
/// `contains`, `index_of`, …). A callback gets the element as `this` or as its first argument
/// and, if it takes one more, the index (see `NativeCall.callWithExtra`); changes it makes to
/// `this` change the array. Where Rust also accepts the callback's name as a string
/// (`filter("is_odd")`), so do these.
extension StandardLibrary {
    func registerArrayCallbacks() {
        for callback in [ParameterType.fnPtr, .string] {
            add("map", [.array, callback]) { call in
                let pointer = try call.callbackPointer(at: 1)
                return .array(try call.withElements { call, items throws(Interrupt) in
                    var results: [Dynamic] = []
                    results.reserveCapacity(items.count)
                    for index in items.indices { results.append(try call.callForElement("map", pointer, &items, index)) }
                    return results
                })
            }
            add("filter", [.array, callback]) { call in
                let pointer = try call.callbackPointer(at: 1)
                return .array(try call.withElements { call, items throws(Interrupt) in
                    var results: [Dynamic] = []
                    for index in items.indices where try call.testElement("filter", pointer, &items, index) {
                        results.append(items[index])
                    }
                    return results
                })
            }
            // `some` stops at the first `true`, `all` at the first `false`.
            for (name, decisive) in [("some", true), ("all", false)] {
                add(name, [.array, callback]) { call in
                    let pointer = try call.callbackPointer(at: 1)
                    return .bool(try call.withElements { call, items throws(Interrupt) in
                        for index in items.indices where try call.testElement(name, pointer, &items, index) == decisive {
                            return decisive
                        }
                        return !decisive
                    })
                }
            }
            for (name, keep) in [("drain", false), ("retain", true)] {
                add(name, [.array, callback]) { call in
                    let pointer = try call.callbackPointer(at: 1)
                    return .array(try call.withElements { call, items throws(Interrupt) in
                        try call.partition(name, pointer, &items, keep: keep)
                    })
                }
            }
            for (name, reversed) in [("reduce", false), ("reduce_rev", true)] {
                add(name, [.array, callback]) { call in try call.reduce(name, reversed: reversed, initial: .unit) }
                add(name, [.array, callback, .any]) { call in try call.reduce(name, reversed: reversed, initial: call[2]) }
            }
        }
        add("dedup", [.array]) { call in
            call[0] = .array(deduplicated(call.array(0)) { previous, item in (try? call.elementsEqual(previous, item)) ?? false })
            return .unit
        }
        for callback in [ParameterType.fnPtr, .string] {
            add("dedup", [.array, callback]) { call in
                let pointer = try call.callbackPointer(at: 1)
                call[0] = .array(deduplicated(call.array(0)) { previous, item in
                    (try? call.callRaw(pointer, [previous, item]))?.asBool ?? false
                })
                return .unit
            }
        }
        add("index_of", [.array, .fnPtr]) { call in .int(try call.indexOfMatch(call[1].asFnPtr!, from: 0)) }
        add("index_of", [.array, .fnPtr, .int]) { call in .int(try call.indexOfMatch(call[1].asFnPtr!, from: call.int(2))) }
        add("index_of", [.array, .string]) { call in .int(try call.indexOfName(call.string(1), from: 0)) }
        add("index_of", [.array, .string, .int]) { call in .int(try call.indexOfName(call.string(1), from: call.int(2))) }
        add("index_of", [.array, .any]) { call in .int(try call.indexOfValue(call[1], from: 0)) }
        add("index_of", [.array, .any, .int]) { call in .int(try call.indexOfValue(call[1], from: call.int(2))) }
        add("contains", [.array, .any]) { call in .bool(try call.indexOfValue(call[1], from: 0) >= 0) }
        add("find", [.array, .fnPtr]) { call in try call.find(from: 0) }
        add("find", [.array, .fnPtr, .int]) { call in try call.find(from: call.int(2)) }
        add("find_map", [.array, .fnPtr]) { call in try call.findMap(from: 0) }
        add("find_map", [.array, .fnPtr, .int]) { call in try call.findMap(from: call.int(2)) }
        add("for_each", [.array, .fnPtr]) { call in
            let pointer = call[1].asFnPtr!
            try call.withElements { call, items throws(Interrupt) in
                for index in items.indices { _ = try call.callForElement("for_each", pointer, &items, index, moveThisTo: nil) }
            }
            return .unit
        }
        add("zip", [.array, .array, .fnPtr]) { call in
            let pointer = call[2].asFnPtr!
            var results: [Dynamic] = []
            for (index, (a, b)) in zip(call.array(0), call.array(1)).enumerated() {
                var none: Dynamic? = nil
                results.append(try call.callWithExtra("zip", pointer, this: &none, [a, b], extra: .int(Int64(index)), moveThisTo: nil))
            }
            return .array(results)
        }
    }
}

extension NativeCall {
    /// Runs `body` on the array argument, taken out of the call so that callbacks can run while
    /// it changes; it is put back also when `body` fails.
    fileprivate mutating func withElements<R>(_ body: (NativeCall, inout [Dynamic]) throws(Interrupt) -> R) throws(Interrupt) -> R {
        var items = arguments[0].takeArray()
        defer { arguments[0] = .array(items) }
        return try body(self, &items)
    }

    /// The callback given at `index`: a function pointer, or a function's name.
    func callbackPointer(at index: Int) throws(Interrupt) -> FnPtr {
        if case .fnPtr(let pointer) = arguments[index] { return pointer }
        return try functionPointer(named: string(index))
    }

    /// Calls a callback of `caller` for the element at `index`: Rust passes the element as
    /// `this` (or as the argument at `moveThisTo`) and the index as the extra argument.
    fileprivate func callForElement(_ caller: String, _ pointer: FnPtr, _ items: inout [Dynamic], _ index: Int,
                                    _ arguments: [Dynamic] = [], moveThisTo: Int? = 0) throws(Interrupt) -> Dynamic {
        var element: Dynamic? = items[index]
        items[index] = .unit
        defer { items[index] = element ?? .unit }
        return try callWithExtra(caller, pointer, this: &element, arguments, extra: .int(Int64(index)), moveThisTo: moveThisTo)
    }

    /// A predicate callback for the element at `index`: anything but `true` counts as false.
    fileprivate func testElement(_ caller: String, _ pointer: FnPtr, _ items: inout [Dynamic], _ index: Int) throws(Interrupt) -> Bool {
        try callForElement(caller, pointer, &items, index).asBool ?? false
    }

    /// `drain`/`retain` with a predicate: removes the elements for which it is not `keep` and
    /// returns them. If the predicate fails, the elements it has not yet seen stay.
    fileprivate func partition(_ caller: String, _ pointer: FnPtr, _ items: inout [Dynamic], keep: Bool) throws(Interrupt) -> [Dynamic] {
        var kept: [Dynamic] = []
        var removed: [Dynamic] = []
        var index = 0
        defer { items = kept + items[index...] }
        while index < items.count {
            let matched = try testElement(caller, pointer, &items, index)
            if matched == keep { kept.append(items[index]) } else { removed.append(items[index]) }
            index += 1
        }
        return removed
    }

    fileprivate mutating func reduce(_ caller: String, reversed: Bool, initial: Dynamic) throws(Interrupt) -> Dynamic {
        let pointer = try callbackPointer(at: 1)
        return try withElements { call, items throws(Interrupt) in
            var result = initial
            for index in reversed ? Array(items.indices.reversed()) : Array(items.indices) {
                result = try call.callForElement(caller, pointer, &items, index, [result], moveThisTo: 1)
            }
            return result
        }
    }

    /// The index of the first element from `start` the predicate accepts, or -1.
    fileprivate mutating func indexOfMatch(_ pointer: FnPtr, from start: Int64) throws(Interrupt) -> Int64 {
        try withElements { call, items throws(Interrupt) in
            for index in offsetAndLength(items.count, start, 0).start..<items.count
            where try call.testElement("index_of", pointer, &items, index) {
                return Int64(index)
            }
            return -1
        }
    }

    /// `index_of("name")`: the predicate function of that name if there is one, else the
    /// index of the string "name".
    fileprivate mutating func indexOfName(_ name: String, from start: Int64) throws(Interrupt) -> Int64 {
        guard !array(0).isEmpty else { return -1 }
        if let pointer = try? FnPtr.named(name, library: runtime.library) {
            do {
                return try indexOfMatch(pointer, from: start)
            } catch .error(let error) where (error.inner ?? error).isFunctionNotFound(startingWith: name) {
                // No such predicate: look for the string.
            }
        }
        return try indexOfValue(.string(name), from: start)
    }

    /// The index of the first element from `start` that `==` the value, or -1.
    fileprivate func indexOfValue(_ value: Dynamic, from start: Int64) throws(Interrupt) -> Int64 {
        let items = array(0)
        for index in offsetAndLength(items.count, start, 0).start..<items.count where try elementsEqual(items[index], value) {
            return Int64(index)
        }
        return -1
    }

    fileprivate mutating func find(from start: Int64) throws(Interrupt) -> Dynamic {
        let index = try indexOfMatch(arguments[1].asFnPtr!, from: start)
        return index < 0 ? .unit : array(0)[Int(index)]
    }

    /// The first result of the callback from `start` that is not `()`.
    fileprivate mutating func findMap(from start: Int64) throws(Interrupt) -> Dynamic {
        let pointer = arguments[1].asFnPtr!
        return try withElements { call, items throws(Interrupt) in
            for index in offsetAndLength(items.count, start, 0).start..<items.count {
                let result = try call.callForElement("find_map", pointer, &items, index)
                if !result.isUnit { return result }
            }
            return .unit
        }
    }
}

/// Rust's `dedup_by`: drops each element that `same(previous kept element, element)` holds for.
/// The callback's errors and non-boolean results count as false.
private func deduplicated(_ items: [Dynamic], _ same: (Dynamic, Dynamic) -> Bool) -> [Dynamic] {
    var kept: [Dynamic] = []
    for item in items {
        if let previous = kept.last, same(previous, item) { continue }
        kept.append(item)
    }
    return kept
}
