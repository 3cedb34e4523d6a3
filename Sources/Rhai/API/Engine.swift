/// Runs Rhai scripts. Configure limits, hooks and registered Swift functions, then
/// `eval` source or `compile` once and `run` many times.
public final class Engine {
    public var limits = Limits()
    /// Receives `print` output (default: standard output).
    public var onPrint: (String) -> Void = { print($0) }
    /// Receives `debug` output with the running script's source name and the call's position
    /// (default: standard output, formatted as Rhai's default: `source @ line:col | text`).
    public var onDebug: (_ text: String, _ source: String?, _ position: Position) -> Void = { text, source, position in
        print(Engine.debugLine(text, source: source, position: position))
    }
    /// Called with the operation count as the script runs; return false to terminate it.
    public var onProgress: ((UInt64) -> Bool)?
    /// Directory that `import "name"` resolves against (`base/name.rhai`).
    public var moduleBasePath: String?

    /// Bumped on every registration so call sites refresh their cached overloads.
    private(set) var generation = 0
    /// Tells this engine apart from any other, for call sites' caches.
    let stamp = Stamp.next()
    private(set) var hostFunctions: [String: [NativeFunction]] = [:]
    private var overloadCache: [String: [NativeFunction]] = [:]
    /// Native stack size of the thread scripts run on (0 runs them on the calling thread).
    /// Deeply nested data and recursion need far more than a typical 512 KB thread stack.
    public var nativeStackSize: Int = 256 << 20
    /// Compiled modules by resolved path, shared by all runs of this engine.
    var moduleCache: [String: AST] = [:]

    public init() {}

    /// Parses a script into a reusable AST; throws a `.parse` error. `source` names the
    /// script (usually its file path) for `debug` output.
    public func compile(_ script: String, source: String? = nil) throws -> AST {
        let ast = try onScriptThread { try Parser(script, limits: self.limits).parseScript() }
        ast.source = source
        return ast
    }

    /// A `debug` line as Rhai's default callback prints it: `source @ line:col | text`.
    public static func debugLine(_ text: String, source: String?, position: Position) -> String {
        let at = position.isNone ? nil : "\(position.line):\(position.column)"
        switch (source, at) {
        case (let source?, let at?): return "\(source) @ \(at) | \(text)"
        case (let source?, nil): return "\(source) | \(text)"
        case (nil, let at?): return "\(at) | \(text)"
        case (nil, nil): return text
        }
    }

    /// Parses a script and returns every syntax error found (empty when it is valid).
    public func syntaxErrors(in script: String) -> [RhaiError] {
        (try? onScriptThread { Parser(script, limits: self.limits).parseAllErrors() }) ?? []
    }

    /// Compiles and runs a script, returning the value of its last statement.
    /// Without a scope, the script's variables are released on the script thread.
    public func eval(_ script: String, scope: Scope? = nil) throws -> Dynamic {
        try onScriptThread {
            let ast = try Parser(script, limits: self.limits).parseScript()
            return try self.runHere(ast, scope: scope ?? Scope())
        }
    }

    /// Runs a compiled script. Global-level variables it defines are added to `scope`.
    public func run(_ ast: AST, scope: Scope? = nil) throws -> Dynamic {
        try onScriptThread { try self.runHere(ast, scope: scope ?? Scope()) }
    }

    /// Calls a script function of a compiled script by name.
    public func call(_ ast: AST, _ name: String, _ arguments: [Dynamic], scope: Scope? = nil) throws -> Dynamic {
        try onScriptThread {
            let runtime = Runtime(engine: self, scope: scope ?? Scope(), library: ast.library)
            var none = Dynamic.unit
            do {
                return try runtime.callByName(name, arguments, this: &none, bindThis: false, .none)
            } catch let interrupt as Interrupt {
                throw interrupt.asError
            }
        }
    }

    private func runHere(_ ast: AST, scope: Scope) throws -> Dynamic {
        let runtime = Runtime(engine: self, scope: scope, library: ast.library)
        do {
            return try runtime.runMain(ast, writeBackTo: scope).value
        } catch {
            throw error.asError
        }
    }

    /// Renders a value as `to_string` does; fails with the memory limit's error instead when
    /// the text would exceed `limits.maxMemory` (estimated before rendering).
    public func render(_ value: Dynamic) throws -> String {
        if limits.maxMemory > 0 && value.memoryEstimate > limits.maxMemory {
            throw RhaiError.memoryLimit(limits.maxMemory)
        }
        return value.description
    }

    /// Runs `body` on a thread with a large native stack, waiting for it to finish.
    public static func runOnLargeStack<T>(stackSize: Int = 256 << 20, _ body: @escaping () throws -> T) throws -> T {
        try LargeStackThread.run(stackSize: stackSize, body)
    }

    private func onScriptThread<T>(_ body: @escaping () throws -> T) throws -> T {
        if nativeStackSize <= 0 { return try body() }
        return try LargeStackThread.run(stackSize: nativeStackSize, body)
    }

    // MARK: native functions

    /// Registers a native function with explicit parameter types (Rhai type names, "?" for any).
    /// The values passed to it are charged to the memory account first (the host may copy or
    /// encode them).
    func registerNative(_ name: String, _ parameters: [ParameterType], _ body: @escaping NativeBody) {
        let charged: NativeBody = { call in
            if call.runtime.memoryLimit > 0 {
                try call.runtime.reserveMemory(call.arguments.reduce(0) { $0 &+ $1.memoryEstimate }, for: call)
            }
            return try body(&call)
        }
        hostFunctions[name, default: []].insert(NativeFunction(parameters: parameters, body: charged), at: 0)
        overloadCache[name] = nil
        generation += 1
    }

    /// Host overloads first (newest first), then the standard library.
    func nativeOverloads(_ name: String) -> [NativeFunction] {
        if let cached = overloadCache[name] { return cached }
        let overloads = (hostFunctions[name] ?? []) + (StandardLibrary.shared.functions[name] ?? [])
        overloadCache[name] = overloads
        return overloads
    }
}
