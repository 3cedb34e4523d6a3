import CirclesCore
import Foundation
import Logging

/// Direct mode: every worker and server a child of this process under a `Supervisor`, the state
/// file kept current as children start, restart and fail.
public final class DirectLauncher: @unchecked Sendable {
    public let plan: LaunchPlan
    public let supervisor: Supervisor
    private let store: StateStore
    private let recorder: EventRecorder
    private let lock = NSLock()
    private var workerIds: [String: String] = [:]
    /// The circles supervised: the plan's, then those added while running (`add`).
    private var circles: [PlannedCircle]
    /// The Redis URL the children get, known once `launch` has it.
    private var redisURL = ""

    public init(plan: LaunchPlan, echoLogs: Bool, colorLogs: Bool) {
        self.plan = plan
        self.store = plan.stateStore
        self.circles = plan.circles
        let recorder = EventRecorder(store: plan.stateStore)
        self.recorder = recorder
        supervisor = Supervisor(policy: plan.restart, logFolder: plan.logFolder, echo: echoLogs, colorize: colorLogs) { event in
            recorder.append(event)
        }
    }

    /// Starts Redis (when embedded), the workers and the servers, waits until all are ready, runs
    /// the init scripts, and returns the state. On any failure the caller must call `stop()`.
    public func launch(redis: RedisChoice, supervisorProcess: ProcessIdentity) async throws -> LaunchState {
        let url: RedisURL, urlText: String, record: LaunchState.RedisServer
        switch redis {
        case let .existing(existing, text):
            (url, urlText, record) = (existing, text, try .recording(text, managed: false, launchData: plan.files))
        case .embedded:
            (url, urlText, record) = try await EmbeddedRedis.start(supervisor: supervisor, launchData: plan.launchData, timeout: plan.readyTimeout)
        }
        try store.updateMirrored { state in
            state = plan.initialState(mode: .direct, redis: record, workerIds: [:])
            state.supervisor = .init(pid: supervisorProcess.pid, pidStartTime: supervisorProcess.startTime)
        }

        lock.withLock { redisURL = urlText }
        for circle in plan.circles { try startWorker(circle) }
        for (port, circles) in plan.serverPorts {
            try plan.writeServerState(port: port, circles: circles, replacing: true)
            try startServer(port: port)
        }

        let workers = plan.circles.map { circle in
            Readiness.Worker(name: circle.workerLabel, key: circle.key) { [self] in lock.withLock { workerIds[circle.name] } }
        }
        let servers = plan.serverPorts.map {
            Readiness.Server(name: LaunchPlan.serverName(port: $0.port), host: Network.connectableHost(plan.host), port: $0.port)
        }
        let children = plan.circles.map { ($0.workerName, $0.workerLabel) } + servers.map { ($0.name, $0.name) }
        try await Readiness(redisURL: url, timeout: plan.readyTimeout).wait(workers: workers, servers: servers) {
            try failIfExited(children)
        }
        supervisor.reportExits()

        let results = try await InitScriptRunner.run(plan.circles, redisURL: url, timeout: plan.readyTimeout)
        recorder.drain()
        return try store.updateMirrored { state in
            for index in state.circles.indices {
                state.circles[index].initResult = results[state.circles[index].name]
            }
            return state
        }
    }

    /// Every start gets a new worker id, so a crashed worker's liveness key expires and its
    /// processing list is recovered (docs/PROTOCOL.md §2); the state learns the id when it starts.
    private func startWorker(_ circle: PlannedCircle) throws {
        let url = lock.withLock { redisURL }
        try supervisor.start(.init(name: circle.workerName, label: circle.workerLabel) { [plan, self] in
            let id = LaunchPlan.newWorkerId()
            self.lock.withLock { self.workerIds[circle.name] = id }
            return (plan.workerCommand(circle, workerId: id, redisURL: url), id)
        })
    }

    /// The server of `port`; it serves the circles of its state file (`LaunchPlan.writeServerState`).
    private func startServer(port: Int) throws {
        let url = lock.withLock { redisURL }
        try supervisor.start(.init(name: LaunchPlan.serverName(port: port)) { [plan] in (plan.serverCommand(port: port, redisURL: url), "") })
    }

