import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public let exitCode: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs the package's built executables (found next to the test binary) as real processes.
public enum BuiltExecutable {
    /// The folder holding the test binary, which `swift build`/`swift test` also fills with the executables.
    public static let directory: String = {
        #if os(Linux)
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        #else
        let binary = Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
        var folder = URL(fileURLWithPath: binary).deletingLastPathComponent()
        while folder.pathExtension == "xctest" || ["Contents", "MacOS"].contains(folder.lastPathComponent) {
            folder.deleteLastPathComponent()
        }
        return folder.path
    }()

    /// The path of an executable product such as `circles-worker`.
    public static func path(_ name: String) -> String { directory + "/" + name }

    /// Runs `name` to completion with `arguments`, feeding `stdin`, and captures its output.
    /// - Throws: when it cannot start, or when it is still running after `timeout` seconds (it is then killed).
    public static func run(
        _ name: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], timeout: Double = 60
    ) throws -> ProcessResult {
        let process = try RunningProcess(name, arguments, stdin: stdin, environment: environment)
        guard let code = process.wait(timeout: timeout) else {
            process.kill(SIGKILL)
            throw TestRedisError("\(name) \(arguments.joined(separator: " ")) did not exit within \(timeout) s; stderr: \(process.stderr)")
        }
        return ProcessResult(exitCode: code, stdout: process.stdout, stderr: process.stderr)
    }
}

/// A started executable whose output goes to files, so it can run for long and be signalled.
/// It is killed (SIGKILL) when the value goes away, if still running.
public final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    private let outputDirectory: String

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Starts `name` (a built executable, or an absolute path) with the current environment plus
    /// `environment`, and `blockedSignals` blocked (as circles-spawn starts its own programs).
    public init(_ name: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], blockedSignals: [Int32] = []) throws {
        var template = Array("/tmp/circles-process-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestRedisError("cannot create a temporary folder") }
        outputDirectory = String(cString: created)
        process.executableURL = URL(fileURLWithPath: name.hasPrefix("/") ? name : BuiltExecutable.path(name))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: outputDirectory + "/stdout", contents: nil)
        FileManager.default.createFile(atPath: outputDirectory + "/stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: outputDirectory + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: outputDirectory + "/stderr")
        if let stdin {
            FileManager.default.createFile(atPath: outputDirectory + "/stdin", contents: Data(stdin.utf8))
            process.standardInput = FileHandle(forReadingAtPath: outputDirectory + "/stdin")
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }
        try process.runWithDefaultSignalMask(blocking: blockedSignals)
    }

    deinit {
        if process.isRunning { kill(SIGKILL) }
        try? FileManager.default.removeItem(atPath: outputDirectory)
    }

    /// Everything written to stdout so far.
    public var stdout: String { (try? String(contentsOfFile: outputDirectory + "/stdout", encoding: .utf8)) ?? "" }
    /// Everything written to stderr so far.
    public var stderr: String { (try? String(contentsOfFile: outputDirectory + "/stderr", encoding: .utf8)) ?? "" }

    /// Sends a signal (SIGTERM, SIGKILL, …).
    public func kill(_ signal: Int32) {
        deliver(signal, to: process.processIdentifier)
    }

    /// Waits for the exit and returns its code (128 + signal when signalled); nil on timeout.
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(5_000)
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}

/// `kill(2)`, out of reach of the method of the same name.
private func deliver(_ signal: Int32, to pid: pid_t) {
    _ = kill(pid, signal)
}

extension Process {
    /// `run()` with no signal blocked in the child but `signals`. A child inherits the signal mask
    /// of the thread that spawns it, and Swift concurrency's threads block nearly every signal, so
    /// a child started from async code would otherwise ignore SIGTERM.
    public func runWithDefaultSignalMask(blocking signals: [Int32] = []) throws {
        var mask = sigset_t()
        var previous = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_SETMASK, &mask, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
