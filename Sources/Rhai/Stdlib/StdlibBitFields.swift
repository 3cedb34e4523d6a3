/// Bit-field functions (bit_field.rs: `get_bit`, `set_bit`, `get_bits`, `set_bits`;
/// iter_basic.rs: `bits`) and the bits an indexed integer stands for (`x[3]`, `x[2..5]`).
extension StandardLibrary {
    func registerBitFields() {
        add("get_bit", [.int, .int]) { call in
            .bool(call.int(0) & (1 << (try bitIndex(call.int(1), call.position))) != 0)
        }
        add("set_bit", [.int, .int, .bool]) { call in
            let mask: Int64 = 1 << (try bitIndex(call.int(1), call.position))
            call[0] = .int(call.bool(2) ? call.int(0) | mask : call.int(0) & ~mask)
            return .unit
        }
        add("get_bits", [.int, .int, .int]) { call in
            guard let field = try BitField(start: call.int(1), count: call.int(2), call.position) else { return .int(0) }
            return .int(field.extract(call.int(0)))
        }
        add("set_bits", [.int, .int, .int, .int]) { call in
            if let field = try BitField(start: call.int(1), count: call.int(2), call.position) {
                call[0] = .int(field.write(call.int(0), call.int(3)))
            }
            return .unit
        }
        for type in [ParameterType.range, .inclusiveRange] {
            add("get_bits", [.int, type]) { call in
                let (start, count) = try bitRange(call[1], call.position)
                guard let field = try BitField(start: start, count: count, call.position) else { return .int(0) }
                return .int(field.extract(call.int(0)))
            }
            add("set_bits", [.int, type, .int]) { call in
                let (start, count) = try bitRange(call[1], call.position)
                if let field = try BitField(start: start, count: count, call.position) {
                    call[0] = .int(field.write(call.int(0), call.int(2)))
                }
                return .unit
            }
            add("bits", [.int, type]) { call in
                guard case .inclusiveRange(let first, let last) = call[1] else {
                    let (start, count) = try bitRange(call[1], call.position)
                    return try bitArray(call.int(0), start, count, call.position)
                }
                // iter_basic.rs: an inclusive range is clamped, not checked, at its end.
                let start = Swift.max(first, 0)
                let end = Swift.min(Swift.max(last, start - 1), .max - 1)
                return try bitArray(call.int(0), start, end - start + 1, call.position)
            }
        }
        add("bits", [.int]) { call in try bitArray(call.int(0), 0, .max, call.position) }
        add("bits", [.int, .int]) { call in try bitArray(call.int(0), call.int(1), .max, call.position) }
        add("bits", [.int, .int, .int]) { call in try bitArray(call.int(0), call.int(1), call.int(2), call.position) }
    }
}

/// The bit a (possibly negative, counted from the end) index names, or an out-of-bounds error
/// (eval/target.rs `calc_index` over 64 bits).
func bitIndex(_ index: Int64, _ position: Position) throws(RhaiError) -> Int64 {
    if index < 0 && index >= -64 { return 64 + index }
    if index >= 0 && index < 64 { return index }
    throw .bitFieldBounds(64, index, position)
}

/// The start and count of bits a range passed to `get_bits`/`set_bits` names: the start at
/// least 0, an empty range counting no bits, an inclusive end beyond bit 63 an error.
private func bitRange(_ range: Dynamic, _ position: Position) throws(RhaiError) -> (Int64, Int64) {
    switch range {
    case .range(let first, let end):
        let start = Swift.max(first, 0)
        return (start, Swift.max(end, start) - start)
    case .inclusiveRange(let first, let last):
        let start = Swift.max(first, 0)
        let end = Swift.max(last, start - 1)
        if end >= 64 { throw .bitFieldBounds(64, end, position) }
        return (start, end - start + 1)
    default:
        return (0, 0)
    }
}

/// `count` bits of `value` from bit `start` (negative: from the end), as an array of booleans
/// (Rust's `BitRange` iterator).
private func bitArray(_ value: Int64, _ start: Int64, _ count: Int64, _ position: Position) throws(RhaiError) -> Dynamic {
    let first = try bitIndex(start, position)
    let length = count < 0 ? 0 : Swift.min(count, 64 - first)
    return .array((0..<length).map { .bool((value >> (first + $0)) & 1 == 1) })
}

/// A run of bits inside an INT, read as `(value & mask) >> shift` like Rust's
/// `Target::BitField` (so a field reaching bit 63 reads sign-extended).
struct BitField {
    let shift: Int64
    let mask: Int64

    /// `count` bits from bit `start` (negative: from the end), cut at bit 63; nil when
    /// `count` ≤ 0 (bit_field.rs `get_bits` / `set_bits`).
    init?(start: Int64, count: Int64, _ position: Position) throws(RhaiError) {
        guard count > 0 else { return nil }
        let first = try bitIndex(start, position)
        self.init(first, first + Swift.min(count, 64 - first))
    }

    /// The bits `x[range]` stands for (eval/chaining.rs): the start in 0..<64, an exclusive end
    /// up to 64 and an inclusive one up to 63 (an open end meaning the last bit); any other
    /// bound is out of bounds.
    init(range: Dynamic, _ position: Position) throws(RhaiError) {
        let start: Int64, end: Int64
        switch range {
        case .range(let first, let last):
            start = first
            end = last == .max ? 64 : last
            if start < 0 || start >= 64 { throw .bitFieldBounds(64, start, position) }
            if end < 0 || end > 64 { throw .bitFieldBounds(64, end, position) }
        case .inclusiveRange(let first, let last):
            start = first
            let final = last == .max ? 63 : last
            if start < 0 || start >= 64 { throw .bitFieldBounds(64, start, position) }
            if final < 0 || final >= 64 { throw .bitFieldBounds(64, final, position) }
            end = final + 1
        default:
            (start, end) = (0, 0)
        }
        self.init(start, Swift.max(start, end))
    }

    /// Bits `start ..< end` (0 ≤ start ≤ end ≤ 64).
    private init(_ start: Int64, _ end: Int64) {
        if end - start == 64 {
            (shift, mask) = (0, -1)
        } else if end == start {
            (shift, mask) = (0, 0)
        } else {
            (shift, mask) = (start, ((1 << (end - start)) - 1) << start)
        }
    }

    func read(_ value: Int64) -> Int64 { (value & mask) >> shift }

    /// The field's bits as a non-negative number (`get_bits`).
    func extract(_ value: Int64) -> Int64 {
        Int64(bitPattern: UInt64(bitPattern: value & mask) >> UInt64(shift))
    }

    func write(_ value: Int64, _ bits: Int64) -> Int64 { (value & ~mask) | ((bits << shift) & mask) }
}
