/// The version of every circles program (`--version`) and of the worker's liveness hash: the one
/// place it is written. Raise it with each release.
public enum CirclesVersion {
    public static let current = "0.1.0"
}
