import CirclesCore

/// Gathers the circles from every input form (any mix) and checks them before anything starts.
public enum LaunchInputs {
    /// - Parameters:
    ///   - config: a circles.json path, `-` for circles-keygen NDJSON on stdin, or nil.
    ///   - specs: the `-c/--circle` values.
    ///   - launchData: where config-file keys are kept (`<launchData>/keys`).
    /// - Returns: the circles with their init scripts read and parsed.
    public static func gather(config: String?, specs: [String], launchData: String) throws -> [PlannedCircle] {
        var requests: [CircleRequest] = []
        switch config {
        case "-"?: requests += try KeygenInput.parse(InputReader.standardInput())
        case let path?: requests += try CircleConfigFile.load(path: path).resolve(in: LaunchData(launchData))
        case nil: break
        }
        requests += try specs.map(CircleSpec.parse)
        guard !requests.isEmpty else { throw LaunchError.noCircles }
        return try requests.checkingDuplicates().map { request in
            PlannedCircle(request: request, script: try request.scriptPath.map { try InitScript.load(path: $0, circle: request.name) })
        }
    }

    /// Refuses to start over a launch that still runs from the same launch_data (supervisor or
    /// any recorded process alive, or services installed).
    public static func checkNothingRunning(launchData: String) throws {
        guard let state = try LaunchData(launchData).stateStore.read() else { return }
        if let supervisor = state.supervisor, ProcessIdentity(pid: supervisor.pid, startTime: supervisor.pidStartTime).isAlive {
            throw LaunchError.alreadyRunning(directory: launchData, pid: supervisor.pid)
        }
        for circle in state.circles {
            if let pid = circle.worker.pid, let start = circle.worker.pidStartTime, ProcessIdentity(pid: pid, startTime: start).isAlive {
                throw LaunchError.alreadyRunning(directory: launchData, pid: pid)
            }
        }
        if let file = state.serviceFiles?.first(where: FileSystem.exists) {
            throw LaunchError.serviceExists(name: "of an earlier launch", path: file)
        }
    }

    /// Refuses ports that something already listens on.
    public static func checkPortsFree(_ plan: LaunchPlan) throws {
        for (port, _) in plan.serverPorts where !Network.isPortFree(host: plan.host, port: port) {
            throw LaunchError.portInUse(host: plan.host, port: port)
        }
    }
}
