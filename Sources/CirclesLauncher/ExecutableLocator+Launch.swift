import CirclesCore

extension ExecutableLocator {
    /// The absolute path of `name`, or `LaunchError.executableMissing`.
    /// - Parameter nextToSelf: look next to the running executable before PATH (circles-* programs).
    public static func find(_ name: String, nextToSelf: Bool = true) throws -> String {
        guard let found = search(name, nextToSelf: nextToSelf) else {
            throw LaunchError.executableMissing(name: name, searched: nextToSelf ? "\(ownDirectory) and PATH" : "PATH")
        }
        return found
    }

    /// `path` made absolute and checked, for `--worker-binary`.
    public static func checked(_ path: String) throws -> String {
        guard isExecutable(path) else { throw LaunchError.executableNotRunnable(path: path) }
        return absolute(path)
    }
}
