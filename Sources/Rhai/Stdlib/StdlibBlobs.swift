/// BLOB functions (Rhai's BasicBlobPackage, ported from `blob_basic.rs`): byte arrays whose
/// elements are integers 0…255 (a value stored is cut to its low byte). Positions and spans
/// resolve like the array functions' (see `offsetAndLength`).
extension StandardLibrary {
    func registerBlobs() {
        registerBlobBasics()
        registerBlobSpans()
        registerBlobNumbers()
    }

    private func registerBlobBasics() {
        add("blob", []) { _ in .blob([]) }
        add("blob", [.int]) { call in try makeBlob(call, call.int(0), 0) }
        add("blob", [.int, .int]) { call in try makeBlob(call, call.int(0), call.int(1)) }
        add("to_array", [.blob]) { call in .array(call.blob(0).map { .int(Int64($0)) }) }
        add("as_string", [.blob]) { call in .string(String(decoding: call.blob(0), as: UTF8.self)) }
        add("len", [.blob]) { call in .int(Int64(call.blob(0).count)) }
        add("is_empty", [.blob]) { call in .bool(call.blob(0).isEmpty) }
        add("contains", [.blob, .int]) { call in .bool(call.blob(0).contains(byte(call.int(1)))) }
        add("get", [.blob, .int]) { call in
            let bytes = call.blob(0)
            let (index, _) = offsetAndLength(bytes.count, call.int(1), 0)
            return .int(index < bytes.count ? Int64(bytes[index]) : 0)
        }
        add("set", [.blob, .int, .int]) { call in
            let (index, value) = (call.int(1), byte(call.int(2)))
            call.withBlob { bytes in
                let (at, _) = offsetAndLength(bytes.count, index, 0)
                if at < bytes.count { bytes[at] = value }
            }
            return .unit
        }
        add(["push", "append"], [.blob, .int]) { call in
            let value = byte(call.int(1))
            try checkGrowth(call, call.blob(0).count + 1)
            call.withBlob { $0.append(value) }
            return .unit
        }
        for type in [ParameterType.blob, .string, .char] {
            add("append", [.blob, type]) { call in
                let extra = bytes(of: call[1])
                try checkGrowth(call, call.blob(0).count + extra.count)
                call.withBlob { $0 += extra }
                return .unit
            }
        }
        add("+", [.blob, .char]) { call in .blob(call.blob(0) + bytes(of: call[1])) }
        add("insert", [.blob, .int, .int]) { call in
            let (index, value) = (call.int(1), byte(call.int(2)))
            try checkGrowth(call, call.blob(0).count + 1)
            call.withBlob { bytes in bytes.insert(value, at: offsetAndLength(bytes.count, index, 0).start) }
            return .unit
        }
        add("pad", [.blob, .int, .int]) { call in
            let (length, value) = (call.int(1), byte(call.int(2)))
            guard length > 0 else { return .unit }
            let limit = call.runtime.engine.limits.maxArraySize
            if limit > 0 && length > Int64(limit) { throw RhaiError.dataTooLarge("Size of BLOB", call.position) }
            try call.runtime.reserveMemory(max(Int(clamping: length) - call.blob(0).count, 0), for: call)
            call.withBlob { bytes in
                if Int64(bytes.count) < length { bytes += repeatElement(value, count: Int(length) - bytes.count) }
            }
            return .unit
        }
        add("pop", [.blob]) { call in .int(Int64(call.withBlob { $0.popLast() } ?? 0)) }
        add("shift", [.blob]) { call in .int(Int64(call.withBlob { $0.isEmpty ? 0 : $0.removeFirst() })) }
        add("remove", [.blob, .int]) { call in
            let index = call.int(1)
            return .int(Int64(call.withBlob { bytes in
                let count = Int64(bytes.count)
                let resolved = index < 0 ? count + index : index
                return resolved >= 0 && resolved < count ? bytes.remove(at: Int(resolved)) : 0
            }))
        }
        add("clear", [.blob]) { call in
            call.withBlob { $0.removeAll() }
            return .unit
        }
        add("truncate", [.blob, .int]) { call in
            let length = call.int(1)
            call.withBlob { bytes in if Int64(bytes.count) > length { bytes.removeLast(bytes.count - Int(max(0, length))) } }
            return .unit
        }
        add("chop", [.blob, .int]) { call in
            let length = call.int(1)
            call.withBlob { bytes in if Int64(bytes.count) > length { bytes.removeFirst(bytes.count - Int(max(0, length))) } }
            return .unit
        }
        add("reverse", [.blob]) { call in
            call.withBlob { $0.reverse() }
            return .unit
        }
    }

