import CirclesCore
import Foundation

/// The authentication state of one WebSocket session (PROTOCOL.md §4): the nonces it fetched,
/// each bound to a public key and usable once, and the key it proved, if any.
actor SessionAuth {
    /// At most this many keys may have an outstanding nonce in one session; older ones are dropped.
    static let maximumOutstandingNonces = 16

    /// The key this session proved with `authenticate`, or nil.
    private(set) var authenticatedKey: PublicKey?
    private var outstanding: [PublicKey: (nonce: String, expiresAt: Double)] = [:]
    private let timeToLive: Double

    init(nonceTimeToLive: Double) {
        timeToLive = nonceTimeToLive
    }

    /// A fresh nonce `nonce_<unix>_<32 hex>` for `key`; it replaces the key's earlier nonce.
    func issueNonce(for key: PublicKey, now: Double = Date().timeIntervalSince1970) -> (nonce: String, expiresAt: Double) {
        outstanding = outstanding.filter { $0.value.expiresAt > now }
        if outstanding.count >= Self.maximumOutstandingNonces, outstanding[key] == nil,
           let oldest = outstanding.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
            outstanding[oldest.key] = nil
        }
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let entry = (nonce: "nonce_\(Int(now))_\(Hex.encode(random))", expiresAt: now + timeToLive)
        outstanding[key] = entry
        return entry
    }

    /// Checks `signature` (personal_sign of the key's outstanding nonce). The nonce is consumed
    /// whatever the outcome; on success the session is authenticated as `key`.
    func authenticate(key: PublicKey, signature: String, now: Double = Date().timeIntervalSince1970) throws(RPCError) {
        guard let entry = outstanding.removeValue(forKey: key) else {
            throw .invalidCredentials("this session has no unused nonce for \(key.hex); call fetch_nonce with this pubkey first (a nonce works once)")
        }
        guard entry.expiresAt > now else {
            throw .invalidCredentials("the nonce for \(key.hex) expired at \(Int(entry.expiresAt)); call fetch_nonce again and sign the new nonce")
        }
        let signer: PublicKey
        do {
            signer = try PersonalSign.recover(entry.nonce, signature: signature)
        } catch {
            throw .invalidCredentials("\(error); sign the nonce text with personal_sign and send r‖s‖v as 130 hex chars")
        }
        guard signer == key else {
            throw .invalidCredentials("the signature was made by \(signer.hex), not by \(key.hex); sign the nonce with the private key of the pubkey you name")
        }
        authenticatedKey = key
    }
}
