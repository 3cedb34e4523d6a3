import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of a program cost, from `wait4`'s resource usage of that very child (so other
/// tests' processes running meanwhile do not count).
public struct ProcessCost: Sendable {
    public let exitCode: Int32
    /// User plus system CPU seconds of the process.
    public let cpuSeconds: Double
    public let stdout: String

    /// Runs `program` (a path, or a name looked up on PATH) with `arguments`, stdin from /dev/null,
    /// stderr discarded, and measures it.
    public static func measure(_ program: String, _ arguments: [String]) throws -> ProcessCost {
        let outputPath = NSTemporaryDirectory() + "process-cost-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let failure = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        guard failure == 0 else { throw TestRedisError("cannot start \(program): \(String(cString: strerror(failure)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        let exited = status & 0x7f == 0
        return ProcessCost(
            exitCode: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }
}
