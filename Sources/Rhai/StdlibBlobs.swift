/// BLOBs (byte arrays): creation, access, conversion.
extension StandardLibrary {
    func registerBlobs() {
        add("blob", []) { _ in .blob([]) }
        add("blob", [.int]) { call in
            try checkBlobSize(call, Int(clamping: call.int(0)))
            return .blob([UInt8](repeating: 0, count: max(0, Int(clamping: call.int(0)))))
        }
        add("blob", [.int, .int]) { call in
            try checkBlobSize(call, Int(clamping: call.int(0)))
            return .blob([UInt8](repeating: UInt8(truncatingIfNeeded: call.int(1)), count: max(0, Int(clamping: call.int(0)))))
        }
        add("len", [.blob]) { call in .int(Int64(call[0].asBlob!.count)) }
        add("is_empty", [.blob]) { call in .bool(call[0].asBlob!.isEmpty) }
        add("push", [.blob, .int]) { call in
            let byte = UInt8(truncatingIfNeeded: call.int(1))
            call.withBlob { $0.append(byte) }
            return .unit
        }
        add(["append", "+="], [.blob, .blob]) { call in
            let extra = call[1].asBlob!
            call.withBlob { $0 += extra }
            return .unit
        }
        add("insert", [.blob, .int, .int]) { call in
            let position = call.int(1)
            let byte = UInt8(truncatingIfNeeded: call.int(2))
            call.withBlob { bytes in bytes.insert(byte, at: clampedPosition(position, bytes.count)) }
            return .unit
        }
        for (name, littleEndian) in [("parse_le_int", true), ("parse_be_int", false)] {
            add(name, [.blob, .int, .int]) { call in
                let bytes = call[0].asBlob!
                let start = clampedPosition(call.int(1), bytes.count)
                let count = min(8, max(0, Int(clamping: call.int(2))), bytes.count - start)
                var value: UInt64 = 0
                for offset in 0..<count {
                    let byte = UInt64(bytes[start + offset])
                    value |= littleEndian ? byte << UInt64(8 * offset) : byte << UInt64(8 * (count - 1 - offset))
                }
                return .int(Int64(bitPattern: value))
            }
        }
        for (name, littleEndian) in [("write_le", true), ("write_be", false)] {
            add(name, [.blob, .int, .int, .int]) { call in
                let start = call.int(1)
                let length = call.int(2)
                let value = UInt64(bitPattern: call.int(3))
                call.withBlob { bytes in
                    let from = clampedPosition(start, bytes.count)
                    let count = min(8, max(0, Int(clamping: length)), bytes.count - from)
                    for offset in 0..<count {
                        let shift = littleEndian ? 8 * offset : 8 * (count - 1 - offset)
                        bytes[from + offset] = UInt8(truncatingIfNeeded: value >> UInt64(shift))
                    }
                }
                return .unit
            }
        }
        add("pop", [.blob]) { call in call.withBlob { $0.popLast().map { .int(Int64($0)) } ?? .unit } }
        add("clear", [.blob]) { call in
            call.withBlob { $0.removeAll() }
            return .unit
        }
        add("contains", [.blob, .int]) { call in
            .bool(call[0].asBlob!.contains(UInt8(truncatingIfNeeded: call.int(1))))
        }
        add("to_array", [.blob]) { call in .array(call[0].asBlob!.map { .int(Int64($0)) }) }
        add("as_string", [.blob]) { call in .string(String(decoding: call[0].asBlob!, as: UTF8.self)) }
        add("to_blob", [.array]) { call in
            .blob(call.array(0).map { UInt8(truncatingIfNeeded: $0.asInt ?? 0) })
        }
        add("extract", [.blob, .int, .int]) { call in
            let bytes = call[0].asBlob!
            let start = clampedPosition(call.int(1), bytes.count)
            let length = max(0, Int(clamping: call.int(2)))
            return .blob(Array(bytes[start..<min(bytes.count, start + min(length, bytes.count))]))
        }
    }
}

private func checkBlobSize(_ call: NativeCall, _ size: Int) throws {
    let limit = call.runtime.engine.limits.maxArraySize
    if limit > 0 && size > limit { throw RhaiError.dataTooLarge("Size of BLOB", call.position) }
}
