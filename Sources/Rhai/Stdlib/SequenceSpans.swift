// Positions and spans in arrays and BLOBs as Rhai's functions resolve them.

/// Rust's `calc_offset_len`: a start (negative counts from the end, clamped to the first
/// element; at or past the end gives the end and length 0) and a length (≤ 0 gives 0, clamped
/// to what follows the start).
func offsetAndLength(_ count: Int, _ start: Int64, _ length: Int64) -> (start: Int, length: Int) {
    let from: Int
    if start < 0 {
        from = start.magnitude >= UInt64(count) ? 0 : count - Int(start.magnitude)
    } else if start >= Int64(count) {
        return (count, 0)
    } else {
        from = Int(start)
    }
    let available = count - from
    if length <= 0 { return (from, 0) }
    return (from, length > Int64(available) ? available : Int(length))
}

/// The parameter lists after the sequence by which Rhai's functions take a span: `start, len`,
/// an exclusive range or an inclusive range.
let spanParameters: [[ParameterType]] = [[.int, .int], [.range], [.inclusiveRange]]

extension NativeCall {
    /// The span given at `index` as `start, len` or as a range. A range's negative bounds count
    /// as 0 (not from the end), and an inclusive range ends at `Int64.max - 1` at most.
    func span(at index: Int) -> (start: Int64, length: Int64) {
        switch arguments[index] {
        case .range(let lower, let upper):
            let start = max(lower, 0)
            return (start, max(upper, start) - start)
        case .inclusiveRange(let lower, let upper):
            let start = max(lower, 0)
            return (start, min(max(upper, start), .max - 1) - start + 1)
        default:
            return (int(index), int(index + 1))
        }
    }

    /// The index after the span given at `index` (where the next argument is).
    func afterSpan(at index: Int) -> Int {
        if case .int = arguments[index] { return index + 2 }
        return index + 1
    }
}
