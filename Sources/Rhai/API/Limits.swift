/// Safety limits a host sets on an `Engine`. Zero means unlimited unless stated.
public struct Limits {
    /// Maximum operations (statements, loop iterations, calls) per run.
    public var maxOperations: UInt64 = 0
    /// Maximum nesting of function calls (default 64, as the Rust engine's release build).
    public var maxCallDepth: Int = 64
    /// Maximum expression nesting at global level, checked while parsing (default 64, as Rhai).
    public var maxExpressionDepth: Int = 64
    /// Maximum expression nesting inside functions (default 32, as Rhai).
    public var maxFunctionExpressionDepth: Int = 32
    /// Maximum length of a string in bytes.
    public var maxStringSize: Int = 0
    /// Maximum number of elements of an array (or bytes of a blob).
    public var maxArraySize: Int = 0
    /// Maximum number of properties of an object map.
    public var maxMapSize: Int = 0
    /// Maximum number of modules imported during one run.
    public var maxModules: Int = 0
    /// Maximum bytes the values of one run may hold, as estimated by its memory account
    /// (`Runtime+Memory.swift`): strings, arrays, maps, blobs, rendered text and values passed
    /// to host functions. Approximate by design; a host wanting a hard bound adds a process
    /// ceiling (e.g. `setrlimit`) behind it.
    public var maxMemory: Int = 0

    public init() {}

    /// Nesting caps that hold even when a limit is 0 (unlimited), so no input can exhaust
    /// the native stack. The native stack is also checked directly.
    static let hardCallDepthCap = 100_000
    static let hardExpressionDepthCap = 100_000

    /// Whether a string, array or map size limit is set.
    var hasDataSizeLimits: Bool { maxStringSize > 0 || maxArraySize > 0 || maxMapSize > 0 }
    /// Whether values must be measured as they grow: a size limit or the memory account is set.
    var hasSizeLimits: Bool { hasDataSizeLimits || maxMemory > 0 }
}
