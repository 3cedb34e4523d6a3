/// String and character functions, ported from Rust Rhai's `string_more.rs` (MoreStringPackage)
/// and the string parts of `string_basic.rs`. Strings are sequences of Unicode scalars
/// ("characters"); positions count characters. Functions taking the string as `&mut` in Rust
/// (`trim`, `pad`, `replace`, `crop`, …) change it in place and return `()`.
extension StandardLibrary {
    func registerStrings() {
        add("len", [.string]) { call in .int(Int64(call.string(0).unicodeScalars.count)) }
        add("is_empty", [.string]) { call in .bool(call.string(0).isEmpty) }
        add("bytes", [.string]) { call in .int(Int64(call.string(0).utf8.count)) }
        add("to_blob", [.string]) { call in .blob(Array(call.string(0).utf8)) }
        add("to_chars", [.string]) { call in .array(call.string(0).unicodeScalars.map { .char($0) }) }
        add("append", [.string, .blob]) { call in
            let bytes = call[1].asBlob ?? []
            if !bytes.isEmpty { call.withString { $0 += String(decoding: bytes, as: UTF8.self) } }
            return .unit
        }
        add("append", [.string, .any]) { call in
            try call.runtime.reserveRendering(of: call[1], for: call)
            let extra = call[1].description
            call.withString { $0 += extra }
            return .unit
        }
        registerStringCase()
        registerStringSearch()
        registerStringEditing()
        registerStringSlicing()
        registerStringSplitting()
        // Strings compare by their UTF-8 bytes, as Rust's `str`; on a tie the first one is returned.
        add("max", [.string, .string]) { call in
            call.string(0).utf8.lexicographicallyPrecedes(call.string(1).utf8) ? call[1] : call[0]
        }
        add("min", [.string, .string]) { call in
            call.string(1).utf8.lexicographicallyPrecedes(call.string(0).utf8) ? call[1] : call[0]
        }
        add("max", [.char, .char]) { call in call.char(0) < call.char(1) ? call[1] : call[0] }
        add("min", [.char, .char]) { call in call.char(1) < call.char(0) ? call[1] : call[0] }
    }

    /// `to_upper`, `to_lower` (new value) and `make_upper`, `make_lower` (in place), for strings
    /// and characters. A character whose other case is several characters stays as it is.
    private func registerStringCase() {
        add("to_upper", [.string]) { call in .string(upperCased(call.string(0))) }
        add("to_lower", [.string]) { call in .string(lowerCased(call.string(0))) }
        add("make_upper", [.string]) { call in
            call.withString { $0 = upperCased($0) }
            return .unit
        }
        add("make_lower", [.string]) { call in
            call.withString { $0 = lowerCased($0) }
            return .unit
        }
        add("to_upper", [.char]) { call in .char(call.char(0).rhaiUppercased) }
        add("to_lower", [.char]) { call in .char(call.char(0).rhaiLowercased) }
        add("make_upper", [.char]) { call in
            call[0] = .char(call.char(0).rhaiUppercased)
            return .unit
        }
        add("make_lower", [.char]) { call in
            call[0] = .char(call.char(0).rhaiLowercased)
            return .unit
        }
    }

    /// `contains`, `starts_with`, `ends_with` and `index_of`, with a string or character pattern.
    private func registerStringSearch() {
        for pattern in [ParameterType.string, .char] {
            add("contains", [.string, pattern]) { call in
                .bool(StringBytes(call.string(0)).contains(Array(call.string(1).utf8)))
            }
            add("starts_with", [.string, pattern]) { call in .bool(call.string(0).hasBytePrefix(call.string(1))) }
            add("ends_with", [.string, pattern]) { call in .bool(call.string(0).hasByteSuffix(call.string(1))) }
            add("index_of", [.string, pattern]) { call in .int(indexOf(call.string(1), in: call.string(0), from: 0)) }
            add("index_of", [.string, pattern, .int]) { call in
                .int(indexOf(call.string(1), in: call.string(0), from: call.int(2)))
            }
        }
    }

    /// In-place edits: `clear`, `trim`, `truncate`, `pop`, `remove`, `replace`, `pad`.
    private func registerStringEditing() {
        add("clear", [.string]) { call in
            call.withString { $0 = "" }
            return .unit
        }
        add("trim", [.string]) { call in
            call.withString { $0 = $0.trimmingWhitespace() }
            return .unit
        }
        add("truncate", [.string, .int]) { call in
            let length = call.int(1)
            call.withString { text in
                let characters = text.unicodeScalars
                if length <= 0 {
                    text = ""
                } else if length < characters.count {
                    text = String(String.UnicodeScalarView(characters.prefix(Int(length))))
                }
            }
            return .unit
        }
        add("pop", [.string]) { call in
            call.withString { text in text.unicodeScalars.popLast().map { .char($0) } ?? .unit }
        }
        add("pop", [.string, .int]) { call in
            let count = call.int(1)
            return call.withString { text in
                guard !text.isEmpty && count > 0 else { return .string("") }
                let characters = text.unicodeScalars
                guard count < characters.count else {
                    defer { text = "" }
                    return .string(text)
                }
                let cut = characters.index(characters.endIndex, offsetBy: -Int(count))
                defer { text.unicodeScalars.removeSubrange(cut...) }
                return .string(String(String.UnicodeScalarView(characters[cut...])))
            }
        }
        for pattern in [ParameterType.string, .char] {
            add("remove", [.string, pattern]) { call in
                let target = Array(call.string(1).utf8)
                if !target.isEmpty { call.withString { $0 = StringBytes($0).replacing(target, with: []) } }
                return .unit
            }
            for replacement in [ParameterType.string, .char] {
                add("replace", [.string, pattern, replacement]) { call in
                    let target = Array(call.string(1).utf8)
                    let substitute = Array(call.string(2).utf8)
                    try reserveReplacement(call, target, substitute)
                    call.withString { text in
                        if !text.isEmpty { text = StringBytes(text).replacing(target, with: substitute) }
                    }
                    return .unit
                }
            }
            add("pad", [.string, .int, pattern]) { call in
                try pad(&call, with: Array(call.string(2).unicodeScalars))
                return .unit
            }
        }
    }
}

