/// Rust `str` searching for Rhai strings. Rust searches, splits and replaces the UTF-8 bytes
/// (so Unicode scalars), where Swift's `String` matches grapheme clusters and canonically
/// equivalent text ("e\u{301}" does not contain "e" for Swift). An empty pattern matches at
/// every character boundary, as in Rust.
struct StringBytes {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The text of a byte range (always on character boundaries).
    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether `index` starts a character (or is the end).
    private func isBoundary(_ index: Int) -> Bool {
        index == bytes.count || bytes[index] & 0xC0 != 0x80
    }

    /// The character boundary after `index`.
    private func nextBoundary(_ index: Int) -> Int {
        var next = index + 1
        while next < bytes.count && !isBoundary(next) { next += 1 }
        return next
    }

    /// The character boundary before `index`.
    private func previousBoundary(_ index: Int) -> Int {
        var previous = index - 1
        while previous > 0 && !isBoundary(previous) { previous -= 1 }
        return previous
    }

    /// The number of characters in the first `byteCount` bytes.
    func characterCount(upTo byteCount: Int) -> Int {
        var count = 0
        for index in 0..<byteCount where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The byte offset of character number `characterIndex` (or the end).
    func byteOffset(ofCharacter characterIndex: Int) -> Int {
        var seen = 0
        for index in 0..<bytes.count where bytes[index] & 0xC0 != 0x80 {
            if seen == characterIndex { return index }
            seen += 1
        }
        return bytes.count
    }

    /// Whether `pattern` occurs at byte `index`.
    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    /// The first match of `pattern` at or after byte `start` (a character boundary).
    func firstMatch(_ pattern: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard !pattern.isEmpty else { return start..<start }
        var index = start
        while index + pattern.count <= bytes.count {
            if matches(pattern, at: index) { return index..<index + pattern.count }
            index += 1
        }
        return nil
    }

    /// The non-overlapping matches of `pattern`, left to right (Rust's `match_indices`),
    /// at most `limit` of them.
    private func matches(_ pattern: [UInt8], limit: Int = .max) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while found.count < limit {
            if pattern.isEmpty {
                // An empty pattern matches before every character and at the end.
                found.append(start..<start)
                if start == bytes.count { break }
                start = nextBoundary(start)
                continue
            }
            guard let match = firstMatch(pattern, from: start) else { break }
            found.append(match)
            start = match.upperBound
        }
        return found
    }

    /// The non-overlapping matches of `pattern`, right to left (Rust's `rmatch_indices`),
    /// at most `limit` of them.
    private func reverseMatches(_ pattern: [UInt8], limit: Int = .max) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var end = bytes.count
        while found.count < limit {
            if pattern.isEmpty {
                found.append(end..<end)
                if end == 0 { break }
                end = previousBoundary(end)
                continue
            }
            var index = end - pattern.count
            while index >= 0 && !matches(pattern, at: index) { index -= 1 }
            guard index >= 0 else { break }
            found.append(index..<index + pattern.count)
            end = index
        }
        return found
    }

    /// Rust's `split` / `splitn(segments)`: the pieces between matches, left to right.
    func split(_ pattern: [UInt8], segments: Int = .max) -> [String] {
        var pieces: [String] = []
        var start = 0
        for match in matches(pattern, limit: segments - 1) {
            pieces.append(text(start..<match.lowerBound))
            start = match.upperBound
        }
        pieces.append(text(start..<bytes.count))
        return pieces
    }

    /// Rust's `rsplit` / `rsplitn(segments)`: the pieces between matches, right to left.
    func reverseSplit(_ pattern: [UInt8], segments: Int = .max) -> [String] {
        var pieces: [String] = []
        var end = bytes.count
        for match in reverseMatches(pattern, limit: segments - 1) {
            pieces.append(text(match.upperBound..<end))
            end = match.lowerBound
        }
        pieces.append(text(0..<end))
        return pieces
    }

    /// Rust's `replace`: every match of `pattern` replaced by `replacement`.
    func replacing(_ pattern: [UInt8], with replacement: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        for match in matches(pattern) {
            result += bytes[start..<match.lowerBound]
            result += replacement
            start = match.upperBound
        }
        result += bytes[start...]
        return String(decoding: result, as: UTF8.self)
    }

    /// Rust's `contains`.
    func contains(_ pattern: [UInt8]) -> Bool {
        firstMatch(pattern) != nil
    }
}

extension String {
    /// Rust's `str::starts_with`.
    func hasBytePrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// Rust's `str::ends_with`.
    func hasByteSuffix(_ suffix: String) -> Bool {
        utf8.count >= suffix.utf8.count && utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    }

    /// Rust's `str::to_uppercase`: each character's full upper-case mapping.
    func rustUppercased() -> String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars { result.append(contentsOf: scalar.properties.uppercaseMapping.unicodeScalars) }
        return String(result)
    }

    /// Rust's `str::to_lowercase`: each character's full lower-case mapping, with a final
    /// sigma (Σ after a cased letter and not before one) becoming 'ς'.
    func rustLowercased() -> String {
        let scalars = Array(unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{3A3}" {
                let isFinal = casedAfterIgnorable(scalars[..<index].reversed())
                    && !casedAfterIgnorable(scalars[(index + 1)...])
                result.append(isFinal ? "\u{3C2}" : "\u{3C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    /// Rust's `str::split_whitespace`: the non-empty runs between White_Space characters.
    func splitWhitespace() -> [String] {
        unicodeScalars.split(whereSeparator: { $0.properties.isWhitespace }).map { String(String.UnicodeScalarView($0)) }
    }
}

/// Whether the first character that is not case-ignorable is cased (Rust's sigma rule).
private func casedAfterIgnorable<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> Bool {
    for scalar in scalars where !scalar.properties.isCaseIgnorable {
        return scalar.properties.isCased
    }
    return false
}

extension Unicode.Scalar {
    /// Rust Rhai's `to_upper` of a char: the upper-case character, or the character itself
    /// when its upper case is several characters ('ß' stays 'ß').
    var rhaiUppercased: Unicode.Scalar {
        let mapping = properties.uppercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first! : self
    }

    /// Rust Rhai's `to_lower` of a char (the character itself when its lower case is several).
    var rhaiLowercased: Unicode.Scalar {
        let mapping = properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first! : self
    }
}
