import CirclesCore
import Foundation
import Synchronization

/// The authentication state of one WebSocket session (docs/PROTOCOL.md §4): the nonces it fetched,
/// each bound to a public key and usable once, and the key it proved, if any.
///
/// A lock rather than an actor: every `play` reads the key, and an actor hop per request costs
/// more than the uncontended lock (a session's requests all run on its event loop).
final class SessionAuth: Sendable {
    /// At most this many keys may have an outstanding nonce in one session; older ones are dropped.
    static let maximumOutstandingNonces = 16

    private struct State {
        var authenticatedKey: PublicKey?
        var outstanding: [PublicKey: (nonce: String, expiresAt: Double)] = [:]
    }

    private let state = Mutex(State())
    private let timeToLive: Double

    /// The key this session proved with `authenticate`, or nil.
    var authenticatedKey: PublicKey? {
        state.withLock { $0.authenticatedKey }
    }

    init(nonceTimeToLive: Double) {
        timeToLive = nonceTimeToLive
    }

    /// A fresh nonce `nonce_<unix>_<32 hex>` for `key`; it replaces the key's earlier nonce.
    func issueNonce(for key: PublicKey, now: Double = Date().timeIntervalSince1970) -> (nonce: String, expiresAt: Double) {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let entry = (nonce: "nonce_\(Int(now))_\(Hex.encode(random))", expiresAt: now + timeToLive)
        state.withLock { state in
            state.outstanding = state.outstanding.filter { $0.value.expiresAt > now }
            if state.outstanding.count >= Self.maximumOutstandingNonces, state.outstanding[key] == nil,
               let oldest = state.outstanding.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                state.outstanding[oldest.key] = nil
            }
            state.outstanding[key] = entry
        }
        return entry
    }

    /// Checks `signature` (personal_sign of the key's outstanding nonce). The nonce is consumed
    /// whatever the outcome; on success the session is authenticated as `key`.
    func authenticate(key: PublicKey, signature: String, now: Double = Date().timeIntervalSince1970) throws(RPCError) {
        guard let entry = state.withLock({ $0.outstanding.removeValue(forKey: key) }) else {
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
        state.withLock { $0.authenticatedKey = key }
    }
}
