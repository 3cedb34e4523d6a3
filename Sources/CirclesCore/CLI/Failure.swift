import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exit codes every circles program documents.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let scriptError: Int32 = 2
    public static let usage: Int32 = 64
    public static let unavailable: Int32 = 69
    public static let timedOut: Int32 = 75

    /// The block every `--help` ends with.
    public static let helpText = """
        Exit codes: 0 ok, 1 failure, 2 script error reported by the worker, 64 usage,
        69 Redis unavailable, 75 timed out.
        """
}

/// An error a user can cause: one sentence (its `description`) naming the input and what to do.
public protocol Failure: Error, CustomStringConvertible {
    /// The documented exit code for this failure.
    var exitCode: Int32 { get }
}

/// A usage error found while running (exit 64), for inputs ArgumentParser cannot check itself.
public struct UsageError: Failure {
    public let description: String
    public var exitCode: Int32 { ExitStatus.usage }
    public init(_ message: String) { description = message }
}

/// Runs a command body; a `Failure` becomes its one-line message on stderr and its exit code.
public func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as Failure {
        throw report(failure)
    }
}

/// The async twin of `reportingFailures`.
public func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as Failure {
        throw report(failure)
    }
}

private func report(_ failure: Failure) -> ExitCode {
    let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "circles"
    StandardStreams.error.write("\(program): error: \(failure)\n")
    return ExitCode(failure.exitCode)
}
