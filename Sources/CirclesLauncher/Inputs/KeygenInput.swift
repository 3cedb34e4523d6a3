import CirclesCore

/// `circles-keygen … | circles-spawn -`: one JSON object per line with a `public_key`
/// (and a `private_key_file` or `private_key`, which the launcher does not need). Blank lines
/// are skipped. An optional `name` and `script_path` are honoured.
public enum KeygenInput {
    public static func parse(_ text: String) throws -> [CircleRequest] {
        var requests: [CircleRequest] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingWhitespace
            if trimmed.isEmpty { continue }
            let number = index + 1
            guard let object = (try? JSONValue(parsing: trimmed))?.object else {
                throw LaunchError.keygenLine(number: number, problem: "is not a JSON object")
            }
            guard let keyText = object["public_key"]?.string else {
                throw LaunchError.keygenLine(number: number, problem: "has no \"public_key\" string")
            }
            let key = try PublicKey(parsing: keyText)
            let name = object["name"]?.string ?? CircleRequest.defaultName(for: key)
            if let trouble = CircleName.problem(with: name) {
                throw LaunchError.keygenLine(number: number, problem: "cannot be used: \(trouble)")
            }
            requests.append(CircleRequest(name: name, publicKey: key, scriptPath: object["script_path"]?.string))
        }
        return requests
    }
}
