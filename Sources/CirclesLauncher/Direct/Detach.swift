import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--detach`: the launch runs in a background copy of circles-spawn that stays as the
/// supervisor (restarting crashed workers, keeping the state current) after the command returns.
///
/// The command starts that copy first, before it reads any input, with the same arguments plus
/// `--detached-status-fd 3`, sharing its stdin, stdout and stderr, and a pipe as descriptor 3.
/// A `--redis-url` goes to the copy through the environment (CIRCLES_REDIS_URL) instead, so that
/// a password in it never shows in the process list for the supervisor's whole life.
/// The copy starts a new session (no terminal, no Ctrl+C), launches as usual, and once all is
/// ready writes its exit code as one byte to the pipe and swaps its stdio for /dev/null and
/// `launch_data/logs/circles-spawn.log`. The command exits with that code; if the copy exits
/// without writing one (a failed launch), with the copy's own exit code.
public enum Detach {
    /// The hidden option that tells the background copy where to report.
    public static let statusOption = "--detached-status-fd"

    /// In the command: runs the background copy and returns the exit code to exit with.
    public static func runInBackground() throws -> Int32 {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw FileError(path: "pipe", problem: "cannot be created (\(FileSystem.lastErrorText()))") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let (arguments, redisURL) = movingRedisURL(out: Array(CommandLine.arguments.dropFirst()))
        let command = ChildCommand(executable: executable, arguments: arguments + [statusOption, "3"],
                                   environment: redisURL.map(LaunchPlan.redisEnvironment) ?? [:])
        let child = try ChildProcess.spawn(command, descriptors: [0: 0, 3: writeEnd], newGroup: false, dieWithParent: false)
        close(writeEnd)
        var byte: UInt8 = 0
        var count: Int
        repeat { count = read(readEnd, &byte, 1) } while count < 0 && errno == EINTR
        close(readEnd)
        if count == 1 { return Int32(byte) }
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : ExitStatus.failure
    }

    /// `arguments` without `--redis-url URL` (or `--redis-url=URL`), and that URL (the last one given).
    static func movingRedisURL(out arguments: [String]) -> (arguments: [String], redisURL: String?) {
        let option = "--redis-url"
        var kept: [String] = []
        var url: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == option, index + 1 < arguments.count {
                url = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix(option + "=") {
                url = String(argument.dropFirst(option.count + 1))
            } else {
                kept.append(argument)
            }
            index += 1
        }
        return (kept, url)
    }

    /// In the background copy, first thing: leave the caller's session and terminal.
    public static func leaveSession() {
        _ = setsid()
    }

    /// In the background copy, once ready: report `code` and let go of the caller's stdio.
    public static func report(_ code: Int32, statusDescriptor: Int32, logPath: String) {
        StandardStreams.output.flush()
        StandardStreams.error.flush()
        var byte = UInt8(truncatingIfNeeded: code)
        _ = write(statusDescriptor, &byte, 1)
        close(statusDescriptor)
        let null = open("/dev/null", O_RDWR)
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        dup2(null, 0)
        dup2(log >= 0 ? log : null, 1)
        dup2(log >= 0 ? log : null, 2)
        if null > 2 { close(null) }
        if log > 2 { close(log) }
    }
}
