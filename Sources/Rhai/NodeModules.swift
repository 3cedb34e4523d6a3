#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A module loaded by `import`: its compiled script and exported variables.
final class ModuleInstance {
    let ast: AST
    let variables: [String: Dynamic]

    init(ast: AST, variables: [String: Dynamic]) {
        self.ast = ast
        self.variables = variables
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
        let module = try runtime.loadModule(name, position)
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
            throw fail(.moduleNotFound, "Module not found: \(name) (circular import)", position)
        }
        let ast: AST
        if let cached = engine.moduleCache[file] {
            ast = cached
        } else {
            guard let source = readTextFile(file) else {
                throw fail(.moduleNotFound, "Module not found: \(name)", position)
            }
            do {
                ast = try engine.compile(source)
            } catch let error as RhaiError {
                throw .error(error)
            } catch {
                throw fail(.moduleNotFound, "Module not found: \(name)", position)
            }
            engine.moduleCache[file] = ast
        }
        let child = Runtime(engine: engine, scope: Scope(), library: ast.library)
        child.operations = operations
        child.callDepth = callDepth
        child.loadingModules = loadingModules + [file]
        defer { operations = child.operations }
        let result = try child.runMain(ast, writeBackTo: nil)
        return ModuleInstance(ast: ast, variables: result.exports)
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

/// `module::function(args…)`.
final class ModuleCallNode: Node {
    let module: String
    let name: String
    let arguments: [Node]

    init(module: String, name: String, _ arguments: [Node], _ position: Position) {
        self.module = module
        self.name = name
        self.arguments = arguments
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        var values: [Dynamic] = []
        for argument in arguments { values.append(try argument.eval(runtime)) }
        guard let instance = runtime.modules[module] else {
            throw fail(.moduleNotFound, "Module not found: \(module)", position)
        }
        guard let function = instance.ast.library.lookup(name, arity: values.count), !function.isPrivate else {
            throw fail(.functionNotFound, "Function not found: \(module)::\(callSignature(name, values))", position)
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
    let module: String
    let name: String

    init(module: String, name: String, _ position: Position) {
        self.module = module
        self.name = name
        super.init(position)
    }

    override func eval(_ runtime: Runtime) throws(Interrupt) -> Dynamic {
        guard let instance = runtime.modules[module] else {
            throw fail(.moduleNotFound, "Module not found: \(module)", position)
        }
        guard let value = instance.variables[name] else {
            throw fail(.variableNotFound, "Variable not found: \(module)::\(name)", position)
        }
        return value
    }
}