    /// Functions on a part of the BLOB: `extract`, `split`, `splice`, `drain`, `retain`.
    private func registerBlobSpans() {
        add("extract", [.blob, .int]) { call in .blob(Array(slice(call.blob(0), call.int(1), .max))) }
        add("split", [.blob, .int]) { call in
            let index = call.int(1)
            return call.withBlob { bytes in
                let (start, _) = offsetAndLength(bytes.count, index, 0)
                defer { bytes.removeSubrange(start...) }
                return .blob(Array(bytes[start...]))
            }
        }
        for span in spanParameters {
            add("extract", [.blob] + span) { call in
                let (start, length) = call.span(at: 1)
                return .blob(Array(slice(call.blob(0), start, length)))
            }
            add("splice", [.blob] + span + [.blob]) { call in
                let (start, length) = call.span(at: 1)
                let replacement = call.blob(call.afterSpan(at: 1))
                let size = call.blob(0).count
                let (from, count) = offsetAndLength(size, start, length)
                try checkGrowth(call, size - count + replacement.count)
                call.withBlob { bytes in
                    // Rust's `splice` appends the replacement when nothing would be replaced.
                    if count == 0 { bytes += replacement } else { bytes.replaceSubrange(from..<from + count, with: replacement) }
                }
                return .unit
            }
            add("drain", [.blob] + span) { call in
                let (start, length) = call.span(at: 1)
                return call.withBlob { bytes in
                    let range = slice(bytes, start, length).indices
                    defer { bytes.removeSubrange(range) }
                    return .blob(Array(bytes[range]))
                }
            }
            add("retain", [.blob] + span) { call in
                let (start, length) = call.span(at: 1)
                return call.withBlob { bytes in
                    guard length > 0 else { return .blob([]) }
                    let range = slice(bytes, start, length).indices
                    // Rust's `retain` cuts the whole BLOB when the start is past its end.
                    defer { bytes = range.isEmpty ? [] : Array(bytes[range]) }
                    return .blob(Array(bytes[..<range.lowerBound] + bytes[range.upperBound...]))
                }
            }
        }
    }

    /// Numbers and text in a part of the BLOB: `parse_le_int`, `write_be`, `write_utf8`, …
    /// At most 8 bytes are read or written, from the start of the number's 8 bytes in that order.
    private func registerBlobNumbers() {
        for span in spanParameters {
            for (name, littleEndian) in [("parse_le_int", true), ("parse_be_int", false)] {
                add(name, [.blob] + span) { call in
                    let bits = parseBits(call, littleEndian: littleEndian)
                    return .int(Int64(bitPattern: bits))
                }
            }
            for (name, littleEndian) in [("parse_le_float", true), ("parse_be_float", false)] {
                add(name, [.blob] + span) { call in
                    .float(Double(bitPattern: parseBits(call, littleEndian: littleEndian)))
                }
            }
            for (name, littleEndian) in [("write_le", true), ("write_be", false)] {
                add(name, [.blob] + span + [.int]) { call in
                    let value = UInt64(bitPattern: call.int(call.afterSpan(at: 1)))
                    call.writeSpan(numberBytes(value, littleEndian: littleEndian))
                    return .unit
                }
                add(name, [.blob] + span + [.float]) { call in
                    let value = call.float(call.afterSpan(at: 1)).bitPattern
                    call.writeSpan(numberBytes(value, littleEndian: littleEndian))
                    return .unit
                }
            }
            for (name, asciiOnly) in [("write_utf8", false), ("write_ascii", true)] {
                add(name, [.blob] + span + [.string]) { call in
                    let text = call.string(call.afterSpan(at: 1))
                    let utf8 = Array(text.utf8)
                    // The span is cut to the text's length in bytes, even for its ASCII characters.
                    call.writeSpan(asciiOnly ? utf8.filter { $0 < 0x80 } : utf8, limit: utf8.count)
                    return .unit
                }
            }
        }
    }
}

private func byte(_ value: Int64) -> UInt8 { UInt8(truncatingIfNeeded: value) }

/// The bytes `append` adds: a BLOB's, or a string's or character's UTF-8 encoding.
private func bytes(of value: Dynamic) -> [UInt8] {
    switch value {
    case .blob(let bytes): return bytes
    case .string(let text): return Array(text.utf8)
    case .char(let character): return Array(String(character).utf8)
    default: return []
    }
}

/// `blob(len, value)`: no bytes for a length ≤ 0.
private func makeBlob(_ call: NativeCall, _ length: Int64, _ value: Int64) throws -> Dynamic {
    guard length > 0 else { return .blob([]) }
    try checkGrowth(call, Int(length))
    try call.runtime.reserveMemory(Int(clamping: length), for: call)
    return .blob([UInt8](repeating: byte(value), count: Int(length)))
}

/// The bytes `extract(start, len)` copies: none for a length ≤ 0.
private func slice(_ bytes: [UInt8], _ start: Int64, _ length: Int64) -> ArraySlice<UInt8> {
    let (from, count) = offsetAndLength(bytes.count, start, length)
    return bytes[from..<from + count]
}

/// The 8 bytes of a number, little- or big-endian.
private func numberBytes(_ bits: UInt64, littleEndian: Bool) -> [UInt8] {
    let bytes = (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
    return littleEndian ? bytes : bytes.reversed()
}

/// The up to 8 bytes of the span given at argument 1, padded with zero bytes after them, as a
/// little- or big-endian number.
private func parseBits(_ call: NativeCall, littleEndian: Bool) -> UInt64 {
    let (start, length) = call.span(at: 1)
    var buffer = Array(slice(call.blob(0), start, length).prefix(8))
    buffer += repeatElement(0, count: 8 - buffer.count)
    if !littleEndian { buffer.reverse() }
    return buffer.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
}

extension NativeCall {
    func blob(_ index: Int) -> [UInt8] {
        if case .blob(let bytes) = arguments[index] { return bytes }
        return []
    }

    /// Writes `source` into the span given at argument 1, as far as both reach (and at most
    /// `limit` bytes of the span).
    fileprivate mutating func writeSpan(_ source: [UInt8], limit: Int = 8) {
        let (start, length) = span(at: 1)
        withBlob { bytes in
            let (from, count) = offsetAndLength(bytes.count, start, length)
            for offset in 0..<min(count, limit, source.count) { bytes[from + offset] = source[offset] }
        }
    }
}
