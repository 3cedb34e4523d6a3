import CirclesCore
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A signal that arrives while a long-running program starts never takes the default action:
/// it is recorded from the program's first instruction and acted on once the program traps it
/// (CStartupSignals). The loader's window before that first instruction is closed by the
/// starter, as circles-spawn does: it starts its programs with the three signals blocked.
@Suite(.serialized) struct StartupSignalTests {
    private static let stopSignals = [SIGHUP, SIGINT, SIGTERM]

    /// circles-ws on a free port; nothing needs Redis until a request comes.
    private func startServer(blocked: [Int32]) throws -> RunningProcess {
        try RunningProcess("circles-ws", ["-p", "0", "-c", PrivateKey.generate().publicKey.hex, "--redis-url", "redis://127.0.0.1:1"],
                           blockedSignals: blocked)
    }

    private func expectLivesThenStops(_ server: RunningProcess, _ what: String) throws {
        try waitUntil("circles-ws prints that it listens (\(what))", seconds: 30) {
            guard server.isRunning else { throw TestRedisError("circles-ws died (\(what)): exit \(server.wait(timeout: 1) ?? -1)") }
            return server.stdout.contains("\"listening\"")
        }
        server.kill(SIGHUP)  // a SIGHUP once it listens reloads, as before
        usleep(50_000)
        #expect(server.isRunning, "\(what)")
        server.kill(SIGTERM)
        #expect(server.wait(timeout: 30) == 0, "\(what), then SIGTERM; stderr: \(server.stderr)")
    }

    /// Whether `pid` catches `signal` (its handler is installed): /proc/<pid>/status `SigCgt`.
    private func catches(_ pid: Int32, _ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    @Test(.timeLimit(.minutes(5)))
    func aSighupAtAnyMomentOfTheStartNeverKillsTheServerStartedAsSpawnStartsIt() throws {
        for delay in 0...20 {
            let server = try startServer(blocked: Self.stopSignals)
            if delay > 0 { usleep(UInt32(delay) * 1_000) }
            server.kill(SIGHUP)
            try expectLivesThenStops(server, "SIGHUP \(delay) ms after start")
        }
    }

    #if os(Linux)
    @Test(.timeLimit(.minutes(5)))
    func fromItsFirstInstructionASighupNeverKillsTheServer() throws {
        for delay in 0...20 {
            let server = try startServer(blocked: [])
            try waitUntil("circles-ws's first instruction has run (SigCgt has SIGHUP)", seconds: 10) { catches(server.pid, SIGHUP) }
            if delay > 0 { usleep(UInt32(delay) * 1_000) }
            server.kill(SIGHUP)
            try expectLivesThenStops(server, "SIGHUP \(delay) ms after the first instruction")
        }
    }
    #endif

    @Test(.timeLimit(.minutes(3)))
    func aSigtermDuringTheStartStopsTheServerGracefullyOnceItListens() throws {
        for delay in [0, 2, 5, 10] {
            let server = try startServer(blocked: Self.stopSignals)
            if delay > 0 { usleep(UInt32(delay) * 1_000) }
            server.kill(SIGTERM)
            #expect(server.wait(timeout: 30) == 0, "SIGTERM \(delay) ms after start; stderr: \(server.stderr)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aSighupDuringTheStartStopsTheWorkerGracefully() throws {
        let redis = try TestRedis()
        defer { _ = try? redis.connect().command(["SHUTDOWN", "NOSAVE"]) }
        let folder = NSTemporaryDirectory() + "circles-signals-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for delay in [0, 2, 5, 10] {
            let worker = try RunningProcess("circles-worker", [
                "--circle-public-key", PrivateKey.generate().publicKey.hex, "--redis-url", redis.urlText, "--db-path", folder + "/db-\(delay).db",
            ], blockedSignals: Self.stopSignals)
            if delay > 0 { usleep(UInt32(delay) * 1_000) }
            worker.kill(SIGHUP)
            #expect(worker.wait(timeout: 30) == 0, "SIGHUP \(delay) ms after start; stderr: \(worker.stderr)")
        }
    }
}
