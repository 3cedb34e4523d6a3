/// How a launch keeps its Redis URL (docs/PROTOCOL.md §5): the state file holds it without its
/// password; a URL with a password is kept whole in `launch_data/circles.env` (mode 0600, the line
/// `CIRCLES_REDIS_URL=<url>`, which service units read too), and the state names that file.
extension LaunchState.RedisServer {
    private static let variable = "CIRCLES_REDIS_URL"

    /// The state's record of the URL `text`; when it has a password, writes the environment file first.
    /// - Throws: `RedisError.invalidURL` for a URL that does not parse; `FileError` when the file cannot be written.
    public static func recording(_ text: String, managed: Bool, launchData: LaunchData) throws -> Self {
        let url = try RedisURL(parsing: text)
        guard url.password != nil else { return Self(url: text, managed: managed) }
        try writeEnvironmentFile(text, launchData: launchData)
        return Self(url: url.withoutPassword, managed: managed, environmentFile: launchData.environmentFile)
    }

    /// Writes `launch_data/circles.env` (mode 0600) with the whole URL `text`.
    public static func writeEnvironmentFile(_ text: String, launchData: LaunchData) throws {
        try FileSystem.writeAtomically(Array("\(variable)=\(text)\n".utf8), to: launchData.environmentFile, mode: 0o600)
    }

    /// The whole URL text: the environment file's when the record names one (and it can be
    /// read), else the record's own.
    public func connectionText() -> String {
        guard let environmentFile, let text = FileSystem.readText(environmentFile) else { return url }
        let prefix = Self.variable + "="
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.map { String($0.dropFirst(prefix.count)) } ?? url
    }
}
