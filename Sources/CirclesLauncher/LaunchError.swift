import CirclesCore

/// Everything a launch, status or cleanup can refuse or fail with: one sentence each, naming the
/// input and what to do, with the exit code of docs/DESIGN.md.
public enum LaunchError: Failure, Equatable {
    case duplicateCircle(what: String)
    case initScriptMissing(path: String, circle: String)
    case initScriptUnreadable(path: String, circle: String, reason: String)
    case initScriptSyntax(path: String, line: Int, column: Int, message: String)
    case configFile(path: String, problem: String)
    case keygenLine(number: Int, problem: String)
    case noCircles
    case portInUse(host: String, port: Int)
    case executableMissing(name: String, searched: String)
    case executableNotRunnable(path: String)
    case alreadyRunning(directory: String, pid: Int32)
    case serviceExists(name: String, path: String)
    case serviceCommandFailed(command: String, status: Int32, output: String)
    case redisServerMissing
    case redisRequiredForServices(url: String)
    case notReady(what: [String], seconds: Double)
    case childExited(name: String, status: String, log: String)
    case unknownChild(name: String)
    case supervisorNotRunning(directory: String, pid: Int32?)
    case controlFailed(circle: String, action: String, reason: String)
    case serviceMissing(name: String, circle: String)
    case nameTaken(name: String, publicKey: String)
    case unknownCircle(name: String, stateFile: String, known: [String])

    public var exitCode: Int32 {
        switch self {
        case .duplicateCircle, .initScriptMissing, .initScriptUnreadable, .initScriptSyntax, .configFile, .keygenLine, .noCircles, .executableNotRunnable, .unknownCircle, .nameTaken:
            ExitStatus.usage
        case .redisRequiredForServices: ExitStatus.unavailable
        case .notReady: ExitStatus.timedOut
        default: ExitStatus.failure
        }
    }

    public var description: String {
        switch self {
        case let .duplicateCircle(what):
            "the circle \(what) is given twice; give each circle once"
        case let .initScriptMissing(path, circle):
            "the init script \(path) of circle \(circle) does not exist; check the path (relative paths start at the current folder, or at the config file's folder for circles.json)"
        case let .initScriptUnreadable(path, circle, reason):
            "the init script \(path) of circle \(circle) cannot be read (\(reason)); give the path of a readable script file"
        case let .initScriptSyntax(path, line, column, message):
            "\(path):\(line):\(column): \(message); fix the init script, nothing was started"
        case let .configFile(path, problem):
            "the config file \(path) \(problem)"
        case let .keygenLine(number, problem):
            "stdin line \(number) \(problem); pipe in the NDJSON of `circles-keygen --out DIR`"
        case .noCircles:
            "no circles given; pass -c PUBLIC_KEY[:init_script.rhai], a circles.json, or - to read circles-keygen NDJSON from stdin"
        case let .portInUse(host, port):
            "port \(port) on \(host) is already in use; pass another -p/--port or stop what listens there"
        case let .executableMissing(name, searched):
            "\(name) was not found (looked in \(searched)); build it (swift build) or pass its path with --worker-binary"
        case let .executableNotRunnable(path):
            "\(path) is not an executable file; check the --worker-binary path"
        case let .alreadyRunning(directory, pid):
            "circles launched from \(directory) are still running (circles-spawn pid \(pid)); run circles-cleanup first or use another --launch-data"
        case let .serviceExists(name, path):
            "the service \(name) already exists (\(path)); run circles-cleanup or remove it yourself, it was not overwritten"
        case let .serviceCommandFailed(command, status, output):
            "`\(command)` failed with exit code \(status)\(output.isEmpty ? "" : ": \(output)"); check the service manager's log"
        case .redisServerMissing:
            "no Redis answers on the default URL and redis-server is not on PATH; install redis-server or pass --redis-url"
        case let .redisRequiredForServices(url):
            "service-manager mode needs a Redis that outlives circles-spawn, and none answers at \(url); start redis-server or pass --redis-url"
        case let .notReady(what, seconds):
            "not ready within \(Self.format(seconds)) s: \(what.joined(separator: ", ")); see launch_data/logs/ or raise --ready-timeout"
        case let .childExited(name, status, log):
            "\(name) \(status) while starting\(log.isEmpty ? "" : ": \(log)"); see its log in launch_data/logs/"
        case let .supervisorNotRunning(directory, pid):
            "the supervisor of the circles launched from \(directory)\(pid.map { " (circles-spawn pid \($0))" } ?? "") is not running; start them again with circles-spawn"
        case let .nameTaken(name, publicKey):
            "a circle named \"\(name)\" runs already with another key (\(publicKey)); give the new one another name"
        case let .serviceMissing(name, circle):
            "the state lists no installed service \(name) for circle \(circle); run circles-cleanup and circles-spawn again"
        case let .controlFailed(circle, action, reason):
            "the supervisor could not \(action) \(circle): \(reason); see circles logs \"\(circle)\""
        case let .unknownCircle(name, stateFile, known):
            "no circle \"\(name)\" in \(stateFile); give a name or public key listed there: \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
        case let .unknownChild(name):
            "the supervisor runs no \(name); it serves the circles it was started with (circles-status lists them)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
