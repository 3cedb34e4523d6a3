import ArgumentParser
import CirclesVersion
import Foundation
import Rhai

/// `circles-rhai`: run or check Rhai scripts locally, without Redis.
@main
struct CirclesRhai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-rhai",
        abstract: "Run or syntax-check Rhai scripts locally.",
        discussion: """
        Examples:
          circles-rhai script.rhai            run a script; print() goes to stdout
          circles-rhai -e '40 + 2'            evaluate an expression and print its value
          circles-rhai --max-memory 64 a.rhai stop the script once its values pass 64 MiB
          echo 'print("hi")' | circles-rhai - read the script from standard input
          circles-rhai check a.rhai b.rhai    report every syntax error as file:line:col

        Errors are reported on stderr as file:line:col: message (worded as the Rust
        engine words them), then the line with a caret; the exit status is 1.
        """,
        version: CirclesVersion.current,
        subcommands: [Run.self, Check.self],
        defaultSubcommand: Run.self
    )
}

/// Options shared by running and checking.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "Maximum number of operations (0 = unlimited).")
    var maxOperations: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Maximum MiB the script's values may hold, as the engine's memory account estimates them (0 = unlimited).", valueName: "MiB"))
    var maxMemory = 0

    @Option(name: .long, help: "Directory that `import \"name\"` resolves against (default: the script's directory).")
    var modules: String?

    func validate() throws {
        guard maxMemory >= 0 else { throw ValidationError("--max-memory must be 0 (unlimited) or more MiB, got \(maxMemory).") }
    }

    func makeEngine(scriptPath: String?) -> Engine {
        let engine = Engine()
        engine.limits.maxOperations = maxOperations
        engine.limits.maxMemory = maxMemory << 20
        if let modules {
            engine.moduleBasePath = modules
        } else if let scriptPath, scriptPath != "-" {
            engine.moduleBasePath = (scriptPath as NSString).deletingLastPathComponent.isEmpty
                ? "." : (scriptPath as NSString).deletingLastPathComponent
        }
        return engine
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a script file (or - for stdin), or evaluate -e EXPR.")

    @Argument(help: "Script file to run; - reads standard input.")
    var file: String?

    @Option(name: .short, help: "Evaluate this script text and print its final value.")
    var expression: String?

    @OptionGroup var options: EngineOptions

    func validate() throws {
        if file == nil && expression == nil {
            throw ValidationError("Give a script file to run, - for standard input, or -e EXPR.")
        }
        if file != nil && expression != nil {
            throw ValidationError("Give either a script file or -e EXPR, not both.")
        }
    }

    func run() throws {
        // Run (and release results) on a large stack: deeply nested values are freed recursively.
        try Engine.runOnLargeStack { try self.runScript() }
    }

    private func runScript() throws {
        let engine = options.makeEngine(scriptPath: file)
        let name: String
        let source: String
        if let expression {
            name = "<expr>"
            source = expression
        } else {
            name = file!
            source = try readScript(name)
        }
        do {
            // Like Rust's `rhai-run`, a script file is its own source name (shown by `debug`
            // and in the map a `catch` receives).
            let ast = try engine.compile(source, source: expression == nil ? name : nil)
            let value = try engine.run(ast)
            if expression != nil { print(value.description) }
        } catch let error as RhaiError {
            report(error, in: name, source: source)
            throw ExitCode.failure
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse scripts without running them and report every syntax error.")

    @Argument(help: "Script files to check; - reads standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one script file to check.") }
    }

    func run() throws {
        let engine = Engine()
        var failed = false
        for file in files {
            let source = try readScript(file)
            for error in engine.syntaxErrors(in: source) {
                report(error, in: file, source: source)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// Reads a script file, or standard input for "-"; a missing file is a usage error.
func readScript(_ path: String) throws -> String {
    if path == "-" {
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("circles-rhai: error: cannot read the script file \(path); check that it exists and is readable\n".utf8))
        throw ExitCode(64)
    }
    return String(decoding: data, as: UTF8.self)
}

/// Prints an error on standard error as `file:line:col: message` (the message as Rust's
/// `rhai-run` words it, further lines for errors inside functions), then the line with a caret.
func report(_ error: RhaiError, in file: String, source: String) {
    let position = error.position
    var text = position.isNone ? "\(file): " : "\(file):\(position.line):\(position.column): "
    text += error.renderedMessage + "\n"
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    if !position.isNone && position.line <= lines.count {
        let number = "\(position.line) | "
        text += number + lines[position.line - 1] + "\n"
        text += String(repeating: " ", count: number.count + position.column - 1) + "^\n"
    }
    FileHandle.standardError.write(Data(text.utf8))
}
