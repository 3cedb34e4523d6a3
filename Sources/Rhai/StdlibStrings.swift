/// String and character functions (Rhai's MoreStringPackage). Mutating ones (`trim`,
/// `pad`, `replace`, `truncate`, `crop`, `clear`, …) change the string in place.
extension StandardLibrary {
    func registerStrings() {
        add(["len"], [.string]) { call in .int(Int64(call.string(0).unicodeScalars.count)) }
        add("is_empty", [.string]) { call in .bool(call.string(0).isEmpty) }
        add("bytes", [.string]) { call in .int(Int64(call.string(0).utf8.count)) }
        add("to_upper", [.string]) { call in .string(call.string(0).uppercased()) }
        add("to_lower", [.string]) { call in .string(call.string(0).lowercased()) }
        add("to_upper", [.char]) { call in .char(String(call.char(0)).uppercased().unicodeScalars.first!) }
        add("to_lower", [.char]) { call in .char(String(call.char(0)).lowercased().unicodeScalars.first!) }
        add("make_upper", [.string]) { call in
            call.withString { $0 = $0.uppercased() }
            return .unit
        }
        add("make_lower", [.string]) { call in
            call.withString { $0 = $0.lowercased() }
            return .unit
        }
        add("trim", [.string]) { call in
            call.withString { $0 = $0.trimmingWhitespace() }
            return .unit
        }
        add("clear", [.string]) { call in
            call.withString { $0 = "" }
            return .unit
        }
        add("truncate", [.string, .int]) { call in
            let length = max(0, Int(clamping: call.int(1)))
            call.withString { text in if text.count > length { text = String(text.prefix(length)) } }
            return .unit
        }
        for padding in [ParameterType.char, .string] {
            add("pad", [.string, .int, padding]) { call in
                let target = Int(clamping: call.int(1))
                let filler = call.string(2)
                let limit = call.runtime.engine.limits.maxStringSize
                if limit > 0 && target > limit {
                    throw RhaiError.dataTooLarge("Length of string", call.position)
                }
                guard !filler.isEmpty else { return .unit }
                call.withString { text in
                    while text.count < target {
                        let remaining = target - text.count
                        text += filler.count <= remaining ? filler : String(filler.prefix(remaining))
                    }
                }
                return .unit
            }
            add(["append", "+="], [.string, padding]) { call in
                let extra = call.string(1)
                call.withString { $0 += extra }
                return .unit
            }
            add("contains", [.string, padding]) { call in
                let needle = call.string(1)
                return .bool(needle.isEmpty || call.string(0).contains(needle))
            }
            add("starts_with", [.string, padding]) { call in .bool(call.string(0).hasPrefix(call.string(1))) }
            add("ends_with", [.string, padding]) { call in .bool(call.string(0).hasSuffix(call.string(1))) }
            add("index_of", [.string, padding]) { call in .int(characterIndex(of: call.string(1), in: call.string(0), from: 0)) }
            add("index_of", [.string, padding, .int]) { call in
                let text = call.string(0)
                return .int(characterIndex(of: call.string(1), in: text, from: clampedPosition(call.int(2), text.count)))
            }
            add("remove", [.string, padding]) { call in
                let target = call.string(1)
                call.withString { $0 = $0.replacingAll(target, with: "") }
                return .unit
            }
            add("split", [.string, padding]) { call in
                let separator = call.string(1)
                return .array(splitString(call.string(0), separator).map { .string($0) })
            }
            add("split_rev", [.string, padding]) { call in
                .array(splitString(call.string(0), call.string(1)).reversed().map { .string($0) })
            }
            add("split", [.string, padding, .int]) { call in
                let separator = call.string(1)
                let limit = max(1, Int(clamping: call.int(2)))
                var parts = splitString(call.string(0), separator)
                if parts.count > limit {
                    let tail = parts[(limit - 1)...].joined(separator: separator)
                    parts = Array(parts[..<(limit - 1)]) + [tail]
                }
                return .array(parts.map { .string($0) })
            }
            for replacement in [ParameterType.char, .string] {
                add("replace", [.string, padding, replacement]) { call in
                    let target = call.string(1)
                    let substitute = call.string(2)
                    call.withString { $0 = $0.replacingAll(target, with: substitute) }
                    return .unit
                }
            }
        }
        add("split", [.string]) { call in
            .array(call.string(0).split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
        }
        add("split", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let index = clampedPosition(call.int(1), characters.count)
            return .array([.string(String(scalars: characters[..<index])), .string(String(scalars: characters[index...]))])
        }
        add("sub_string", [.string, .int, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let start = clampedPosition(call.int(1), characters.count)
            let length = max(0, Int(clamping: call.int(2)))
            return .string(String(scalars: characters[start..<min(characters.count, start + min(length, characters.count))]))
        }
        add("sub_string", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let start = clampedPosition(call.int(1), characters.count)
            return .string(String(scalars: characters[start...]))
        }
        for type in [ParameterType.range, .inclusiveRange] {
            add("sub_string", [.string, type]) { call in
                let characters = Array(call.string(0).unicodeScalars)
                let (start, end) = rangeBounds(call[1], characters.count)
                return .string(String(scalars: characters[start..<end]))
            }
        }
        add("crop", [.string, .int, .int]) { call in
            let start = call.int(1)
            let length = max(0, Int(clamping: call.int(2)))
            call.withString { text in
                let characters = Array(text.unicodeScalars)
                let from = clampedPosition(start, characters.count)
                text = String(scalars: characters[from..<min(characters.count, from + min(length, characters.count))])
            }
            return .unit
        }
        add("crop", [.string, .int]) { call in
            let start = call.int(1)
            call.withString { text in
                let characters = Array(text.unicodeScalars)
                text = String(scalars: characters[clampedPosition(start, characters.count)...])
            }
            return .unit
        }
        add("chars", [.string]) { call in .array(call.string(0).unicodeScalars.map { .char($0) }) }
        for type in [ParameterType.range, .inclusiveRange] {
            add("chars", [.string, type]) { call in
                let characters = Array(call.string(0).unicodeScalars)
                let (start, end) = rangeBounds(call[1], characters.count)
                return .array(characters[start..<end].map { .char($0) })
            }
        }
        add("chars", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            return .array(characters[clampedPosition(call.int(1), characters.count)...].map { .char($0) })
        }
        add("chars", [.string, .int, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let start = clampedPosition(call.int(1), characters.count)
            let end = min(characters.count, start + max(0, Int(clamping: min(call.int(2), Int64(characters.count)))))
            return .array(characters[start..<end].map { .char($0) })
        }
        add("pop", [.string]) { call in
            call.withString { text in text.unicodeScalars.popLast().map { .char($0) } ?? .unit }
        }
        add("pop", [.string, .int]) { call in
            let count = call.int(1)
            return call.withString { text in
                guard count > 0 else { return .string("") }
                let taken = String(text.suffix(Int(clamping: count)))
                text.removeLast(taken.count)
                return .string(taken)
            }
        }
        add("shift", [.string]) { call in
            call.withString { text in text.isEmpty ? .unit : .char(text.unicodeScalars.removeFirst()) }
        }
        add("to_chars", [.string]) { call in .array(call.string(0).unicodeScalars.map { .char($0) }) }
        add("get", [.string, .int]) { call in
            let characters = Array(call.string(0).unicodeScalars)
            let index = call.int(1)
            let resolved = index < 0 ? Int64(characters.count) + index : index
            guard resolved >= 0 && resolved < Int64(characters.count) else { return .unit }
            return .char(characters[Int(resolved)])
        }
        add("reverse", [.string]) { call in
            call.withString { $0 = String($0.reversed()) }
            return .unit
        }
        add("to_blob", [.string]) { call in .blob(Array(call.string(0).utf8)) }
        add("is_digit", [.char]) { call in .bool(call.char(0).properties.numericType != nil) }
        add("is_alphabetic", [.char]) { call in .bool(call.char(0).properties.isAlphabetic) }
        add("is_whitespace", [.char]) { call in .bool(call.char(0).properties.isWhitespace) }
        add("is_uppercase", [.char]) { call in .bool(call.char(0).properties.isUppercase) }
        add("is_lowercase", [.char]) { call in .bool(call.char(0).properties.isLowercase) }
    }
}

/// The character index of `needle` in `text` at or after `start`, or -1.
func characterIndex(of needle: String, in text: String, from start: Int) -> Int64 {
    let characters = Array(text.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    guard !pattern.isEmpty else { return Int64(min(start, characters.count)) }
    guard pattern.count <= characters.count else { return -1 }
    var index = start
    while index + pattern.count <= characters.count {
        if characters[index] == pattern[0] && Array(characters[index..<index + pattern.count]) == pattern {
            return Int64(index)
        }
        index += 1
    }
    return -1
}

func splitString(_ text: String, _ separator: String) -> [String] {
    guard !separator.isEmpty else { return text.map { String($0) } }
    var parts: [String] = []
    var rest = Substring(text)
    while let range = rest.firstRange(of: separator) {
        parts.append(String(rest[..<range.lowerBound]))
        rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts
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
