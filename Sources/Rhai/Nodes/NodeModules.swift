#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A module loaded by `import`: its compiled script and exported variables.
final class ModuleInstance {
    let ast: AST
    let variables: [String: Dynamic]
    /// Modules the module itself imported at global level, reachable as `m::sub::…`.
    let submodules: [String: ModuleInstance]

    init(ast: AST, variables: [String: Dynamic], submodules: [String: ModuleInstance]) {
        self.ast = ast
        self.variables = variables
        self.submodules = submodules
    }
}

/// `import "path" as name;`: loads `base/path.rhai`, runs it, binds its exports to `name`.
final class ImportNode: Node {
    let path: Node
    let alias: String?

    init(_ path: Node, alias: String?, _ position: Position) {
        self.path = path
        self.alias = alias
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        let value = try path.eval(runtime)
        guard case .string(let name) = value else {
            throw .error(.mismatch(expected: "string", actual: value.typeName, path.position))
        }
        let module = try runtime.loadModule(name, path.position)
        if let alias { runtime.modules[alias] = module }
        return .unit
    }
}

extension Runtime {
    func loadModule(_ name: String, _ position: Position) throws(Interrupt) -> ModuleInstance {
        let limit = engine.limits.maxModules
        if limit > 0 && modules.count + loadingModules.count >= limit {
            throw fail(.tooManyModules, "Too many modules imported", position)
        }
        var file = name.hasSuffix(".rhai") ? name : name + ".rhai"
        if !file.hasPrefix("/"), let base = engine.moduleBasePath { file = base + "/" + file }
        if loadingModules.contains(file) {
            throw fail(.tooManyModules, "Too many modules imported: '\(name)' imports itself (circular import)", position)
        }
        let ast: AST
        if let cached = engine.moduleCache[file] {
            ast = cached
        } else {
            guard let source = readTextFile(file) else {
                throw .error(.moduleNotFound(name, position))
            }
            do {
                ast = try engine.compile(source)
            } catch let error as RhaiError {
                throw .error(error.raised(inModule: name, at: position))
            } catch {
                throw .error(.moduleNotFound(name, position))
            }
            engine.moduleCache[file] = ast
        }
        let child = Runtime(engine: engine, scope: Scope(), library: ast.library)
        child.operations = operations
        child.callDepth = callDepth
        child.loadingModules = loadingModules + [file]
        defer { operations = child.operations }
        do {
            let result = try child.runMain(ast, writeBackTo: nil)
            return ModuleInstance(ast: ast, variables: result.exports, submodules: child.modules)
        } catch .error(let failure) {
            // As Rust's file module resolver: the module's errors are raised "in module 'name'".
            throw .error(failure.raised(inModule: name, at: position))
        } catch {
            throw error
        }
    }
}

/// Reads a whole UTF-8 text file; nil when it cannot be read.
func readTextFile(_ path: String) -> String? {
    guard let handle = fopen(path, "rb") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, handle)
        if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
        if count < buffer.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension Runtime {
    /// The module at a `a::b::…` path, if it is imported and visible.
    func module(at path: [String], visible: Bool, _ position: Position) throws(Interrupt) -> ModuleInstance {
        guard visible, var instance = modules[path[0]] else {
            // The Rust engine names the whole module path.
            throw .error(.moduleNotFound(path.joined(separator: "::"), position))
        }
        for name in path.dropFirst() {
            guard let inner = instance.submodules[name] else {
                throw .error(.moduleNotFound(path.joined(separator: "::"), position))
            }
            instance = inner
        }
        return instance
    }
}

/// `module::function(args…)`.
final class ModuleCallNode: Node {
    let path: [String]
    let name: String
    let arguments: [Node]
    /// Whether the module's alias is in scope where the call is written.
    let visible: Bool
    /// Where the module path starts (the position of "Module not found").
    let pathPosition: Position

    init(path: [String], name: String, _ arguments: [Node], visible: Bool, pathPosition: Position, _ position: Position) {
        self.path = path
        self.name = name
        self.arguments = arguments
        self.visible = visible
        self.pathPosition = pathPosition
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        var values: [Dynamic] = []
        for argument in arguments { values.append(try argument.eval(runtime)) }
        let instance = try runtime.module(at: path, visible: visible, pathPosition)
        guard let function = instance.ast.library.lookup(name, arity: values.count), !function.isPrivate else {
            let qualified = (path + [name]).joined(separator: "::")
            throw .error(.functionNotFound(callSignature(qualified, values), position))
        }
        let savedLibrary = runtime.library
        runtime.library = instance.ast.library
        defer { runtime.library = savedLibrary }
        var none = Dynamic.unit
        return try runtime.invoke(function, values, this: &none, bindThis: false, position)
    }
}

/// `module::NAME`: an exported variable of an imported module.
final class ModuleVariableNode: Node {
    let path: [String]
    let name: String
    let visible: Bool
    /// Where `NAME` is written.
    let namePosition: Position

    init(path: [String], name: String, visible: Bool, namePosition: Position, _ position: Position) {
        self.path = path
        self.name = name
        self.visible = visible
        self.namePosition = namePosition
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        try runtime.tick(position)
        let instance = try runtime.module(at: path, visible: visible, position)
        guard let value = instance.variables[name] else {
            throw .error(.variableNotFound((path + [name]).joined(separator: "::"), position))
        }
        return value
    }
}

/// `module::NAME = value`: module variables are constants, so this fails once the variable is found.
final class ModuleVariableAssignNode: Node {
    let variable: ModuleVariableNode

    init(_ variable: ModuleVariableNode) {
        self.variable = variable
        super.init(variable.position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        _ = try variable.eval(runtime)
        throw .error(.assignmentToConstant(variable.name, variable.namePosition))
    }
}
