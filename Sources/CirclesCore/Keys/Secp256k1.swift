import CSecp256k1

/// The process-wide libsecp256k1 context: created and randomised once, then shared.
/// libsecp256k1 contexts are safe for concurrent use by every call made here.
enum Secp256k1 {
    nonisolated(unsafe) static let context: OpaquePointer = {
        // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY (both accepted by every library version).
        let flags = UInt32(SECP256K1_FLAGS_TYPE_CONTEXT | SECP256K1_FLAGS_BIT_CONTEXT_SIGN | SECP256K1_FLAGS_BIT_CONTEXT_VERIFY)
        let context = secp256k1_context_create(flags)!
        var seed = [UInt8](repeating: 0, count: 32)
        seed.withUnsafeMutableBytes { SecureRandom.fill($0) }
        _ = secp256k1_context_randomize(context, seed)
        return context
    }()

    static let compressedFlag = UInt32(SECP256K1_FLAGS_TYPE_COMPRESSION | SECP256K1_FLAGS_BIT_COMPRESSION)
    static let uncompressedFlag = UInt32(SECP256K1_FLAGS_TYPE_COMPRESSION)

    /// Serialises a parsed public key, compressed (33 bytes) or uncompressed (65 bytes).
    static func serialize(_ key: inout secp256k1_pubkey, compressed: Bool) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var length = output.count
        _ = secp256k1_ec_pubkey_serialize(context, &output, &length, &key, compressed ? compressedFlag : uncompressedFlag)
        return output
    }
}
