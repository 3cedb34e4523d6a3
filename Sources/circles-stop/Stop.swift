import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct Stop: AsyncParsableCommand {
    static let configuration = CircleControl.configuration(.stop, version: CirclesVersion.current)

    /// The program's entry: `run()` as a task, without `dispatch_main` (see `runAsProgram`).
    static func main() { runAsProgram() }

    @OptionGroup var options: CircleControlOptions

    func run() async throws {
        try await reportingFailures { try await CircleControl.run(.stop, options) }
    }
}
