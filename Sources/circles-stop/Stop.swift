import ArgumentParser
import CirclesCore
import CirclesLauncher
import CirclesVersion

@main
struct Stop: AsyncParsableCommand {
    static let configuration = CircleControl.configuration(.stop, version: CirclesVersion.current)

    @OptionGroup var options: CircleControlOptions

    func run() async throws {
        try await reportingFailures { try await CircleControl.run(.stop, options) }
    }
}
