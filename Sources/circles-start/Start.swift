import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct Start: AsyncParsableCommand {
    static let configuration = CircleControl.configuration(.start, version: CirclesVersion.current)

    /// The program's entry: `run()` as a task, without `dispatch_main` (see `runAsProgram`).
    static func main() { runAsProgram() }

    @OptionGroup var options: CircleControlOptions

    func run() async throws {
        try await reportingFailures { try await CircleControl.run(.start, options) }
    }
}
