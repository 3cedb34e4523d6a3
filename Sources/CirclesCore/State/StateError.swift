/// A state file this build must not use. Both cases leave the file as it is (exit 1).
public enum StateError: Failure, Equatable {
    /// The file is not a valid state file (not JSON, missing or mistyped fields).
    case corrupt(path: String, reason: String)
    /// The file was written by a newer circles.
    case newerVersion(path: String, found: Int, supported: Int)

    public var exitCode: Int32 { ExitStatus.failure }

    public var description: String {
        switch self {
        case let .corrupt(path, reason):
            "the state file \(path) is not valid (\(reason)); it was left untouched: fix it or move it aside, then run the command again"
        case let .newerVersion(path, found, supported):
            "the state file \(path) has version \(found) but this circles reads up to version \(supported); use the newer circles or another --launch-data folder"
        }
    }
}
