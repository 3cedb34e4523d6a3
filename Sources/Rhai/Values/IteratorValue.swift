/// A value that only a `for` loop can use, like the iterator types of the Rust engine
/// (`chars` gives a `CharsStream`). As there, `type_of` names it "range", it prints as
/// "range", and no other function or operator takes it.
public struct IteratorValue: Hashable {
    enum Source: Hashable {
        /// The characters of a string (Rust's `CharsStream`).
        case characters([Unicode.Scalar])
    }

    let source: Source

    /// How many values the loop sees.
    var count: Int {
        switch source {
        case .characters(let characters): return characters.count
        }
    }

    /// The value at `index` (0..<count).
    subscript(index: Int) -> Dynamic {
        switch source {
        case .characters(let characters): return .char(characters[index])
        }
    }
}
