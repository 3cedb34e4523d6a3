import Foundation
import Testing
import TestSupport

/// The committed completions are what the built commands generate now (completions/generate.sh).
@Suite struct CompletionsTests {
    static let commands = ["circles", "circles-keygen", "circles-rhai", "circles-worker", "circles-dispatch", "circles-ws",
                           "circles-spawn", "circles-status", "circles-queue", "circles-logs", "circles-stop", "circles-start", "circles-restart", "circles-cleanup"]

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionsAreCurrent(shell: String) throws {
        for command in Self.commands {
            let file = switch shell {
            case "bash": "bash/\(command)"
            case "zsh": "zsh/_\(command)"
            default: "fish/\(command).fish"
            }
            let committed = try String(contentsOfFile: LaunchFixture.repository + "/completions/" + file, encoding: .utf8)
            let generated = try BuiltExecutable.run(command, ["--generate-completion-script", shell])
            #expect(generated.exitCode == 0)
            #expect(generated.stdout == committed, "completions/\(file) is stale: run completions/generate.sh")
        }
    }
}