    /// Adds circles to the running launch (`circles spawn` into a running set): each gets its
    /// entry in the state and a worker; a server that runs on its port reads its state file again
    /// (SIGHUP, no restart), a new port gets a server of its own. A circle that runs already is
    /// left alone. The init scripts are the caller's to send.
    public func add(_ additions: [PlannedCircle]) -> [ControlChannel.Outcome] {
        var byPort: [Int: [PlannedCircle]] = [:]
        var outcomes: [ControlChannel.Outcome] = []
        for circle in additions {
            let key = circle.key.hex
            if lock.withLock({ circles.contains { $0.key == circle.key } }) {
                outcomes.append(.init(publicKey: key, result: .alreadyRunning, pid: supervisor.state(of: circle.workerName)?.process?.pid))
                continue
            }
            do {
                let port = plan.port(of: circle)
                try store.updateMirrored { state in
                    state.circles.append(.init(name: circle.name, publicKey: key, port: port, scriptPath: circle.request.scriptPath,
                                               worker: .init(workerId: "")))
                }
                lock.withLock { circles.append(circle) }
                try startWorker(circle)
                byPort[port, default: []].append(circle)
                outcomes.append(.init(publicKey: key, result: .started, pid: supervisor.state(of: circle.workerName)?.process?.pid,
                                      workerId: lock.withLock { workerIds[circle.name] }))
            } catch {
                outcomes.append(.init(publicKey: key, result: .failed, error: "\(error)"))
            }
        }
        for (port, circles) in byPort.sorted(by: { $0.key < $1.key }) {
            do {
                try plan.writeServerState(port: port, circles: circles, replacing: false)
                if let server = supervisor.state(of: LaunchPlan.serverName(port: port)), let pid = server.process?.pid {
                    kill(pid, SIGHUP)
                } else {
                    try store.updateMirrored { $0.servers.append(.init(port: port, url: plan.serverURL(port: port))) }
                    try startServer(port: port)
                }
            } catch {
                let keys = Set(circles.map(\.key.hex))
                for index in outcomes.indices where keys.contains(outcomes[index].publicKey) {
                    outcomes[index] = .init(publicKey: outcomes[index].publicKey, result: .failed, error: "its server on port \(port): \(error)")
                }
            }
        }
        recorder.drain()
        return outcomes
    }

    /// Removes circles from the running launch (`circles remove`): the worker is stopped and
    /// forgotten, the circle leaves the state and its server's list (which the server reads again
    /// on SIGHUP); the other circles are not touched. Files and Redis keys stay.
    public func remove(_ keys: [String]) -> [ControlChannel.Outcome] {
        let outcomes = keys.map { key -> ControlChannel.Outcome in
            guard let circle = lock.withLock({ circles.first { $0.key.hex == key } }) else { return .init(publicKey: key, result: .unknown) }
            supervisor.remove(circle.workerName, grace: plan.grace)
            lock.withLock { circles.removeAll { $0.key == circle.key } }
            do {
                let port = try store.updateMirrored { state -> Int? in
                    defer { state.circles.removeAll { $0.publicKey == key } }
                    return state.circles.first { $0.publicKey == key }?.port
                }
                if let port {
                    try LaunchData(stateFile: plan.files.serverState(port: port)).stateStore.update { $0.circles.removeAll { $0.publicKey == key } }
                    if let pid = supervisor.state(of: LaunchPlan.serverName(port: port))?.process?.pid { kill(pid, SIGHUP) }
                }
                return .init(publicKey: key, result: .removed)
            } catch {
                return .init(publicKey: key, result: .failed, error: "\(error)")
            }
        }
        recorder.drain()
        return outcomes
    }

    /// Answers a `circles stop|start|restart` request (`ControlChannel`) for this launch's circles:
    /// only their workers are stopped or started, the other children keep running. Returns once
    /// the state file says so.
    public func control(_ request: ControlChannel.Request) -> ControlChannel.Reply {
        if let additions = request.additions {
            return ControlChannel.Reply(outcomes: add(additions.compactMap(\.planned)))
        }
        if request.remove == true { return ControlChannel.Reply(outcomes: remove(request.circles)) }
        let known = lock.withLock { circles }
        let outcomes = request.circles.map { key -> ControlChannel.Outcome in
            guard let circle = known.first(where: { $0.key.hex == key }) else { return .init(publicKey: key, result: .unknown) }
            func started(_ result: ControlChannel.Outcome.Result, _ process: ProcessIdentity) -> ControlChannel.Outcome {
                .init(publicKey: key, result: result, pid: process.pid, workerId: lock.withLock { workerIds[circle.name] })
            }
            do {
                guard let action = request.action else { return .init(publicKey: key, result: .unknown) }
                switch action {
                case .stop:
                    let held = supervisor.hold(circle.workerName, grace: plan.grace)
                    return .init(publicKey: key, result: held == .alreadyDown ? .alreadyStopped : .stopped)
                case .start:
                    if let process = try supervisor.resume(circle.workerName) { return started(.started, process) }
                    return .init(publicKey: key, result: .alreadyRunning, pid: supervisor.state(of: circle.workerName)?.process?.pid)
                case .restart:
                    _ = supervisor.hold(circle.workerName, grace: plan.grace)
                    guard let process = try supervisor.resume(circle.workerName) else { return .init(publicKey: key, result: .alreadyRunning) }
                    return started(.restarted, process)
                }
            } catch {
                return .init(publicKey: key, result: .failed, error: "\(error)")
            }
        }
        recorder.drain()
        return ControlChannel.Reply(outcomes: outcomes)
    }

