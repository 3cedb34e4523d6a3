import CirclesCore
import Foundation

/// Service-manager mode: one unit (or plist) per worker and per WebSocket server, started by the
/// service manager, which restarts them and keeps them across reboots. circles-spawn only waits
/// until they are ready and sends the init scripts.
public struct ServiceLauncher: Sendable {
    public let plan: LaunchPlan
    public let manager: ServiceManager

    public init(plan: LaunchPlan, manager: ServiceManager) {
        self.plan = plan
        self.manager = manager
    }

    /// `launch_data/circles.env`: the secrets the units read (mode 0600).
    public var environmentFile: String { plan.files.environmentFile }

    /// The services for this plan; the worker ids are fixed (a unit restarts with the same id).
    public func services(workerIds: [String: String]) -> [ServiceDefinition] {
        let workers = plan.circles.map { circle in
            let command = plan.workerCommand(circle, workerId: workerIds[circle.name]!, redisURL: "")
            return ServiceDefinition(
                label: ServiceDefinition.workerLabel(circle.key), summary: "circles worker of circle \(circle.name) (\(circle.key.hex))",
                executable: command.executable, arguments: command.arguments, environment: [:], environmentFile: environmentFile,
                workingDirectory: plan.launchData, logPath: plan.files.log(circle.workerName), stopTimeout: Int(plan.grace.rounded(.up)))
        }
        let servers = plan.serverPorts.enumerated().map { index, server in
            let command = plan.serverCommand(port: server.port, redisURL: "")
            return ServiceDefinition(
                label: ServiceDefinition.serverLabel + (index == 0 ? "" : "-\(server.port)"), summary: "circles WebSocket server on port \(server.port)",
                executable: command.executable, arguments: command.arguments, environment: [:], environmentFile: environmentFile,
                workingDirectory: plan.launchData, logPath: plan.files.log(LaunchPlan.serverName(port: server.port)),
                stopTimeout: Int(plan.grace.rounded(.up)))
        }
        return workers + servers
    }

    /// Writes and starts the services, waits until all are ready, runs the init scripts.
    public func launch(redisURL url: RedisURL, text: String) async throws -> LaunchState {
        let ids = Dictionary(uniqueKeysWithValues: plan.circles.map { ($0.name, LaunchPlan.newWorkerId()) })
        let services = services(workerIds: ids)
        try manager.refuseExisting(services)
        try FileSystem.makeDirectory(plan.logFolder)
        try LaunchState.RedisServer.writeEnvironmentFile(text, launchData: plan.files)
        let store = plan.stateStore
        try store.updateMirrored { state in
            state = plan.initialState(mode: manager.mode, redis: .init(url: url.withoutPassword, managed: false, environmentFile: environmentFile), workerIds: ids)
            state.serviceFiles = services.map(manager.filePath)
        }
        for (port, circles) in plan.serverPorts { try plan.writeServerState(port: port, circles: circles, replacing: true) }
        _ = try manager.install(services)

        let workers = plan.circles.map { circle in Readiness.Worker(name: circle.workerLabel, key: circle.key) { ids[circle.name] } }
        let servers = plan.serverPorts.map {
            Readiness.Server(name: LaunchPlan.serverName(port: $0.port), host: Network.connectableHost(plan.host), port: $0.port)
        }
        try await Readiness(redisURL: url, timeout: plan.readyTimeout).wait(workers: workers, servers: servers)
        let results = try await InitScriptRunner.run(plan.circles, redisURL: url, timeout: plan.readyTimeout)
        return try store.updateMirrored { state in
            for index in state.circles.indices {
                state.circles[index].worker.status = .running
                state.circles[index].initResult = results[state.circles[index].name]
            }
            return state
        }
    }
}
