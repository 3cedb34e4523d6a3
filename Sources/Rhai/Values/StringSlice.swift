/// `text[range]` on a string, read and assigned, as Rust Rhai v1.25.0 does it
/// (`eval/chaining.rs`, `Target::StringSlice` in `eval/target.rs`), quirks included: a negative
/// start beyond the string is an error while a negative end beyond it means 0; an inclusive
/// range ending where it starts (`s[2..=2]`) is empty; assigning to a reversed range keeps
/// both the part before its start and the part after its end.
struct StringSlice {
    let start: Int
    let end: Int
    let exclusive: Bool
    /// The characters the range selects.
    let value: String

    init(_ text: String, _ range: Dynamic, _ position: Position) throws(Interrupt) {
        let (rangeStart, rangeEnd, exclusive): (Int64, Int64, Bool)
        switch range {
        case .range(let start, let end): (rangeStart, rangeEnd, exclusive) = (start, end, true)
        case .inclusiveRange(let start, let end): (rangeStart, rangeEnd, exclusive) = (start, end, false)
        default: throw .error(.mismatch(expected: "i64", actual: range.typeName, position))
        }
        guard !text.isEmpty else {
            (start, end, self.exclusive, value) = (0, 0, true, text)
            return
        }
        let characters = Array(text.unicodeScalars)
        let count = characters.count
        func fromEnd(_ index: Int64) -> Int? {
            index.magnitude <= UInt64(count) ? count - Int(index.magnitude) : nil
        }
        if rangeStart >= 0 {
            start = Int(rangeStart)
        } else if let resolved = fromEnd(rangeStart) {
            start = resolved
        } else {
            throw .error(.stringBounds(count, rangeStart, position))
        }
        end = rangeEnd >= 0 ? Int(rangeEnd) : fromEnd(rangeEnd) ?? 0
        self.exclusive = exclusive
        let taken: Int
        if exclusive {
            taken = start == 0 && end >= count ? count : max(0, end - start)
        } else {
            taken = start == 0 && end >= count - 1 ? count : (end > start ? end - start + 1 : 0)
        }
        value = String(scalars: characters.dropFirst(start).prefix(taken))
    }

    /// `text` with this slice replaced by `newValue` (rendered with the engine's `Display`).
    func replaced(in text: String, with newValue: Dynamic) -> String {
        let characters = Array(text.unicodeScalars)
        let count = characters.count
        let after: Int
        if exclusive {
            after = min(end, count)
        } else {
            after = count == 0 ? count : min(end, count - 1) + 1
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: characters.prefix(start))
        result.append(contentsOf: newValue.valueDisplay.unicodeScalars)
        result.append(contentsOf: characters.dropFirst(after))
        return String(result)
    }
}
