/// Array functions (Rhai's BasicArrayPackage). Mutating ones change the array in place.
extension StandardLibrary {
    func registerArrays() {
        add("len", [.array]) { call in .int(Int64(call.array(0).count)) }
        add("is_empty", [.array]) { call in .bool(call.array(0).isEmpty) }
        add("push", [.array, .any]) { call in
            let item = call[1]
            try checkArrayGrowth(call, by: 1)
            call.withArray { $0.append(item) }
            return .unit
        }
        add(["append", "+="], [.array, .array]) { call in
            let extra = call.array(1)
            try checkArrayGrowth(call, by: extra.count)
            call.withArray { $0 += extra }
            return .unit
        }
        add("+=", [.array, .any]) { call in
            let item = call[1]
            try checkArrayGrowth(call, by: 1)
            call.withArray { $0.append(item) }
            return .unit
        }
        add("insert", [.array, .int, .any]) { call in
            let position = call.int(1)
            let item = call[2]
            try checkArrayGrowth(call, by: 1)
            call.withArray { items in items.insert(item, at: clampedPosition(position, items.count)) }
            return .unit
        }
        add("pop", [.array]) { call in call.withArray { $0.popLast() ?? .unit } }
        add("shift", [.array]) { call in call.withArray { $0.isEmpty ? .unit : $0.removeFirst() } }
        add("remove", [.array, .int]) { call in
            let index = call.int(1)
            return call.withArray { items in
                let resolved = index < 0 ? Int64(items.count) + index : index
                guard resolved >= 0 && resolved < Int64(items.count) else { return .unit }
                return items.remove(at: Int(resolved))
            }
        }
        add("clear", [.array]) { call in
            call.withArray { $0.removeAll() }
            return .unit
        }
        add("truncate", [.array, .int]) { call in
            let length = max(0, Int(clamping: call.int(1)))
            call.withArray { items in if items.count > length { items.removeLast(items.count - length) } }
            return .unit
        }
        add("chop", [.array, .int]) { call in
            let length = max(0, Int(clamping: call.int(1)))
            call.withArray { items in if items.count > length { items.removeFirst(items.count - length) } }
            return .unit
        }
        add("reverse", [.array]) { call in
            call.withArray { $0.reverse() }
            return .unit
        }
        add("pad", [.array, .int, .any]) { call in
            let target = Int(clamping: call.int(1))
            let item = call[2]
            let limit = call.runtime.engine.limits.maxArraySize
            if limit > 0 && target > limit {
                throw RhaiError.dataTooLarge("Size of array", call.position)
            }
            call.withArray { items in
                if items.count < target { items.append(contentsOf: repeatElement(item, count: target - items.count)) }
            }
            return .unit
        }
        add("get", [.array, .int]) { call in
            let items = call.array(0)
            let index = call.int(1)
            let resolved = index < 0 ? Int64(items.count) + index : index
            guard resolved >= 0 && resolved < Int64(items.count) else { return .unit }
            return items[Int(resolved)]
        }
        add("set", [.array, .int, .any]) { call in
            let index = call.int(1)
            let item = call[2]
            call.withArray { items in
                let resolved = index < 0 ? Int64(items.count) + index : index
                if resolved >= 0 && resolved < Int64(items.count) { items[Int(resolved)] = item }
            }
            return .unit
        }
        add("extract", [.array, .int]) { call in
            let items = call.array(0)
            return .array(Array(items[clampedPosition(call.int(1), items.count)...]))
        }
        add("extract", [.array, .int, .int]) { call in
            let items = call.array(0)
            let start = clampedPosition(call.int(1), items.count)
            let length = max(0, Int(clamping: call.int(2)))
            return .array(Array(items[start..<min(items.count, start + min(length, items.count))]))
        }
        for type in [ParameterType.range, .inclusiveRange] {
            add("extract", [.array, type]) { call in
                let items = call.array(0)
                let (start, end) = rangeBounds(call[1], items.count)
                return .array(Array(items[start..<end]))
            }
        }
        add("splice", [.array, .int, .int, .array]) { call in
            let start = call.int(1)
            let length = max(0, Int(clamping: call.int(2)))
            let replacement = call.array(3)
            call.withArray { items in
                let from = clampedPosition(start, items.count)
                items.replaceSubrange(from..<min(items.count, from + min(length, items.count)), with: replacement)
            }
            return .unit
        }
        add("split", [.array, .int]) { call in
            let index = call.int(1)
            return call.withArray { items in
                let at = clampedPosition(index, items.count)
                let tail = Array(items[at...])
                items.removeLast(items.count - at)
                return .array(tail)
            }
        }
        add("contains", [.array, .any]) { call in
            let needle = call[1]
            for item in call.array(0) where try valuesEqual(item, needle, call) { return .bool(true) }
            return .bool(false)
        }
        add("index_of", [.array, .any]) { call in try arrayIndex(call, from: 0) }
        add("index_of", [.array, .any, .int]) { call in
            try arrayIndex(call, from: clampedPosition(call.int(2), call.array(0).count))
        }
        add("map", [.array, .any]) { call in
            var result: [Dynamic] = []
            for (index, item) in call.array(0).enumerated() {
                result.append(try call.callback(call[1], [item, .int(Int64(index))]))
            }
            return .array(result)
        }
        add("filter", [.array, .any]) { call in
            var result: [Dynamic] = []
            for (index, item) in call.array(0).enumerated() where try call.predicate(call[1], [item, .int(Int64(index))]) {
                result.append(item)
            }
            return .array(result)
        }
        add("for_each", [.array, .any]) { call in
            var items = call.array(0)
            call[0] = .unit
            defer { call[0] = .array(items) }
            for index in items.indices {
                let pointer = call[1]
                if case .fnPtr(let target) = pointer, let script = target.function, !script.usesThis {
                    _ = try call.callback(pointer, [items[index], .int(Int64(index))])
                } else {
                    _ = try call.callback(pointer, this: &items[index], [.int(Int64(index))])
                }
            }
            return .unit
        }
        add("some", [.array, .any]) { call in
            for (index, item) in call.array(0).enumerated() where try call.predicate(call[1], [item, .int(Int64(index))]) {
                return .bool(true)
            }
            return .bool(false)
        }
        add("all", [.array, .any]) { call in
            for (index, item) in call.array(0).enumerated() where !(try call.predicate(call[1], [item, .int(Int64(index))])) {
                return .bool(false)
            }
            return .bool(true)
        }
        add("none", [.array, .any]) { call in
            for (index, item) in call.array(0).enumerated() where try call.predicate(call[1], [item, .int(Int64(index))]) {
                return .bool(false)
            }
            return .bool(true)
        }
        add("find", [.array, .any]) { call in
            for (index, item) in call.array(0).enumerated() where try call.predicate(call[1], [item, .int(Int64(index))]) {
                return item
            }
            return .unit
        }
        add("find_map", [.array, .any]) { call in
            for (index, item) in call.array(0).enumerated() {
                let result = try call.callback(call[1], [item, .int(Int64(index))])
                if result != .unit { return result }
            }
            return .unit
        }
        for (name, reversed) in [("reduce", false), ("reduce_rev", true)] {
            add(name, [.array, .any]) { call in try reduce(call, initial: .unit, reversed: reversed) }
            add(name, [.array, .any, .any]) { call in try reduce(call, initial: call[2], reversed: reversed) }
        }
        add("sort", [.array]) { call in
            let items = call.array(0)
            guard let sorted = sortHomogeneous(items) else {
                throw RhaiError.functionNotFound("sort (array)", call.position)
            }
            call.withArray { $0 = sorted }
            return .unit
        }
        add("sort", [.array, .any]) { call in
            var items = call.array(0)
            var failure: Error?
            items.sort { a, b in
                if failure != nil { return false }
                do {
                    let order = try call.callback(call[1], [a, b])
                    guard case .int(let value) = order else {
                        throw RhaiError.mismatch(expected: "i64", actual: order.typeName, call.position)
                    }
                    return value < 0
                } catch {
                    failure = error
                    return false
                }
            }
            if let failure { throw failure }
            call.withArray { $0 = items }
            return .unit
        }
        add("sort_desc", [.array]) { call in
            guard let sorted = sortHomogeneous(call.array(0)) else {
                throw RhaiError.functionNotFound("sort_desc (array)", call.position)
            }
            call.withArray { $0 = sorted.reversed() }
            return .unit
        }
        add("dedup", [.array]) { call in
            var result: [Dynamic] = []
            // `==` as array_basic.rs `dedup` calls it: an error counts as unequal.
            for item in call.array(0) {
                if let last = result.last, (try? Operators.equals(last, item).get()) == true { continue }
                result.append(item)
            }
            call.withArray { $0 = result }
            return .unit
        }
        add("dedup", [.array, .any]) { call in
            var result: [Dynamic] = []
            for item in call.array(0) {
                if let last = result.last, try call.predicate(call[1], [last, item]) { continue }
                result.append(item)
            }
            call.withArray { $0 = result }
            return .unit
        }
        add("retain", [.array, .any]) { call in
            var kept: [Dynamic] = []
            var removed: [Dynamic] = []
            for (index, item) in call.array(0).enumerated() {
                if try call.predicate(call[1], [item, .int(Int64(index))]) { kept.append(item) } else { removed.append(item) }
            }
            call.withArray { $0 = kept }
            return .array(removed)
        }
        add("drain", [.array, .any]) { call in
            var kept: [Dynamic] = []
            var removed: [Dynamic] = []
            for (index, item) in call.array(0).enumerated() {
                if try call.predicate(call[1], [item, .int(Int64(index))]) { removed.append(item) } else { kept.append(item) }
            }
            call.withArray { $0 = kept }
            return .array(removed)
        }
        add("drain", [.array, .int, .int]) { call in
            let start = call.int(1)
            let length = max(0, Int(clamping: call.int(2)))
            return call.withArray { items in
                let from = clampedPosition(start, items.count)
                let range = from..<min(items.count, from + min(length, items.count))
                let removed = Array(items[range])
                items.removeSubrange(range)
                return .array(removed)
            }
        }
        add("retain", [.array, .int, .int]) { call in
            let start = call.int(1)
            let length = max(0, Int(clamping: call.int(2)))
            return call.withArray { items in
                let from = clampedPosition(start, items.count)
                let range = from..<min(items.count, from + min(length, items.count))
                let removed = Array(items[..<range.lowerBound]) + Array(items[range.upperBound...])
                items = Array(items[range])
                return .array(removed)
            }
        }
        add("zip", [.array, .array, .any]) { call in
            var result: [Dynamic] = []
            for (a, b) in zip(call.array(0), call.array(1)) {
                result.append(try call.callback(call[2], [a, b]))
            }
            return .array(result)
        }
        add("zip", [.array, .array]) { call in
            .array(zip(call.array(0), call.array(1)).map { .array([$0, $1]) })
        }
        add("concat", [.array, .array]) { call in .array(call.array(0) + call.array(1)) }
        add("sum", [.array]) { call in
            var total = Dynamic.int(0)
            for item in call.array(0) { total = try call.runtime.binary(.add, total, item, call.position) }
            return total
        }
        for (name, op) in [("min", BinaryOperator.less), ("max", BinaryOperator.greater)] {
            add(name, [.array]) { call in
                var best: Dynamic?
                for item in call.array(0) {
                    if let current = best {
                        if try call.runtime.binary(op, item, current, call.position) == .bool(true) { best = item }
                    } else {
                        best = item
                    }
                }
                return best ?? .unit
            }
        }
    }
}

