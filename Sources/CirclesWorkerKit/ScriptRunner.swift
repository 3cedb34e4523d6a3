import CirclesCore
import Foundation
import Logging
import Rhai

/// How one script run ended.
public enum ScriptOutcome: Equatable, Sendable {
    /// The final value rendered as Rhai's `to_string`, and the `print`/`debug` lines.
    case completed(output: String, logs: [String])
    /// The error text (Rhai's message with position, or the limit that was hit), and the lines printed before it.
    case failed(error: String, logs: [String])
}

/// Runs task scripts with the context of docs/PROTOCOL.md §3: the constants, the database API and
/// the limits. One engine serves every task of a worker; each task gets a fresh scope.
/// Not thread-safe: use it from one thread, one with a large stack (deep recursion then hits
/// the call-depth limit, not the end of the native stack).
public final class ScriptRunner {
    private let engine = Engine()
    private let configuration: WorkerConfiguration
    private let database: CircleDatabase
    /// The caller of the task being run; writes are allowed only when it is the circle.
    private var callerId = ""
    private var logs = LogLines()
    private var deadline = Double.infinity
    /// Stops a script at its next operation once its time is up; tasks are numbered for it.
    private let alarm = TaskAlarm()
    private var taskNumber = 0
    /// Whether the time limit stopped the running script.
    private var timedOut = false
    /// Compiled scripts by source text, since clients tend to send the same scripts again.
    /// Emptied when full; scripts over `largestCachedScript` bytes are not kept.
    private var compiled: [String: AST] = [:]
    private static let compiledLimit = 256
    private static let largestCachedScript = 16_384

    public init(configuration: WorkerConfiguration, database: CircleDatabase) {
        self.configuration = configuration
        self.database = database
        // The worker already calls run() on a large-stack thread; no second thread per script.
        engine.nativeStackSize = 0
        engine.limits.maxOperations = configuration.maxOperations
        engine.limits.maxCallDepth = WorkerConfiguration.maxCallDepth
        engine.limits.maxStringSize = WorkerConfiguration.maxStringBytes
        engine.limits.maxArraySize = WorkerConfiguration.maxCollectionEntries
        engine.limits.maxMapSize = WorkerConfiguration.maxCollectionEntries
        // The engine's memory account enforces --max-task-memory; ProcessMemoryCeiling backs it.
        engine.limits.maxMemory = configuration.maxTaskMemory
        engine.onPrint = { [unowned self] in logs.append($0) }
        engine.onDebug = { [unowned self] text, _, _ in logs.append(text) }
        engine.onProgress = { [unowned self] operations in
            if alarm.hasRung(for: taskNumber) {
                timedOut = true
                return false
            }
            // The alarm stops the script; the clock is read now and then in case it rings late.
            guard operations & 0x3FF == 0 else { return true }
            if MonotonicClock.now() >= deadline { timedOut = true }
            return !timedOut
        }
        ScriptAPI.register(on: engine, database: database) { [unowned self] in
            guard callerId == configuration.circle.hex else { throw ScriptAPI.insufficientAuthorization }
        }
    }

    /// Runs the script of `record` as its caller, then applies its database writes (once per run
    /// of the task: a run another worker already applied drops them; also when the script failed,
    /// so that writes made before an error persist, as they did when each write committed at once).
    public func run(_ record: TaskRecord) -> ScriptOutcome {
        if let problem = ScriptSize.problem(record.script, limit: configuration.maxScriptBytes) {
            return .failed(error: problem, logs: [])
        }
        database.beginTask(writeLimit: configuration.maxTaskMemory)
        let outcome = runScript(record)
        do {
            if case let .alreadyApplied(changes) = try database.endTask(taskId: record.taskId, retry: record.retries) {
                configuration.logger.warning("task \(record.taskId): its database writes were already applied by another run of it (another worker ran it while this one looked dead); this run's \(changes) key changes were dropped")
            }
            return outcome
        } catch {
            let problem = "\(error); the task's database writes were not applied"
            switch outcome {
            case let .completed(_, logs): return .failed(error: problem, logs: logs)
            case let .failed(scriptError, logs): return .failed(error: "\(scriptError); \(problem)", logs: logs)
            }
        }
    }

    private func runScript(_ record: TaskRecord) -> ScriptOutcome {
        callerId = record.callerId
        logs = LogLines()
        timedOut = false
        deadline = configuration.taskTimeout > 0 ? MonotonicClock.now() + configuration.taskTimeout : .infinity
        taskNumber += 1
        if configuration.taskTimeout > 0 { alarm.set(task: taskNumber, in: configuration.taskTimeout) }
        let scope = Scope()
        let constants: [(String, String)] = [
            ("CONTEXT_ID", configuration.circle.hex), ("CALLER_ID", record.callerId), ("TASK_ID", record.taskId),
            ("DB_PATH", configuration.databasePath),
            ("CIRCLE_PUBLIC_KEY", configuration.circle.hex), ("CALLER_PUBLIC_KEY", record.callerId),
        ]
        for (name, value) in constants { scope.pushConstant(name, .string(value)) }
        do {
            let value = try engine.run(compiledScript(record.script), scope: scope)
            guard let output = try? engine.render(value) else {
                return .failed(error: "the result needed more than \(memoryLimitText) and was dropped", logs: logs.lines)
            }
            return .completed(output: output, logs: logs.lines)
        } catch let error as RhaiError {
            return .failed(error: explain(error), logs: logs.lines)
        } catch {
            return .failed(error: "\(error)", logs: logs.lines)
        }
    }

    private func compiledScript(_ source: String) throws -> AST {
        if let ast = compiled[source] { return ast }
        let ast = try engine.compile(source)
        guard source.utf8.count <= Self.largestCachedScript else { return ast }
        if compiled.count >= Self.compiledLimit { compiled.removeAll(keepingCapacity: true) }
        compiled[source] = ast
        return ast
    }

    /// Rhai's error text, with the limit named when one was hit.
    private func explain(_ error: RhaiError) -> String {
        switch error.kind {
        case .tooManyOperations:
            return "\(error): the script exceeded the limit of \(configuration.maxOperations) operations (--max-operations)"
        case .stackOverflow:
            return "\(error): the script exceeded the call depth limit of \(WorkerConfiguration.maxCallDepth)"
        case .dataTooLarge where error.isMemoryLimit:
            return "the script used more than \(memoryLimitText) and was stopped at line \(error.innermost.line ?? 0)"
        case .dataTooLarge:
            return "\(error): the script exceeded a size limit (strings \(WorkerConfiguration.maxStringBytes / 1_048_576) MB, arrays and maps \(WorkerConfiguration.maxCollectionEntries) entries)"
        case .terminated:
            return "the script exceeded the time limit of \(Self.format(configuration.taskTimeout)) s (--task-timeout) and was stopped at line \(error.line ?? 0)"
        default:
            return error.description
        }
    }

    /// The memory limit as messages name it.
    private var memoryLimitText: String {
        "the memory limit of \(configuration.maxTaskMemory >> 20) MiB (--max-task-memory)"
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Printed lines, capped at 1 MiB so a printing loop cannot exhaust memory.
private struct LogLines {
    static let maxBytes = 1 << 20
    private(set) var lines: [String] = []
    private var bytes = 0
    private var dropped = 0

    mutating func append(_ line: String) {
        if bytes + line.utf8.count > Self.maxBytes {
            dropped += 1
            let notice = "… \(dropped) more lines dropped (output over 1 MiB)"
            if dropped == 1 { lines.append(notice) } else { lines[lines.count - 1] = notice }
            return
        }
        bytes += line.utf8.count
        lines.append(line)
    }
}
