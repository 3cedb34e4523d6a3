import ArgumentParser
import CirclesCore
import CirclesVersion
import Foundation

/// `circles X …` runs `circles-X …`, found next to this binary first, then on PATH
/// (git/cargo style): arguments pass through, the exit code comes back.
@main
struct Circles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles",
        abstract: "Launch and run circles: `circles <command> …` runs `circles-<command> …`.",
        discussion: """
            Examples:
              circles spawn examples/circles.json     bring the example circles up
              circles status                          what runs, alive or not
              circles keygen -n 3                     three new keypairs
              circles help                            the commands found, with their abstracts
              circles help spawn                      spawn's own help (circles-spawn --help)
              circles --version                       the version of every circles program
            """,
        helpNames: [])

    @Argument(parsing: .captureForPassthrough, help: "A command and its arguments.")
    var arguments: [String] = []

    /// Answers the front command's own words before ArgumentParser sees them: everything else
    /// belongs to the command it runs.
    static func main() {
        let words = Array(CommandLine.arguments.dropFirst())
        switch words.first {
        case "--version"? where words.count == 1:
            StandardStreams.output.line(CirclesVersion.current)
        case "--experimental-dump-help"? where words.count == 1:
            // For generate-manual (bin/install's man pages) and `circles help`.
            StandardStreams.output.line(_dumpHelp())
        case "--list-commands"? where words.count == 1:
            // For the completion scripts: the command names found, one per line.
            for (name, _) in CommandFinder.allCommands() { StandardStreams.output.line(name) }
        case "--generate-completion-script"? where words.count == 2:
            guard let script = FrontCompletions.script(for: words[1]) else {
                StandardStreams.error.line("circles: error: no completion script for \"\(words[1])\"; use bash, zsh or fish")
                Foundation.exit(ExitStatus.usage)
            }
            StandardStreams.output.write(script)
        default:
            // `main()` would call this type's own `main()` again: parse and run explicitly.
            do {
                var command = try parseAsRoot()
                try command.run()
            } catch {
                exit(withError: error)
            }
        }
        StandardStreams.output.flush()
    }

    func run() throws {
        guard let command = arguments.first, !["help", "--help", "-h"].contains(command) else {
            return try help(Array(arguments.dropFirst()))
        }
        try reportingFailures {
            try CommandFinder.exec(CommandFinder.find(command), arguments: Array(arguments.dropFirst()))
        }
    }

    /// `circles help`: the commands found; `circles help spawn`: spawn's own `--help`.
    private func help(_ words: [String]) throws {
        if let command = words.first {
            try reportingFailures {
                try CommandFinder.exec(CommandFinder.find(command), arguments: Array(words.dropFirst()) + ["--help"])
            }
        }
        let output = StandardStreams.output
        output.line("usage: circles <command> [arguments…]   (runs circles-<command>)\n")
        output.line("Commands found:")
        let commands = CommandFinder.allCommands()
        let width = commands.map(\.name.count).max() ?? 0
        for (name, path) in commands {
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            output.line("  \(padded)  \(CommandFinder.abstract(of: path) ?? "")")
        }
        if commands.isEmpty { output.line("  (none: build them with `swift build` or put circles-* on PATH)") }
        output.line("\n`circles help <command>` (or `circles <command> --help`) shows a command's options and examples.")
    }
}

/// Listing and running `circles-*` executables.
enum CommandFinder {
    /// Every `circles-*` command found, first occurrence of each name, sorted by name.
    static func allCommands() -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for folder in ExecutableLocator.searchFolders(nextToSelf: true) {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasPrefix("circles-") {
                let path = "\(folder)/\(file)"
                let name = String(file.dropFirst("circles-".count))
                if found[name] == nil, !name.contains("."), ExecutableLocator.isExecutable(path) { found[name] = path }
            }
        }
        return found.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The path of `circles-<command>`, or a usage error that says where it was looked for.
    static func find(_ command: String) throws -> String {
        guard let path = ExecutableLocator.search("circles-\(command)") else {
            throw UsageError("unknown command \"\(command)\": no circles-\(command) next to \(ExecutableLocator.ownDirectory) or on PATH; run `circles help` for the list")
        }
        return path
    }

    /// The command's one-line abstract, read from ArgumentParser's help dump.
    static func abstract(of path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--experimental-dump-help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let dump = try? JSONValue(parsing: String(decoding: data, as: UTF8.self))
        return dump?.object?["command"]?.object?["abstract"]?.string
    }

    /// Replaces this process with `path` (so signals and the exit code are the command's own).
    static func exec(_ path: String, arguments: [String]) throws -> Never {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        throw FileError(path: path, problem: "cannot be run (\(FileSystem.lastErrorText())); check that it is executable")
    }
}
