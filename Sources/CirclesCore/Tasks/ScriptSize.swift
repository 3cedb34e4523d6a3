/// The largest script a task may carry (docs/PROTOCOL.md §3): circles-dispatch and circles-ws refuse
/// a bigger one before it is sent, and the worker fails one it finds on its queue without parsing it.
public enum ScriptSize {
    /// 1 MiB, the default of every `--max-script-bytes`.
    public static let defaultLimit = 1 << 20

    /// nil when `script` fits in `limit` bytes (UTF-8), else the sentence that says it does not.
    public static func problem(_ script: String, limit: Int) -> String? {
        let size = script.utf8.count
        guard size > limit else { return nil }
        return "the script is \(size) bytes, over the limit of \(limit) bytes (--max-script-bytes); send a smaller script or raise the limit"
    }
}