    /// Stops every child gracefully and marks the state stopped.
    public func stop() {
        supervisor.stopAll(grace: plan.grace)
        recorder.drain()
        do {
            try store.updateMirrored { $0.markStopped() }
        } catch {
            Logger(label: "circles-spawn").error("the state could not be updated after stopping: \(error)")
        }
    }

    /// Throws when a child exited while the launch waits for readiness: that is a start-up failure.
    private func failIfExited(_ children: [(name: String, label: String)]) throws {
        for (name, label) in children {
            guard let state = supervisor.state(of: name), state.exits > 0 else { continue }
            throw LaunchError.childExited(name: label, status: state.lastExit?.description ?? "exited", log: ChildLog.tail(of: state.logPath))
        }
    }
}

/// Keeps the state file in step with the supervisor without slowing it down: events are queued
/// and applied in one state update per burst (fifty workers starting cost one write, not fifty).
final class EventRecorder: @unchecked Sendable {
    private let store: StateStore
    private let queue = DispatchQueue(label: "state recorder")
    private let lock = NSLock()
    private var pending: [Supervisor.Event] = []

    init(store: StateStore) {
        self.store = store
    }

    func append(_ event: Supervisor.Event) {
        let first = lock.withLock {
            pending.append(event)
            return pending.count == 1
        }
        if first { queue.async { self.flush() } }
    }

    /// Waits until every event appended so far is in the state file.
    func drain() {
        queue.sync { flush() }
    }

    private func flush() {
        let events = lock.withLock {
            defer { pending = [] }
            return pending
        }
        guard !events.isEmpty else { return }
        do {
            try store.updateMirrored { state in events.forEach { apply($0, to: &state) } }
        } catch {
            Logger(label: "circles-spawn").error("the state could not be updated: \(error)")
        }
    }

    private func apply(_ event: Supervisor.Event, to state: inout LaunchState) {
        func circleIndex(_ name: String) -> Int? {
            state.circles.firstIndex { LaunchPlan.workerName(hex: $0.publicKey) == name }
        }
        func serverIndex(_ name: String) -> Int? {
            state.servers.firstIndex { LaunchPlan.serverName(port: $0.port) == name }
        }
        switch event {
        case let .started(name, process, tag, restarts):
            if let index = circleIndex(name) {
                state.circles[index].worker = .init(workerId: tag, pid: process.pid, pidStartTime: process.startTime, restarts: restarts, status: .running)
            } else if let index = serverIndex(name) {
                state.servers[index].pid = process.pid
                state.servers[index].pidStartTime = process.startTime
            } else if name == "redis" {
                state.redis?.pid = process.pid
                state.redis?.pidStartTime = process.startTime
            }
        case let .restarting(name, _, _):
            if let index = circleIndex(name) {
                state.circles[index].worker.status = .starting
                state.circles[index].worker.pid = nil
            }
        case let .ended(name, _, failed):
            if let index = circleIndex(name) {
                state.circles[index].worker.status = failed ? .failed : .stopped
                state.circles[index].worker.pid = nil
            } else if let index = serverIndex(name) {
                state.servers[index].pid = nil
            }
        }
    }
}

extension LaunchState {
    /// After a stop: no process recorded any more; workers `stopped` (or still `failed`).
    public mutating func markStopped() {
        for index in circles.indices {
            if circles[index].worker.status != .failed { circles[index].worker.status = .stopped }
            circles[index].worker.pid = nil
            circles[index].worker.pidStartTime = nil
        }
        for index in servers.indices {
            servers[index].pid = nil
            servers[index].pidStartTime = nil
        }
        if redis?.managed == true {
            redis?.pid = nil
            redis?.pidStartTime = nil
        }
        supervisor = nil
        serviceFiles = nil
    }
}
