/// Errors about keys and signatures; all are usage errors (exit 64) except a failed verification.
public enum KeyError: Failure, Equatable {
    case invalidPublicKey(input: String, reason: String)
    case invalidPrivateKey(reason: String)
    case invalidSignature(reason: String)
    case keyFile(path: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidPublicKey(input, reason):
            return "invalid public key \"\(KeyError.shorten(input))\": \(reason)"
        case let .invalidPrivateKey(reason):
            return "invalid private key: \(reason)"
        case let .invalidSignature(reason):
            return "invalid signature: \(reason)"
        case let .keyFile(path, problem):
            return "key file \(path): \(problem)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .keyFile: return ExitStatus.failure
        default: return ExitStatus.usage
        }
    }

    /// A character as shown inside quotes: printable ones as they are, control characters,
    /// quotes and backslashes escaped (`\n`, `\"`, `\u{7F}`).
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let printable = scalar.value >= 0x20 && scalar.value != 0x7f && !(0x80...0x9f).contains(scalar.value)
            && scalar != "\"" && scalar != "\\" && scalar != "'"
        return printable ? String(scalar) : scalar.escaped(asASCII: false)
    }

    /// The input as quoted in messages: control characters escaped, long inputs cut to `abcd…wxyz`.
    static func shorten(_ input: String) -> String {
        let escaped = input.unicodeScalars.map(visible)
        guard escaped.count > 12 else { return escaped.joined() }
        return escaped.prefix(4).joined() + "…" + escaped.suffix(4).joined()
    }
}
