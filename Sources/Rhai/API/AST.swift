/// A compiled script, reusable across runs and scopes — one run at a time: its call sites cache
/// what their names resolved to (`CallSiteCache`), so one AST must not run on two threads at once.
public final class AST {
    /// The global-level code, run as a function.
    let main: ScriptFunction
    /// The script's `fn` definitions and closures.
    let library: FunctionLibrary
    /// Global-level variables, written back to the scope after a run.
    let globals: [VariableDecl]
    /// Variables exported when the script is imported as a module.
    let exports: [(name: String, decl: VariableDecl)]
    /// The script's name (usually its file path), passed to the `debug` callback.
    public var source: String?

    init(main: ScriptFunction, library: FunctionLibrary, globals: [VariableDecl], exports: [(name: String, decl: VariableDecl)]) {
        self.main = main
        self.library = library
        self.globals = globals
        self.exports = exports
    }

    /// Names of the script functions defined in this AST.
    public var functionNames: [String] {
        library.functions.values.map(\.name).sorted()
    }
}
