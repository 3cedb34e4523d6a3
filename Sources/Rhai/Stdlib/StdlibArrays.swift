/// Array functions (Rhai's BasicArrayPackage, ported from `array_basic.rs`). Functions that
/// change the array change it in place; positions and spans resolve like Rust's
/// `calc_offset_len` (see `offsetAndLength`).
extension StandardLibrary {
    func registerArrays() {
        registerArrayBasics()
        registerArraySpans()
        registerArrayCallbacks()
        registerArraySorting()
    }

    private func registerArrayBasics() {
        add("len", [.array]) { call in .int(Int64(call.array(0).count)) }
        add("is_empty", [.array]) { call in .bool(call.array(0).isEmpty) }
        add("get", [.array, .int]) { call in
            let items = call.array(0)
            let (index, _) = offsetAndLength(items.count, call.int(1), 0)
            return index < items.count ? items[index] : .unit
        }
        add("set", [.array, .int, .any]) { call in
            let (index, value) = (call.int(1), call[2])
            call.withArray { items in
                let (at, _) = offsetAndLength(items.count, index, 0)
                if at < items.count { items[at] = value }
            }
            return .unit
        }
        add("append", [.array, .array]) { call in
            let extra = call.array(1)
            try call.growArray(by: extra.count) { $0 += extra }
            return .unit
        }
        add("push", [.array, .any]) { call in
            let item = call[1]
            try call.growArray(by: 1) { $0.append(item) }
            return .unit
        }
        add("insert", [.array, .int, .any]) { call in
            let (index, item) = (call.int(1), call[2])
            try call.growArray(by: 1) { items in items.insert(item, at: offsetAndLength(items.count, index, 0).start) }
            return .unit
        }
        add("pad", [.array, .int, .any]) { call in
            let (length, item) = (call.int(1), call[2])
            let items = call.array(0)
            guard length > Int64(items.count) else { return .unit }
            try call.runtime.checkPaddedSize(items, Int(length) - items.count, item, call.position)
            let (bytes, overflow) = (Int(length) - items.count).multipliedReportingOverflow(by: 16 + item.memoryEstimate)
            try call.runtime.reserveMemory(overflow ? .max / 2 : bytes, for: call)
            call.withArray { $0 += repeatElement(item, count: Int(length) - $0.count) }
            return .unit
        }
        add("pop", [.array]) { call in call.withArray { $0.popLast() ?? .unit } }
        add("shift", [.array]) { call in call.withArray { $0.isEmpty ? .unit : $0.removeFirst() } }
        add("remove", [.array, .int]) { call in
            let index = call.int(1)
            return call.withArray { items in
                let count = Int64(items.count)
                let resolved = index < 0 ? count + index : index
                return resolved >= 0 && resolved < count ? items.remove(at: Int(resolved)) : .unit
            }
        }
        add("clear", [.array]) { call in
            call.withArray { $0.removeAll() }
            return .unit
        }
        add("truncate", [.array, .int]) { call in
            let length = call.int(1)
            call.withArray { items in if Int64(items.count) > length { items.removeLast(items.count - Int(max(0, length))) } }
            return .unit
        }
        add("chop", [.array, .int]) { call in
            let length = call.int(1)
            call.withArray { items in if Int64(items.count) > length { items.removeFirst(items.count - Int(max(0, length))) } }
            return .unit
        }
        add("reverse", [.array]) { call in
            call.withArray { $0.reverse() }
            return .unit
        }
    }

    /// Functions on a part of the array: `extract`, `split`, `splice`, `drain`, `retain`.
    private func registerArraySpans() {
        add("extract", [.array, .int]) { call in
            .array(Array(slice(call.array(0), call.int(1), .max)))
        }
        add("split", [.array, .int]) { call in
            let index = call.int(1)
            return call.withArray { items in
                let (start, _) = offsetAndLength(items.count, index, 0)
                defer { items.removeSubrange(start...) }
                return .array(Array(items[start...]))
            }
        }
        for span in spanParameters {
            add("extract", [.array] + span) { call in
                let (start, length) = call.span(at: 1)
                return .array(Array(slice(call.array(0), start, length)))
            }
            add("splice", [.array] + span + [.array]) { call in
                let (start, length) = call.span(at: 1)
                let replacement = call.array(call.afterSpan(at: 1))
                let size = call.array(0).count
                let (from, count) = offsetAndLength(size, start, length)
                try checkGrowth(call, size - count + replacement.count)
                call.withArray { $0.replaceSubrange(from..<from + count, with: replacement) }
                return .unit
            }
            add("drain", [.array] + span) { call in
                let (start, length) = call.span(at: 1)
                return call.withArray { items in
                    let range = slice(items, start, length).indices
                    defer { items.removeSubrange(range) }
                    return .array(Array(items[range]))
                }
            }
            add("retain", [.array] + span) { call in
                let (start, length) = call.span(at: 1)
                return call.withArray { items in
                    let range = slice(items, start, length).indices
                    guard !range.isEmpty else { return .array([]) }
                    defer { items = Array(items[range]) }
                    return .array(Array(items[..<range.lowerBound] + items[range.upperBound...]))
                }
            }
        }
    }
}

/// The check for a size limit where an array or BLOB grows to `count` elements. (Rust checks
/// the whole value, nested arrays included, after every call that may change it.)
func checkGrowth(_ call: NativeCall, _ count: Int) throws(RhaiError) {
    let limit = call.runtime.engine.limits.maxArraySize
    if limit > 0 && count > limit { throw .dataTooLarge("Size of array/BLOB", call.position) }
}

extension NativeCall {
    /// Grows the first argument, an array, in place by `added` elements: checks the array size
    /// limit first (unchanged when it fails), then runs `body` on the array without copying it.
    mutating func growArray(by added: Int, _ body: (inout [Dynamic]) -> Void) throws(RhaiError) {
        var items = arguments[0].takeArray()
        defer { arguments[0] = .array(items) }
        try checkGrowth(self, items.count + added)
        body(&items)
    }
}

/// The elements `extract(start, len)` copies: none for a length ≤ 0.
private func slice(_ items: [Dynamic], _ start: Int64, _ length: Int64) -> ArraySlice<Dynamic> {
    let (from, count) = offsetAndLength(items.count, start, length)
    return items[from..<from + count]
}

extension Runtime {
    /// Rust's check before `pad` adds `count` copies of `item` to `items` (made only when
    /// arrays have a size limit): the sizes the padded array would have.
    fileprivate func checkPaddedSize(_ items: [Dynamic], _ count: Int, _ item: Dynamic, _ position: Position) throws(Interrupt) {
        let limit = engine.limits.maxArraySize
        guard limit > 0 else { return }
        if count > limit { throw .error(.dataTooLarge("Size of array/BLOB", position)) }
        var totals = DataSize(countsKeys: false)
        totals.add(.array(items))
        var each = DataSize(countsKeys: false)
        each.add(item)
        func times(_ size: Int) -> Int {
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow ? .max / 2 : product
        }
        totals.arrayItems += count + times(each.arrayItems)
        totals.mapEntries += times(each.mapEntries)
        totals.stringBytes += times(each.stringBytes)
        try checkSizes(totals, position)
    }
}