private func checkArrayGrowth(_ call: NativeCall, by extra: Int) throws {
    let limit = call.runtime.engine.limits.maxArraySize
    if limit > 0 && call.array(0).count + extra > limit {
        throw RhaiError.dataTooLarge("Size of array", call.position)
    }
}

/// `==` between an array item and a value, as array_basic.rs applies it.
func valuesEqual(_ a: Dynamic, _ b: Dynamic, _ call: NativeCall) throws -> Bool {
    try Operators.itemsEqual(a, b).get()
}

private func arrayIndex(_ call: NativeCall, from start: Int) throws -> Dynamic {
    let items = call.array(0)
    guard start < items.count else { return .int(-1) }
    if case .fnPtr = call[1] {
        for index in start..<items.count where try call.predicate(call[1], [items[index], .int(Int64(index))]) {
            return .int(Int64(index))
        }
        return .int(-1)
    }
    for index in start..<items.count where try valuesEqual(items[index], call[1], call) {
        return .int(Int64(index))
    }
    return .int(-1)
}

private func reduce(_ call: NativeCall, initial: Dynamic, reversed: Bool) throws -> Dynamic {
    var accumulator = initial
    let items = call.array(0)
    let indices = reversed ? Array(items.indices.reversed()) : Array(items.indices)
    for index in indices {
        accumulator = try call.callback(call[1], [accumulator, items[index], .int(Int64(index))])
    }
    return accumulator
}

/// Sorts an array whose elements are all of one comparable built-in type; nil otherwise.
func sortHomogeneous(_ items: [Dynamic]) -> [Dynamic]? {
    guard let first = items.first else { return items }
    switch first {
    case .int:
        let values = items.compactMap(\.asInt)
        return values.count == items.count ? values.sorted().map { .int($0) } : nil
    case .float:
        let values = items.compactMap(\.asFloat)
        return values.count == items.count ? values.sorted().map { .float($0) } : nil
    case .string:
        let values = items.compactMap(\.asString)
        return values.count == items.count ? values.sorted().map { .string($0) } : nil
    case .char:
        let values = items.compactMap(\.asChar)
        return values.count == items.count ? values.sorted().map { .char($0) } : nil
    case .bool:
        let values = items.compactMap(\.asBool)
        return values.count == items.count ? values.sorted { !$0 && $1 }.map { .bool($0) } : nil
    case .unit:
        return items.allSatisfy(\.isUnit) ? items : nil
    default:
        return nil
    }
}
