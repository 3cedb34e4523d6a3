/// String functions that take parts of a string by character position or by delimiter
/// (`get`, `set`, `sub_string`, `crop`, `chars`, `split`, `split_rev`), ported from Rust Rhai's
/// `string_more.rs` and `iter_basic.rs` with their clamping rules.
extension StandardLibrary {
    func registerStringSlicing() {
        add("get", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            return characterPosition(call.int(1), characters.count).map { .char(characters[$0]) } ?? .unit
        }
        add("set", [.string, .int, .char]) { call in
            let (index, character) = (call.int(1), call.char(2))
            call.withString { text in
                var characters = Array(text.unicodeScalars)
                guard let position = characterPosition(index, characters.count) else { return }
                characters[position] = character
                text = String(scalars: characters)
            }
            return .unit
        }
        add("sub_string", [.string, .int, .int]) { call in
            .string(substring(call.string(0), call.int(1), call.int(2)))
        }
        add("sub_string", [.string, .int]) { call in
            let text = call.string(0)
            return .string(substring(text, call.int(1), Int64(text.utf8.count)))
        }
        add("crop", [.string, .int, .int]) { call in
            let (start, length) = (call.int(1), call.int(2))
            call.withString { $0 = substring($0, start, length) }
            return .unit
        }
        add("crop", [.string, .int]) { call in
            let start = call.int(1)
            call.withString { $0 = substring($0, start, Int64($0.utf8.count)) }
            return .unit
        }
        for type in [ParameterType.range, .inclusiveRange] {
            add("sub_string", [.string, type]) { call in
                let (start, length) = rangeWindow(call[1])
                return .string(substring(call.string(0), start, length))
            }
            add("crop", [.string, type]) { call in
                let (start, length) = rangeWindow(call[1])
                call.withString { $0 = substring($0, start, length) }
                return .unit
            }
            add("chars", [.string, type]) { call in
                let (start, length) = charsRangeWindow(call[1])
                return characters(call.string(0), start, length)
            }
        }
        add("chars", [.string]) { call in characters(call.string(0), 0, .max) }
        add("chars", [.string, .int]) { call in characters(call.string(0), call.int(1), .max) }
        add("chars", [.string, .int, .int]) { call in characters(call.string(0), call.int(1), call.int(2)) }
    }

    func registerStringSplitting() {
        add("split", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let index = call.int(1)
            // Rust v1.25.0 counts `index` ≤ 0 from the end, so `split(0)` cuts after the last character.
            let cut = index <= 0
                ? (index.magnitude > UInt64(characters.count) ? 0 : characters.count - Int(index.magnitude))
                : min(Int(clamping: index), characters.count)
            return .array([.string(String(scalars: characters[..<cut])), .string(String(scalars: characters[cut...]))])
        }
        add("split", [.string]) { call in
            let text = call.string(0)
            return .array(text.isEmpty ? [.string(text)] : text.splitWhitespace().map { .string($0) })
        }
        for pattern in [ParameterType.string, .char] {
            for (name, reversed) in [("split", false), ("split_rev", true)] {
                add(name, [.string, pattern]) { call in
                    split(call.string(0), by: call.string(1), segments: .max, reversed: reversed)
                }
                add(name, [.string, pattern, .int]) { call in
                    split(call.string(0), by: call.string(1), segments: call.int(2), reversed: reversed)
                }
            }
        }
    }
}

/// A character position: negative counts from the end; nil when outside the string.
private func characterPosition(_ index: Int64, _ count: Int) -> Int? {
    if index >= 0 { return index < count ? Int(index) : nil }
    return index.magnitude <= UInt64(count) ? count - Int(index.magnitude) : nil
}

/// Rust Rhai's `sub_string(start, len)` (also `crop`): a negative `start` counts from the end
/// (clamped at the beginning); nothing when `len` ≤ 0 or `start` is past the end; the length is
/// cut at the end of the string.
private func substring(_ text: String, _ start: Int64, _ length: Int64) -> String {
    guard !text.isEmpty && length > 0 else { return "" }
    let characters = Array(text.unicodeScalars)
    let offset: Int
    if start < 0 {
        offset = start.magnitude > UInt64(characters.count) ? 0 : characters.count - Int(start.magnitude)
    } else {
        guard start < characters.count else { return "" }
        offset = Int(start)
    }
    let end = offset + min(Int(clamping: length), characters.count - offset)
    return String(scalars: characters[offset..<end])
}

/// The start and length a range selects for `sub_string` and `crop`: the start is clamped at 0
/// (a negative start does not count from the end) and an end before it selects nothing.
private func rangeWindow(_ range: Dynamic) -> (Int64, Int64) {
    switch range {
    case .range(let start, let end):
        let from = max(start, 0)
        return (from, max(end, from) - from)
    case .inclusiveRange(let start, let end):
        let from = max(start, 0)
        return (from, min(max(end, from), .max - 1) - from + 1)
    default:
        return (0, 0)
    }
}

/// The start and length a range selects for `chars` (an inclusive range may be empty).
private func charsRangeWindow(_ range: Dynamic) -> (Int64, Int64) {
    if case .inclusiveRange(let start, let end) = range {
        let from = max(start, 0)
        return (from, min(max(end, from - 1), .max - 1) - from + 1)
    }
    return rangeWindow(range)
}

/// Rust Rhai's `CharsStream`: an iterator over up to `length` characters from `start`
/// (negative counts from the end, clamped at the beginning).
private func characters(_ text: String, _ start: Int64, _ length: Int64) -> Dynamic {
    guard length > 0 else { return .iterator(IteratorValue(source: .characters([]))) }
    let characters = text.unicodeScalars
    let skipped = start >= 0
        ? Int(clamping: start)
        : max(0, characters.count - Int(clamping: start.magnitude))
    return .iterator(IteratorValue(source: .characters(Array(characters.dropFirst(skipped).prefix(Int(clamping: length))))))
}

/// Rust Rhai's `split`/`split_rev` by a delimiter into at most `segments` pieces: the whole
/// string when it is empty, `segments` ≤ 1 or the delimiter does not occur; an empty delimiter
/// splits before every character and at the end (`"ab".split("")` is `["", "a", "b", ""]`).
private func split(_ text: String, by delimiter: String, segments: Int64, reversed: Bool) -> Dynamic {
    let bytes = StringBytes(text)
    let pattern = Array(delimiter.utf8)
    guard segments > 1 && !text.isEmpty && bytes.contains(pattern) else { return .array([.string(text)]) }
    let limit = Int(clamping: segments)
    let pieces = reversed ? bytes.reverseSplit(pattern, segments: limit) : bytes.split(pattern, segments: limit)
    return .array(pieces.map { .string($0) })
}
