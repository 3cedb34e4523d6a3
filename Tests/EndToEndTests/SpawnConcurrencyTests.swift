import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two `circles-spawn --detach` at once on one launch_data: the launch lock lets exactly one
/// launch through. The other is refused naming the first's pid or, when the first is already
/// recorded as running, joins it and finds its circles running (nothing started). Either way one
/// supervisor and three workers run, and cleanup leaves no process behind.
@Suite(.serialized) struct SpawnConcurrencyTests {
    /// Live processes whose command line mentions `text` (a fixture's folder), by program name.
    private func processes(mentioning text: String) -> [(pid: Int32, program: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].split(separator: " ").first != "Z" else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains(where: { $0.contains(text) }), let first = arguments.first else { return nil }
            return (pid, String(first.split(separator: "/").last ?? ""))
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func ofTwoConcurrentDetachedSpawnsExactlyOneLaunchesAndCleanupLeavesNothing() throws {
        for round in 1...8 {
            let fixture = try LaunchFixture()
            let arguments = ["-c", freshPublicKey(), "-c", freshPublicKey(), "-c", freshPublicKey()]
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                results.set(index, Result { try fixture.spawnDetached(arguments) })
            }
            let both = try results.all.map { try $0.get() }
            let succeeded = both.filter { $0.exitCode == 0 }
            #expect(!succeeded.isEmpty, "round \(round): exit codes \(both.map(\.exitCode)); stderr: \(both.map(\.stderr))")
            let supervisor = try #require(try fixture.state()?.supervisor, "round \(round)")
            if let refused = both.first(where: { $0.exitCode != 0 }) {
                #expect(refused.stderr.contains("circles-spawn pid \(supervisor.pid)"), "round \(round): \(refused.stderr)")
            }
            let running = processes(mentioning: fixture.launchData)
            #expect(running.filter { $0.program == "circles-spawn" }.map(\.pid) == [supervisor.pid], "round \(round): \(running)")
            #expect(running.filter { $0.program == "circles-worker" }.count == 3, "round \(round): \(running)")

            let cleanup = try fixture.run("circles-cleanup", [])
            #expect(cleanup.exitCode == 0, "round \(round): \(cleanup.stderr)")
            #expect(processes(mentioning: fixture.launchData).isEmpty, "round \(round)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aSpawnStillPlanningRefusesTheNextAndCleanupStopsIt() throws {
        let fixture = try LaunchFixture()
        // `circles-spawn -` reads keygen NDJSON from stdin: with the pipe left open it stays in
        // planning, holding the launch lock, with no state written yet.
        let first = Process()
        first.executableURL = URL(fileURLWithPath: BuiltExecutable.path("circles-spawn"))
        first.arguments = ["-", "-p", String(fixture.port)] + fixture.common
        let input = Pipe()
        first.standardInput = input
        first.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        first.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try first.runWithDefaultSignalMask()
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try waitUntil("circles-spawn holds the launch lock") { LaunchLockProbe.held(fixture.launchData) }
        #expect(try fixture.state() == nil)

        let second = try fixture.spawnDetached(["-c", freshPublicKey()])
        #expect(second.exitCode != 0)
        #expect(second.stderr.contains("circles-spawn pid \(first.processIdentifier)"), "\(second.stderr)")
        #expect(processes(mentioning: fixture.launchData).map(\.pid) == [first.processIdentifier])

        let cleanup = try fixture.run("circles-cleanup", ["--json"])
        #expect(cleanup.exitCode == 0, "\(cleanup.stderr)")
        #expect(cleanup.stdout.contains("stopped circles-spawn (pid \(first.processIdentifier))"), "\(cleanup.stdout)")
        #expect(eventually(timeout: 10) { !first.isRunning })
        #expect(processes(mentioning: fixture.launchData).isEmpty)
        try input.fileHandleForWriting.close()
    }
}

/// Whether a process holds a launch_data's launch lock (a shared lock cannot be taken then).
private enum LaunchLockProbe {
    static func held(_ launchData: String) -> Bool {
        let descriptor = open(launchData + "/.spawn.lock", O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_SH | LOCK_NB) != 0
    }
}

/// The two results of concurrent runs, filled from two threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Result<ProcessResult, Error>] = [:]
    func set(_ index: Int, _ value: Result<ProcessResult, Error>) { lock.withLock { values[index] = value } }
    var all: [Result<ProcessResult, Error>] { lock.withLock { values.keys.sorted().map { values[$0]! } } }
}
