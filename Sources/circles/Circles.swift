import ArgumentParser
import CirclesCore
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
            """,
        helpNames: [])

    @Argument(parsing: .captureForPassthrough, help: "A command and its arguments.")
    var arguments: [String] = []

    func run() throws {
        guard let command = arguments.first, !["help", "--help", "-h"].contains(command) else {
            printCommandList()
            return
        }
        try reportingFailures {
            guard let path = ExecutableLocator.search("circles-\(command)") else {
                throw UsageError("unknown command \"\(command)\": no circles-\(command) next to \(ExecutableLocator.ownDirectory) or on PATH; run `circles help` for the list")
            }
            try CommandFinder.exec(path, arguments: Array(arguments.dropFirst()))
        }
    }

    private func printCommandList() {
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
        output.line("\nEach command has --help with examples.")
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
        let dump = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return (dump?["command"] as? [String: Any])?["abstract"] as? String
    }

    /// Replaces this process with `path` (so signals and the exit code are the command's own).
    static func exec(_ path: String, arguments: [String]) throws -> Never {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        throw FileError(path: path, problem: "cannot be run (\(FileSystem.lastErrorText())); check that it is executable")
    }
}
