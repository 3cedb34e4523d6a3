import CSecp256k1

/// A secp256k1 secret key (32 bytes). Its text form is never logged or shown in errors.
public struct PrivateKey: Sendable {
    /// The 32 secret bytes.
    public let bytes: [UInt8]

    /// 64 lowercase hex chars.
    public var hex: String { Hex.encode(bytes) }

    /// A new key from the system CSPRNG, retried until libsecp256k1 accepts it.
    public static func generate() -> PrivateKey {
        var bytes = [UInt8](repeating: 0, count: 32)
        repeat {
            bytes.withUnsafeMutableBytes { SecureRandom.fill($0) }
        } while secp256k1_ec_seckey_verify(Secp256k1.context, bytes) != 1
        return PrivateKey(verified: bytes)
    }

    /// Parses 64 hex chars (optional `0x`, any case). The error never quotes the input.
    public init(parsing input: String) throws {
        let body = Substring(input).droppingHexPrefix
        guard body.count == 64 else {
            throw KeyError.invalidPrivateKey(reason: "expected 64 hex chars, got \(body.count)")
        }
        guard let bytes = Hex.decode(body) else {
            throw KeyError.invalidPrivateKey(reason: "expected hex digits only")
        }
        guard secp256k1_ec_seckey_verify(Secp256k1.context, bytes) == 1 else {
            throw KeyError.invalidPrivateKey(reason: "the value is zero or not below the curve order")
        }
        self.bytes = bytes
    }

    private init(verified bytes: [UInt8]) { self.bytes = bytes }

    /// The matching public key.
    public var publicKey: PublicKey {
        var key = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_create(Secp256k1.context, &key, bytes)
        return PublicKey(key)
    }
}