/// Rust Rhai's `to_upper` of a string (unchanged when every character is upper-case).
private func upperCased(_ text: String) -> String {
    text.unicodeScalars.allSatisfy(\.properties.isUppercase) ? text : text.rustUppercased()
}

/// Rust Rhai's `to_lower` of a string (unchanged when every character is lower-case).
private func lowerCased(_ text: String) -> String {
    text.unicodeScalars.allSatisfy(\.properties.isLowercase) ? text : text.rustLowercased()
}

/// Rust Rhai's `index_of`: the character position of the first match at or after `start`, or -1.
/// A negative `start` counts from the end (clamped at the beginning); a `start` at or past the
/// end, or an empty string, finds nothing (not even an empty pattern).
private func indexOf(_ pattern: String, in text: String, from start: Int64) -> Int64 {
    guard !text.isEmpty else { return -1 }
    let count = text.unicodeScalars.count
    let first: Int
    if start < 0 {
        first = start.magnitude > UInt64(count) ? 0 : count - Int(start.magnitude)
    } else {
        guard start < count else { return -1 }
        first = Int(start)
    }
    let bytes = StringBytes(text)
    guard let match = bytes.firstMatch(Array(pattern.utf8), from: bytes.byteOffset(ofCharacter: first)) else { return -1 }
    return Int64(bytes.characterCount(upTo: match.lowerBound))
}

/// Rust Rhai's `pad`: appends `filler` (cut at the end) until the string has `length`
/// characters, within the engine's string size limit.
private func pad(_ call: inout NativeCall, with filler: [Unicode.Scalar]) throws {
    let length = call.int(1)
    guard length > 0 else { return }
    let limit = call.runtime.engine.limits.maxStringSize
    if limit > 0 && length > limit {
        throw RhaiError.dataTooLarge("Length of string", call.position)
    }
    let target = Int(length)
    let position = call.position
    // Rust v1.25.0 loops forever padding with an empty string; this leaves the string as it is.
    guard !filler.isEmpty else { return }
    let widest = filler.map { $0.utf8.count }.max() ?? 1
    let (bytes, overflow) = target.multipliedReportingOverflow(by: widest)
    try call.runtime.reserveMemory(overflow ? .max / 2 : max(bytes - call.string(0).utf8.count, 0), for: call)
    try call.withString { text in
        var count = text.unicodeScalars.count
        guard count < target else { return }
        while count < target {
            let taken = min(filler.count, target - count)
            text.unicodeScalars.append(contentsOf: filler[..<taken])
            count += taken
        }
        if limit > 0 && text.utf8.count > limit {
            throw RhaiError.dataTooLarge("Length of string", position)
        }
    }
}

/// Charges the growth `replace` will make (one scan for the matches, only under a memory limit).
private func reserveReplacement(_ call: NativeCall, _ target: [UInt8], _ substitute: [UInt8]) throws {
    guard call.runtime.memoryLimit > 0, !target.isEmpty, substitute.count > target.count else { return }
    let bytes = StringBytes(call.string(0))
    var matches = 0
    var start = 0
    while let match = bytes.firstMatch(target, from: start) {
        matches += 1
        start = match.upperBound
    }
    let (growth, overflow) = matches.multipliedReportingOverflow(by: substitute.count - target.count)
    try call.runtime.reserveMemory(overflow ? .max / 2 : growth, for: call)
}

/// Start and end (exclusive) of a range value clamped to 0...length.
func rangeBounds(_ range: Dynamic, _ length: Int) -> (Int, Int) {
    switch range {
    case .range(let start, let end):
        let from = clampedPosition(start, length)
        return (from, max(from, clampedPosition(end, length)))
    case .inclusiveRange(let start, let end):
        let from = clampedPosition(start, length)
        let last = end < 0 ? Int64(length) + end : end
        let upper = last < 0 ? 0 : (last >= Int64(length) ? length : Int(last) + 1)
        return (from, max(from, upper))
    default:
        return (0, length)
    }
}

extension String {
    /// A string made of the given Unicode scalars.
    init<S: Sequence<Unicode.Scalar>>(scalars: S) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.init(view)
    }
}
