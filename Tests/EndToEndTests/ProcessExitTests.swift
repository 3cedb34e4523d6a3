import CirclesCore
import Foundation
import Testing
import TestSupport

/// One short step as a whole process (issue 18): the async programs must not park their main thread
/// in `dispatch_main`, whose `pthread_exit` made libgcc sort every unwind entry of the static release
/// executables (most of a short `circles-dispatch`'s CPU). See `AsyncParsableCommand.runAsProgram`.
@Suite(.serialized) struct ProcessExitTests {
    let redis: TestRedis
    let circle = PrivateKey.generate().publicKey

    init() throws {
        redis = try TestRedis()
    }

    #if os(Linux)
    /// Any build: while `circles-dispatch` waits for a reply, its main thread waits for the command
    /// (a futex), not in `dispatch_main`'s exit (`rt_sigsuspend` inside `pthread_exit`).
    @Test func theMainThreadOfAWaitingDispatchIsNotParkedByDispatchMain() throws {
        let dispatch = try RunningProcess("circles-dispatch", ["--redis-url", redis.urlText, "--circle", circle.hex, "-e", "1", "--timeout", "60"])
        defer { dispatch.kill(SIGKILL) }
        let connection = try redis.connect()
        try waitUntil("circles-dispatch waits in BLPOP for its reply") {
            (try connection.command(["CLIENT", "LIST"]).string ?? "").contains("cmd=blpop")
        }
        let pid = dispatch.pid
        let syscall = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/syscall", encoding: .utf8)
        let number = Int(syscall.split(separator: " ").first ?? "")
        #expect(number != nil, "the main thread is gone or running: \(syscall)")
        #expect(number != Self.rtSigsuspend, "the main thread sits in dispatch_main's pthread_exit")
    }

    #if arch(x86_64)
    static let rtSigsuspend = 130
    #elseif arch(arm64)
    static let rtSigsuspend = 133
    #endif
    #endif

    /// The release executables (`CIRCLES_TEST_RELEASE_BIN=$(bin/build-release --show-bin-path)`): the
    /// static linking there is what made the exit path expensive; a debug build links dynamically
    /// and pays for loading its libraries instead. Medians of alternating runs, a generous bound
    /// (measured 1.1–1.2×; with the slow exit path 4×).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CIRCLES_TEST_RELEASE_BIN"] != nil, "needs CIRCLES_TEST_RELEASE_BIN"))
    func aDispatchThroughAWorkerCostsAboutTheCPUOfARedisCliPing() throws {
        let bin = ProcessInfo.processInfo.environment["CIRCLES_TEST_RELEASE_BIN"]!
        let databasePath = NSTemporaryDirectory() + "exit-\(UUID().uuidString).db"
        let worker = try RunningProcess(bin + "/circles-worker", ["--circle-public-key", circle.hex, "--redis-url", redis.urlText, "--db-path", databasePath])
        defer { worker.kill(SIGKILL) }
        var dispatch: [Double] = []
        var ping: [Double] = []
        for _ in 0..<15 {
            let step = try ProcessCost.measure(bin + "/circles-dispatch", ["--redis-url", redis.urlText, "--circle", circle.hex, "-e", "40 + 2"])
            try #require(step.stdout == "42\n", "circles-dispatch exited \(step.exitCode)")
            let peer = try ProcessCost.measure("redis-cli", ["-p", String(redis.port), "ping"])
            try #require(peer.stdout == "PONG\n")
            dispatch.append(step.cpuSeconds)
            ping.append(peer.cpuSeconds)
        }
        let ratio = median(dispatch) / median(ping)
        #expect(ratio < 2.5, "circles-dispatch used \(median(dispatch) * 1000) ms of CPU, redis-cli ping \(median(ping) * 1000) ms")
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
