/// Sorting arrays as Rhai's `sort`, `sort_desc`, `order`, `order_desc` and their comparator
/// forms do (all stable sorts). `sort…` sorts in place, `order…` returns a sorted copy.
extension StandardLibrary {
    func registerArraySorting() {
        for (sort, order, descending) in [("sort", "order", false), ("sort_desc", "order_desc", true)] {
            add(sort, [.array]) { call in
                call[0] = .array(try sortedBuiltin(call.array(0), descending: descending))
                return .unit
            }
            add(order, [.array]) { call in .array(try sortedBuiltin(call.array(0), descending: descending)) }
        }
        for callback in [ParameterType.fnPtr, .string] {
            add("sort", [.array, callback]) { call in
                call[0] = .array(sortedByComparator(call.array(0), try call.callbackPointer(at: 1), call))
                return .unit
            }
        }
        add("sort_by", [.array, .fnPtr]) { call in
            call[0] = .array(sortedByComparator(call.array(0), call[1].asFnPtr!, call))
            return .unit
        }
        add(["order", "order_by"], [.array, .fnPtr]) { call in
            .array(sortedByComparator(call.array(0), call[1].asFnPtr!, call))
        }
    }
}

/// Rust's built-in `sort`: the elements must all be of one type among integers, floats,
/// characters, strings (by bytes), booleans and `()`. Descending keeps equal elements in order.
func sortedBuiltin(_ items: [Dynamic], descending: Bool) throws(RhaiError) -> [Dynamic] {
    guard let first = items.first, items.count > 1 else { return items }
    let type = first.typeName
    if items.contains(where: { $0.typeName != type }) {
        throw .functionNotFound("elements of different types cannot be sorted")
    }
    let ascending: (Dynamic, Dynamic) -> Bool
    switch first {
    case .int: ascending = { $0.asInt! < $1.asInt! }
    case .float: ascending = { $0.asFloat! < $1.asFloat! }
    case .char: ascending = { $0.asChar! < $1.asChar! }
    case .string: ascending = { $0.asString!.utf8.lexicographicallyPrecedes($1.asString!.utf8) }
    case .bool: ascending = { !$0.asBool! && $1.asBool! }
    case .unit: return items
    default: throw .functionNotFound("elements of \(rustTypeName(first)) cannot be sorted")
    }
    return items.sorted { descending ? ascending($1, $0) : ascending($0, $1) }
}

/// Rust's `sort_by`: the comparator returns an integer (its sign orders) or a boolean (true:
/// first, false: second). Errors and other results are ignored: the two elements then order
/// by type.
func sortedByComparator(_ items: [Dynamic], _ comparator: FnPtr, _ call: NativeCall) -> [Dynamic] {
    guard items.count > 1 else { return items }
    return items.sorted { a, b in
        switch try? call.callRaw(comparator, [a, b]) {
        case .int(let order)?: return order < 0
        case .bool(let first)?: return first
        default: return typeRank(a) < typeRank(b)
        }
    }
}

/// The order of the Rust engine's type ids, by which it sorts elements a comparator fails on.
private func typeRank(_ value: Dynamic) -> Int {
    switch value {
    case .int: return 0
    case .float: return 1
    case .range: return 2
    case .map: return 3
    case .string: return 4
    case .inclusiveRange: return 5
    case .fnPtr: return 6
    case .char: return 7
    case .unit: return 8
    case .bool: return 9
    case .blob: return 10
    case .timestamp: return 11
    case .array: return 12
    case .iterator: return 13
    }
}

/// The Rust type name of a value, as "elements of … cannot be sorted" spells it.
private func rustTypeName(_ value: Dynamic) -> String {
    switch value {
    case .range: return "core::ops::range::Range<i64>"
    case .inclusiveRange: return "core::ops::range::RangeInclusive<i64>"
    default: return value.typeName
    }
}
