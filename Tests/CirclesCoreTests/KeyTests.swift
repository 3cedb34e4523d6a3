import Testing
@testable import CirclesCore

@Suite struct KeyTests {
    @Test func keccakPublishedVectors() {
        #expect(Hex.encode(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        // Multi-block input (200 bytes > the 136-byte rate), NIST/Keccak team "The quick brown fox" vector.
        #expect(Hex.encode(Keccak256.hash(Array("The quick brown fox jumps over the lazy dog".utf8)))
            == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
        #expect(Keccak256.hash([UInt8](repeating: 0x61, count: 200)).count == 32)
    }

    /// web3.js documentation: `web3.eth.accounts.sign('Some data', '0x4c08…2318')`.
    @Test func personalSignPublishedVector() throws {
        let key = try PrivateKey(parsing: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
        #expect(Hex.encode(PersonalSign.digest(Array("Some data".utf8))) == "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655")
        let signature = PersonalSign.sign("Some data", with: key)
        #expect(signature == "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c")
        #expect(try PersonalSign.recover("Some data", signature: "0x" + signature) == key.publicKey)
    }

    @Test func signRecoverRoundTripAndRecoveryByteForms() throws {
        let key = PrivateKey.generate()
        let signature = PersonalSign.sign("nonce_1700000000_abc", with: key)
        #expect(try PersonalSign.verify("nonce_1700000000_abc", signature: signature, by: key.publicKey))
        #expect(try !PersonalSign.verify("nonce_1700000000_abd", signature: signature, by: key.publicKey))
        let v = UInt8(signature.suffix(2), radix: 16)!
        let zeroBased = String(signature.dropLast(2)) + (v == 27 ? "00" : "01")
        #expect(try PersonalSign.verify("nonce_1700000000_abc", signature: zeroBased, by: key.publicKey))
        #expect(throws: KeyError.self) { try PersonalSign.recover("x", signature: String(signature.dropLast(2)) + "1d") }
    }

    @Test func highSSignaturesAreRejected() throws {
        let key = PrivateKey.generate()
        let signature = PersonalSign.sign("m", with: key)
        // s' = n - s flips a low-S signature to high-S (and v to the other parity).
        let order: [UInt8] = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!
        let s = Hex.decode(Substring(signature.dropFirst(64).prefix(64)))!
        var highS = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in (0..<32).reversed() {
            let difference = Int(order[i]) - Int(s[i]) - borrow
            highS[i] = UInt8((difference + 256) % 256)
            borrow = difference < 0 ? 1 : 0
        }
        let flipped = String(signature.prefix(64)) + Hex.encode(highS) + (signature.hasSuffix("1b") ? "1c" : "1b")
        #expect(throws: KeyError.self) { try PersonalSign.recover("m", signature: flipped) }
    }

    @Test func publicKeyNormalisation() throws {
        let key = PrivateKey.generate().publicKey
        #expect(try PublicKey(parsing: key.hex.uppercased()) == key)
        #expect(try PublicKey(parsing: "0x" + key.hex) == key)
        #expect(try PublicKey(parsing: "0X" + key.uncompressedHex.uppercased()) == key)
        #expect(try PublicKey(parsing: key.uncompressedHex).hex == key.hex)
        #expect(key.hex.count == 66 && key.hex == key.hex.lowercased())
    }

    static let generator = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"

    /// Malformed public keys and the reason each must give (docs/PROTOCOL.md §1).
    static let malformed: [(input: String, reason: String)] = [
        ("", "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 0"),
        ("0x", "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 0"),
        (" ", "expected hex digits only, found ' ' at position 1"),
        ("   \t", "expected hex digits only, found ' ' at position 1"),
        (" " + generator, "expected hex digits only, found ' ' at position 1"),
        (generator + "\n", "expected hex digits only, found '\\n' at position 67"),
        ("02", "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 2"),
        (String(generator.dropLast()), "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 65"),
        (generator + "00", "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 68"),
        (String(generator.dropFirst(2)), "expected 66 hex chars (compressed, 02/03…) or 130 (uncompressed, 04…), got 64 (an x-only key has no parity: add the 02 or 03 prefix)"),
        ("02" + String(repeating: "g", count: 64), "expected hex digits only, found 'g' at position 3"),
        ("zz" + String(generator.dropFirst(2)), "expected hex digits only, found 'z' at position 1"),
        ("0x0x" + String(generator.dropFirst(4)), "expected hex digits only, found 'x' at position 4"),
        ("05" + String(generator.dropFirst(2)), "a 66-char key must start with 02 or 03, got 05"),
        ("04" + String(generator.dropFirst(2)), "a 66-char key must start with 02 or 03, got 04"),
        ("02" + String(repeating: "0", count: 64), "not a point on the secp256k1 curve"),
        ("02" + String(repeating: "f", count: 64), "not a point on the secp256k1 curve"),
        // x = p, the field size: no curve point has it.
        ("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", "not a point on the secp256k1 curve"),
        ("04" + String(repeating: "1", count: 128), "not a point on the secp256k1 curve"),
        ("02" + String(repeating: "1", count: 128), "a 130-char key must start with 04, got 02"),
        ("02é" + String(repeating: "1", count: 63), "expected hex digits only, found 'é' at position 3"),
        ("02\u{7}" + String(repeating: "1", count: 63), "expected hex digits only, found '\\u{07}' at position 3"),
    ]

    @Test(arguments: malformed)
    func malformedPublicKeysGiveTheProtocolMessage(input: String, reason: String) {
        #expect(throws: KeyError.invalidPublicKey(input: input, reason: reason)) { try PublicKey(parsing: input) }
        let message = KeyError.invalidPublicKey(input: input, reason: reason).description
        #expect(message.hasPrefix("invalid public key \""))
        #expect(!message.contains("\n"))
    }

    @Test func longInputsAreShortenedInMessages() {
        #expect(KeyError.shorten("02a1" + String(repeating: "0", count: 62) + "c3d4") == "02a1…c3d4")
        #expect(KeyError.shorten("a\nb") == "a\\nb")
        #expect(KeyError.shorten("é\"") == "é\\\"")
    }

    @Test func privateKeyErrorsNeverQuoteTheKey() {
        let secret = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231"
        do {
            _ = try PrivateKey(parsing: secret)
            Issue.record("a 63-char private key was accepted")
        } catch {
            #expect(!"\(error)".contains("4c0883"))
            #expect("\(error)" == "invalid private key: expected 64 hex chars, got 63")
        }
        #expect(throws: KeyError.invalidPrivateKey(reason: "the value is zero or not below the curve order")) {
            try PrivateKey(parsing: String(repeating: "0", count: 64))
        }
    }
}
