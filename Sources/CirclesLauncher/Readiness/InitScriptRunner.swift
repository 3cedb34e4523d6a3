import CirclesCore

/// Sends the init scripts through the Dispatcher, all at once, each with
/// `CALLER_ID = CONTEXT_ID` (the circle's own key, so it may write its database), and awaits them.
public enum InitScriptRunner {
    /// The outcome per circle name. A script error is an outcome (status `error`), not a throw;
    /// no answer within `timeout` throws `LaunchError.notReady` (exit 75).
    public static func run(_ circles: [PlannedCircle], redisURL: RedisURL, timeout: Double) async throws -> [String: LaunchState.InitResult] {
        let withScripts = circles.filter { $0.script != nil }
        guard !withScripts.isEmpty else { return [:] }
        let dispatcher = Dispatcher(url: redisURL)
        defer { dispatcher.close() }
        return try await withThrowingTaskGroup(of: (String, LaunchState.InitResult).self) { group in
            for circle in withScripts {
                group.addTask {
                    do {
                        let record = try await dispatcher.run(script: circle.script!.source, circle: circle.key, caller: circle.key.hex, timeout: timeout)
                        return (circle.name, LaunchState.InitResult(taskId: record.taskId, status: record.status.rawValue, output: record.output, error: record.error))
                    } catch DispatchError.timedOut {
                        throw LaunchError.notReady(what: ["init script of \(circle.name) (\(circle.script!.path))"], seconds: timeout)
                    }
                }
            }
            var results: [String: LaunchState.InitResult] = [:]
            for try await (name, result) in group { results[name] = result }
            return results
        }
    }
}
