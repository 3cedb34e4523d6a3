import CirclesCore
import CirclesLauncher
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process groups, start-time identities and the supervisor, with `sleep` and `sh` children.
@Suite struct SpawnProcessTests {
    let logs = NSTemporaryDirectory() + "circles-supervisor-\(UUID().uuidString)"

    private func shell(_ script: String) -> ChildCommand {
        ChildCommand(executable: "/bin/sh", arguments: ["-c", script])
    }

    /// A supervisor whose events are collected.
    private func supervisor(_ policy: RestartPolicy, backoff: RestartBackoff = RestartBackoff()) -> (Supervisor, Events) {
        let events = Events()
        return (Supervisor(policy: policy, backoff: backoff, logFolder: logs, echo: false, colorize: false) { events.append($0) }, events)
    }

    @Test func childLeadsItsOwnGroupAndIsKnownByStartTime() throws {
        let (supervisor, _) = supervisor(.never)
        let child = try supervisor.start(.init(name: "sleeper") { (ChildCommand(executable: "/bin/sleep", arguments: ["30"]), "") })
        defer { supervisor.stopAll(grace: 1) }
        #expect(getpgid(child.pid) == child.pid)
        #expect(getpgid(child.pid) != getpgid(0))
        #expect(child.isAlive)
        #expect(ProcessIdentity.of(pid: child.pid) == child)
        // The same pid with another start time is someone else.
        #expect(!ProcessIdentity(pid: child.pid, startTime: child.startTime + 1).isAlive)
    }

    @Test func stopReachesTheWholeGroupAndKillsAfterGrace() throws {
        let (supervisor, _) = supervisor(.onFailure)
        // Ignores SIGTERM and has a child of its own in the same group.
        let child = try supervisor.start(.init(name: "stubborn") { (self.shell("trap '' TERM; sleep 300 & sleep 301; wait"), "") })
        #expect(eventually(timeout: 5) { processes(inGroup: child.pid).count >= 3 })
        let started = Date()
        supervisor.stopAll(grace: 0.3)
        #expect(Date().timeIntervalSince(started) < 5)
        // The grandchildren are not ours to reap: give the kernel a moment to finish their SIGKILL.
        #expect(eventually(timeout: 3) { processes(inGroup: child.pid).isEmpty }, "\(processes(inGroup: child.pid))")
        #expect(!child.isAlive)
        #expect(supervisor.state(of: "stubborn")?.lastExit == .signaled(SIGKILL))
    }

    @Test func gracefulStopUsesSIGTERM() throws {
        let (supervisor, _) = supervisor(.onFailure)
        let child = try supervisor.start(.init(name: "polite") { (ChildCommand(executable: "/bin/sleep", arguments: ["300"]), "") })
        supervisor.stopAll(grace: 5)
        #expect(!child.isAlive)
        #expect(supervisor.state(of: "polite")?.lastExit == .signaled(SIGTERM))
    }

    @Test func crashedChildIsRestartedWithANewStart() throws {
        let (supervisor, events) = supervisor(.onFailure)
        let starts = Counter()
        let first = try supervisor.start(.init(name: "worker") {
            (ChildCommand(executable: "/bin/sleep", arguments: ["300"]), "run-\(starts.next())")
        })
        defer { supervisor.stopAll(grace: 1) }
        kill(first.pid, SIGKILL)
        let restarted = eventually(timeout: 10) { supervisor.state(of: "worker")?.restarts == 1 && supervisor.state(of: "worker")?.process != nil }
        #expect(restarted)
        let second = try #require(supervisor.state(of: "worker")?.process)
        #expect(second != first)
        #expect(second.isAlive)
        #expect(getpgid(second.pid) == second.pid)
        #expect(events.names.contains("restarting worker"))
        #expect(events.names.last == "started worker run-2")
    }

    @Test func crashLoopEndsInFailed() throws {
        var backoff = RestartBackoff()
        backoff.initialDelay = 0.01
        backoff.maximumRestarts = 3
        let (supervisor, events) = supervisor(.onFailure, backoff: backoff)
        try supervisor.start(.init(name: "crasher") { (self.shell("exit 3"), "") })
        #expect(eventually(timeout: 10) { supervisor.state(of: "crasher")?.failed == true })
        let state = try #require(supervisor.state(of: "crasher"))
        #expect(state.restarts == 3)
        #expect(state.lastExit == .exited(3))
        #expect(events.names.last == "ended crasher failed")
    }

    @Test func cleanExitIsNotRestartedOnFailurePolicy() throws {
        let (supervisor, events) = supervisor(.onFailure)
        try supervisor.start(.init(name: "done") { (self.shell("echo hello; exit 0"), "") })
        #expect(eventually(timeout: 5) { events.names.last == "ended done stopped" })
        #expect(supervisor.state(of: "done")?.restarts == 0)
        #expect(eventually(timeout: 5) { (try? String(contentsOfFile: logs + "/done.log", encoding: .utf8)) == "hello\n" })
    }

    @Test func backoffDoublesUpToTheCap() {
        let backoff = RestartBackoff()
        #expect((1...6).map { backoff.delay(attempt: $0) } == [0.2, 0.4, 0.8, 1.6, 3.2, nil])
        #expect(RestartPolicy.onFailure.restarts(after: .signaled(9)))
        #expect(!RestartPolicy.onFailure.restarts(after: .exited(0)))
        #expect(RestartPolicy.always.restarts(after: .exited(0)))
        #expect(!RestartPolicy.never.restarts(after: .exited(1)))
    }
}

/// A thread-safe counter: 1, 2, 3, …
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// Supervisor events as short strings, collected from its thread.
final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ event: Supervisor.Event) {
        let text = switch event {
        case let .started(name, _, tag, _): "started \(name) \(tag)"
        case let .restarting(name, _, _): "restarting \(name)"
        case let .ended(name, _, failed): "ended \(name) \(failed ? "failed" : "stopped")"
        }
        lock.withLock { items.append(text.trimmingCharacters(in: .whitespaces)) }
    }

    var names: [String] { lock.withLock { items } }
}
