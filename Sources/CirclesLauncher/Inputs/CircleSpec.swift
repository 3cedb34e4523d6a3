import CirclesCore

/// The seed's `-c/--circle PUBLIC_KEY[:init_script.rhai]` form.
public enum CircleSpec {
    /// Parses one `-c` value. The key is validated and normalised; the script path is kept as given.
    public static func parse(_ text: String) throws -> CircleRequest {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let key = try PublicKey(parsing: String(parts[0]))
        let script = parts.count == 2 ? String(parts[1]) : nil
        if script?.isEmpty == true {
            throw UsageError("-c \(text): the init script after \":\" is empty; write -c PUBLIC_KEY or -c PUBLIC_KEY:script.rhai")
        }
        return CircleRequest(name: CircleRequest.defaultName(for: key), publicKey: key, scriptPath: script)
    }
}
