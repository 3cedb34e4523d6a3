import CirclesCore
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs and watches the direct-mode children: starts them (each in its own process group, dying
/// with this process), notices when one exits, restarts it per `RestartPolicy` with
/// `RestartBackoff`, and stops them all gracefully (SIGTERM to each group, `grace` seconds, then
/// SIGKILL). Once `reportExits()` was called, every exit that is not part of a stop is logged
/// (label `circles-spawn`, with the exit status or signal and what happens next), on stderr and in
/// the child's own log file.
///
/// Everything that touches children happens on one thread of its own that lives as long as the
/// process: PR_SET_PDEATHSIG fires when the spawning *thread* ends, and only the spawning side
/// should reap. Events are reported on that thread.
public final class Supervisor: @unchecked Sendable {
    /// What happened to a child.
    public enum Event: Sendable {
        /// Started (again); `tag` is the `ChildSpec.tag` of this start (e.g. a worker id).
        case started(name: String, process: ProcessIdentity, tag: String, restarts: Int)
        /// Exited and will be started again after `delay` seconds.
        case restarting(name: String, exit: ChildExit, delay: Double)
        /// Exited and stays down: `failed` when the crash-loop cap was hit or it failed under
        /// `--restart never`, else stopped.
        case ended(name: String, exit: ChildExit, failed: Bool)
    }

    /// How to (re)start one child. `make` is called for every start, so a restart can differ
    /// (a worker gets a new worker id, returned as the tag).
    public struct ChildSpec: Sendable {
        /// The child's name here and its log file's (`launch_data/logs/<name>.log`).
        public var name: String
        /// How echoed log lines and messages name the child (default: `name`).
        public var label: String
        /// Children with a lower order are stopped first (workers and servers before Redis).
        public var stopOrder: Int
        public var make: @Sendable () -> (command: ChildCommand, tag: String)

        public init(name: String, label: String? = nil, stopOrder: Int = 0, make: @escaping @Sendable () -> (command: ChildCommand, tag: String)) {
            self.name = name
            self.label = label ?? name
            self.stopOrder = stopOrder
            self.make = make
        }
    }

    /// The supervisor's view of one child.
    public struct ChildState: Sendable {
        public var process: ProcessIdentity?
        public var restarts: Int
        /// Exits seen so far (restarts and the final one).
        public var exits: Int
        public var lastExit: ChildExit?
        public var failed: Bool
        public var logPath: String
    }

    private final class Child {
        let spec: ChildSpec
        var process: ProcessIdentity?
        /// The pid of the latest start, kept after it exits (for messages).
        var lastPid: Int32 = 0
        var log: ChildLog?
        var restarts = 0
        var restartsInRow = 0
        var exits = 0
        var lastExit: ChildExit?
        var failed = false
        /// Stopped on request (`hold`): not restarted until `resume`.
        var held = false
        var startedAt = Date()
        var restartAt: Date?
        init(spec: ChildSpec) { self.spec = spec }
    }

    private let policy: RestartPolicy
    private let backoff: RestartBackoff
    private let logFolder: String
    private let echo: Bool
    private let colorize: Bool
    private let onEvent: @Sendable (Event) -> Void
    private let logger = Logger(label: "circles-spawn")
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var children: [String: Child] = [:]
    private var order: [String] = []
    private var stopping = false
    private var reportsExits = false

    public init(policy: RestartPolicy, backoff: RestartBackoff = RestartBackoff(), logFolder: String, echo: Bool, colorize: Bool,
                onEvent: @escaping @Sendable (Event) -> Void) {
        self.policy = policy
        self.backoff = backoff
        self.logFolder = logFolder
        self.echo = echo
        self.colorize = colorize
        self.onEvent = onEvent
        let thread = Thread { [self] in self.loop() }  // lives as long as the process
        thread.name = "supervisor"
        thread.start()
    }

    /// Starts a child and returns its identity once it runs.
    @discardableResult
    public func start(_ spec: ChildSpec) throws -> ProcessIdentity {
        try perform {
            let child = Child(spec: spec)
            self.children[spec.name] = child
            self.order.append(spec.name)
            try self.launch(child)
            return child.process!
        }
    }

    /// The current view of a child, or nil for an unknown name.
    public func state(of name: String) -> ChildState? {
        try? perform {
            self.children[name].map { child in
                ChildState(process: child.process, restarts: child.restarts, exits: child.exits, lastExit: child.lastExit,
                           failed: child.failed, logPath: LaunchData.log(name, in: self.logFolder))
            }
        }
    }

    /// From now on, logs every exit of a child (before, a launch reports them as start-up failures).
    public func reportExits() {
        try? perform { self.reportsExits = true }
    }

    /// What `hold` found.
    public enum HoldOutcome: Sendable, Equatable {
        case stopped(ChildExit)
        case alreadyDown
        case unknown
    }

    /// Stops one child as `stopAll` does (SIGTERM to its group, `grace`, SIGKILL) and keeps it
    /// down, with no restart, until `resume`. The others are not touched.
    public func hold(_ name: String, grace: Double) -> HoldOutcome {
        (try? perform { () -> HoldOutcome in
            guard let child = self.children[name] else { return .unknown }
            child.held = true
            child.restartAt = nil
            guard child.process != nil else {
                // A failed child, or one waiting for its restart, is stopped now.
                self.onEvent(.ended(name: name, exit: child.lastExit ?? .exited(0), failed: false))
                return .alreadyDown
            }
            self.stop([child], grace: grace)
            return .stopped(child.lastExit ?? .signaled(SIGTERM))
        }) ?? .unknown
    }

    /// Starts a child that is down (held, failed, or waiting for a restart) again at once, with a
    /// clean restart record; nil when it runs already.
    /// - Throws: `LaunchError.unknownChild`, or what starting a process throws.
    public func resume(_ name: String) throws -> ProcessIdentity? {
        try perform {
            guard let child = self.children[name] else { throw LaunchError.unknownChild(name: name) }
            guard child.process == nil else { return nil }
            child.held = false
            child.restartAt = nil
            child.restartsInRow = 0
            try self.launch(child)
            return child.process
        }
    }

    /// Stops one child as `hold` does and forgets it: its name may be started anew with `start`.
    public func remove(_ name: String, grace: Double) {
        _ = hold(name, grace: grace)
        try? perform {
            self.children[name] = nil
            self.order.removeAll { $0 == name }
        }
    }

    /// Stops every child: SIGTERM to each process group (lowest `stopOrder` first), up to `grace`
    /// seconds for them to exit, then SIGKILL to the groups still there. No restarts afterwards.
    public func stopAll(grace: Double) {
        try? perform {
            self.stopping = true
            self.children.values.forEach { $0.restartAt = nil }
            let orders = Set(self.children.values.map(\.spec.stopOrder)).sorted()
            for stage in orders {
                let group = self.children.values.filter { $0.spec.stopOrder == stage && $0.process != nil }
                self.stop(group, grace: grace)
            }
        }
    }

    // MARK: - The supervisor thread

    /// Runs `body` on the supervisor thread and returns its result.
    private func perform<T>(_ body: @escaping () throws -> T) throws -> T {
        var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        jobs.append {
            result = Result { try body() }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return try result!.get()
    }

    /// Child data is touched only here; the lock guards `jobs` alone.
    private func loop() {
        while true {
            let nextRestart = children.values.compactMap(\.restartAt).min()
            let wakeUp = min(nextRestart ?? .distantFuture, Date(timeIntervalSinceNow: 0.05))
            condition.lock()
            if jobs.isEmpty { _ = condition.wait(until: wakeUp) }
            let pending = jobs
            jobs = []
            condition.unlock()
            pending.forEach { $0() }
            reapAndRestart()
        }
    }

    private func reapAndRestart() {
        for name in order {
            guard let child = children[name] else { continue }
            if let process = child.process, let exit = Self.reap(process.pid, blocking: false) {
                finish(child, exit: exit)
            }
            if let due = child.restartAt, due <= Date(), !stopping {
                child.restartAt = nil
                do {
                    child.restarts += 1
                    try launch(child)
                } catch {
                    child.failed = true
                    report(child, level: .error, "\(child.spec.label) cannot be restarted: \(error)")
                    onEvent(.ended(name: name, exit: child.lastExit ?? .exited(1), failed: true))
                }
            }
        }
    }

    private func finish(_ child: Child, exit: ChildExit) {
        let name = child.spec.name
        child.process = nil
        child.log?.closeWriteEnd()
        child.exits += 1
        child.lastExit = exit
        if stopping { return }
        if child.held {
            onEvent(.ended(name: name, exit: exit, failed: false))
            return
        }
        if Date().timeIntervalSince(child.startedAt) >= backoff.resetAfter { child.restartsInRow = 0 }
        let ended = "\(child.spec.label) (pid \(child.lastPid)) \(exit)"
        guard policy.restarts(after: exit) else {
            child.failed = !exit.isSuccess
            report(child, level: child.failed ? .error : .notice, "\(ended); not restarted (--restart \(policy.rawValue))")
            onEvent(.ended(name: name, exit: exit, failed: child.failed))
            return
        }
        child.restartsInRow += 1
        guard let delay = backoff.delay(attempt: child.restartsInRow) else {
            child.failed = true
            report(child, level: .error, "\(ended) and was restarted \(child.restartsInRow - 1) times in a row; it is marked failed")
            onEvent(.ended(name: name, exit: exit, failed: true))
            return
        }
        child.restartAt = Date(timeIntervalSinceNow: delay)
        report(child, level: .warning, "\(ended); restarting it in \(delay) s (restart \(child.restarts + 1))")
        onEvent(.restarting(name: name, exit: exit, delay: delay))
    }

    /// Logs `message` on stderr and appends the same line to the child's log file, so that its
    /// log tells why it restarted.
    private func report(_ child: Child, level: Logger.Level, _ message: String) {
        guard reportsExits else { return }
        logger.log(level: level, "\(message)")
        let line = LogLine(level: level.rawValue, label: "circles-spawn", message: message).text + "\n"
        let file = open(LaunchData.log(child.spec.name, in: logFolder), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else { return }
        _ = line.withCString { write(file, $0, strlen($0)) }
        close(file)
    }

    private func launch(_ child: Child) throws {
        let (command, tag) = child.spec.make()
        let palette = LogSource.palette
        let color = colorize ? palette[(order.firstIndex(of: child.spec.name) ?? 0) % palette.count] : nil
        let log = try ChildLog(name: child.spec.name, label: child.spec.label, folder: logFolder, echo: echo, color: color)
        defer { log.closeWriteEnd() }
        let process = try ChildProcess.spawn(command, output: log.writeEnd, dieWithParent: true)
        child.log = log
        child.process = process
        child.lastPid = process.pid
        child.startedAt = Date()
        child.failed = false
        onEvent(.started(name: child.spec.name, process: process, tag: tag, restarts: child.restarts))
    }

    private func stop(_ group: [Child], grace: Double) {
        let leaders = group.compactMap { $0.process?.pid }
        for pid in leaders { kill(-pid, SIGTERM) }
        let deadline = Date(timeIntervalSinceNow: grace)
        var running = group.filter { $0.process != nil }
        while !running.isEmpty && Date() < deadline {
            usleep(10_000)
            running = running.filter { child in
                guard let exit = Self.reap(child.process!.pid, blocking: false) else { return true }
                finish(child, exit: exit)
                return false
            }
        }
        for child in running {
            let pid = child.process!.pid
            kill(-pid, SIGKILL)
            finish(child, exit: Self.reap(pid, blocking: true) ?? .signaled(SIGKILL))
        }
        // Whatever else still runs in those groups goes too (a group lives while it has members,
        // so its id cannot have been given to anyone else).
        for pid in leaders { kill(-pid, SIGKILL) }
    }

    /// `waitpid` for one child; nil while it runs (or when it is not ours to reap).
    private static func reap(_ pid: Int32, blocking: Bool) -> ChildExit? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == -1 && errno == EINTR { continue }
            if result == pid { break }
            if result == -1 && errno == ECHILD { return .exited(-1) }
            return nil
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
