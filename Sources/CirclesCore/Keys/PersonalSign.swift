import CSecp256k1

/// Ethereum `personal_sign`: ECDSA over
/// `keccak256("\x19Ethereum Signed Message:\n" + decimal byte length + message)`,
/// as 65 bytes `r‖s‖v` with `v` in {27, 28}. Only low-S signatures are made or accepted.
public enum PersonalSign {
    /// The digest that is signed for `message`.
    public static func digest<Bytes: Collection>(_ message: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        Keccak256.hash(Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8) + message)
    }

    /// Signs `message` (its UTF-8 bytes) and returns the 130-hex signature.
    public static func sign(_ message: String, with key: PrivateKey) -> String {
        var signature = secp256k1_ecdsa_recoverable_signature()
        _ = secp256k1_ecdsa_sign_recoverable(Secp256k1.context, &signature, digest(Array(message.utf8)), key.bytes, nil, nil)
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.context, &compact, &recoveryID, &signature)
        return Hex.encode(compact + [UInt8(27 + recoveryID)])
    }

    /// The public key that made `signature` (130 hex, optional `0x`, `v` in {0, 1, 27, 28}) over `message`.
    public static func recover(_ message: String, signature text: String) throws -> PublicKey {
        let body = Substring(text).droppingHexPrefix
        guard body.count == 130 else {
            throw KeyError.invalidSignature(reason: "expected 130 hex chars (r‖s‖v), got \(body.count)")
        }
        guard let bytes = Hex.decode(body) else {
            throw KeyError.invalidSignature(reason: "expected hex digits only")
        }
        let v = bytes[64]
        guard [0, 1, 27, 28].contains(v) else {
            throw KeyError.invalidSignature(reason: "the recovery byte v must be 0, 1, 27 or 28, got \(v)")
        }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(Secp256k1.context, &signature, Array(bytes[0..<64]), Int32(v % 27)) == 1 else {
            throw KeyError.invalidSignature(reason: "r or s is out of range")
        }
        var plain = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_recoverable_signature_convert(Secp256k1.context, &plain, &signature)
        var normalized = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_normalize(Secp256k1.context, &normalized, &plain) == 0 else {
            throw KeyError.invalidSignature(reason: "s is not in the lower half of the curve order (high-S signatures are not accepted)")
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(Secp256k1.context, &key, &signature, digest(Array(message.utf8))) == 1 else {
            throw KeyError.invalidSignature(reason: "no public key can be recovered from it")
        }
        return PublicKey(key)
    }

    /// Whether `signature` over `message` was made by `key`. Malformed signatures throw.
    public static func verify(_ message: String, signature: String, by key: PublicKey) throws -> Bool {
        try recover(message, signature: signature) == key
    }
}
