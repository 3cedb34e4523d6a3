import CSecp256k1

/// A secp256k1 public key that names a circle. Always a valid curve point; its `hex` is the
/// canonical form of docs/PROTOCOL.md §1: compressed SEC1, 66 lowercase hex chars.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The 33-byte compressed encoding.
    public let compressed: [UInt8]

    /// Canonical text: 66 lowercase hex chars starting `02` or `03` (kept: keys name Redis keys on hot paths).
    public let hex: String
    public var description: String { hex }

    /// The 130-hex uncompressed form (`04…`).
    public var uncompressedHex: String {
        var key = parsed
        return Hex.encode(Secp256k1.serialize(&key, compressed: false))
    }

    /// Parses any accepted input form: compressed (66 hex) or uncompressed (130 hex, `04…`),
    /// any letter case, with or without `0x`. Throws `KeyError.invalidPublicKey` otherwise.
    public init(parsing input: String) throws {
        let body = Substring(input).droppingHexPrefix
        func invalid(_ reason: String) -> KeyError { .invalidPublicKey(input: input, reason: reason) }
        if let (offset, character) = Hex.firstNonHex(body) {
            let shown = character.unicodeScalars.map(KeyError.visible).joined()
            throw invalid("expected hex digits only, found '\(shown)' at position \(offset + input.count - body.count + 1)")
        }
        guard body.count == 66 || body.count == 130 else {
            let hint = body.count == 64 ? " (an x-only key has no parity: add the 02 or 03 prefix)" : ""
            throw invalid("expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got \(body.count)\(hint)")
        }
        let prefix = body.prefix(2)
        guard body.count == 66 ? (prefix == "02" || prefix == "03") : prefix == "04" else {
            throw invalid(body.count == 66
                ? "a 66-char key must start with 02 or 03, got \(prefix)"
                : "a 130-char key must start with 04, got \(prefix)")
        }
        var key = secp256k1_pubkey()
        let bytes = Hex.decode(body)!
        guard secp256k1_ec_pubkey_parse(Secp256k1.context, &key, bytes, bytes.count) == 1 else {
            throw invalid("not a point on the secp256k1 curve")
        }
        compressed = Secp256k1.serialize(&key, compressed: true)
        hex = Hex.encode(compressed)
    }

    init(_ key: secp256k1_pubkey) {
        var key = key
        compressed = Secp256k1.serialize(&key, compressed: true)
        hex = Hex.encode(compressed)
    }

    /// The key in libsecp256k1's internal form.
    var parsed: secp256k1_pubkey {
        var key = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_parse(Secp256k1.context, &key, compressed, compressed.count)
        return key
    }

    public init(from decoder: Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
