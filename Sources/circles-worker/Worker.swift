import ArgumentParser
import CirclesCore
import CirclesVersion
import CirclesWorkerKit
import Foundation
import Logging

@main
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-worker",
        abstract: "Serve one circle's task queue: run its Rhai scripts against its database until SIGTERM.",
        discussion: """
            Takes task ids from rhai_tasks:<pk> (BLMOVE into rhai_processing:<pk>:<worker-id>), runs each script with CONTEXT_ID, CALLER_ID, TASK_ID, DB_PATH and the db_* functions, and finishes its record (rhai_task_details:<id>) with a reply on its reply list. Ready once its liveness key circles:worker:<pk>:<worker-id> exists (refreshed every 2 s, expires after 10 s). Tasks of dead workers of the same circle are put back on the queue, the death recorded on each (attempts, lastDeath); a task that was running when 2 workers died is quarantined: finished as an error, not run again.

            Data home: a circle's database lives on one host. The first worker of the circle takes the lease circles:home:<pk> (the value of --host-name); workers of that circle on the same host share it (and the SQLite file) and renew it with their heartbeats; it lapses --home-lease-ttl seconds after the last of them stopped. A worker started on another host while the lease is held exits 75 with a sentence naming the host that holds it, before it opens its database.

            SIGTERM, SIGINT or SIGHUP (also one that arrives while starting): stop taking tasks, finish the running one, exit 0. Environment PRESERVE_TASKS=false finishes the still-queued tasks as errors ("discarded at shutdown") instead of leaving them queued.

            Examples:
              circles-worker --circle-public-key 02ab…
              circles-worker --circle-public-key 02ab… --redis-url redis://127.0.0.1:6380 --worker-id w1 -v
              circles-worker --circle-public-key 02ab… --max-operations 1000000 --task-timeout 5
              circles-worker --circle-public-key 02ab… --host-name web-2

            \(ExitStatus.helpText) circles-worker: 75 also when the circle's database lives on another host (its data-home lease).
            """,
        version: CirclesVersion.current)

    @OptionGroup var shared: SharedOptions

    @Option(name: .customLong("circle-public-key"), help: ArgumentHelp("The circle's public key (66 or 130 hex).", valueName: "pk"))
    var circlePublicKey: String

    @Option(name: .customLong("db-path"), help: ArgumentHelp("The circle's SQLite file (default <launch-data>/circle_db_<pk>.db).", valueName: "path"))
    var databasePath: String?

    @Option(name: .customLong("worker-id"), help: ArgumentHelp("This instance's id (default: a new UUID).", valueName: "id"))
    var workerId: String?

    @Option(name: .customLong("max-operations"), help: "Operations one script may run (0: unlimited).")
    var maxOperations = WorkerConfiguration.defaultMaxOperations

    @Option(name: .customLong("task-timeout"), help: ArgumentHelp("Wall-clock seconds one script may run.", valueName: "seconds"))
    var taskTimeout = WorkerConfiguration.defaultTaskTimeout

    @Option(name: .customLong("max-task-memory"), help: ArgumentHelp("MiB of values one task may hold (the script engine's memory account: strings, arrays, maps, rendering, database values) before it is stopped as an error (0: unlimited); the process's data is capped at twice this plus 1 GiB.", valueName: "MiB"))
    var maxTaskMemory = WorkerConfiguration.defaultMaxTaskMemory >> 20

    @Option(name: .customLong("max-script-bytes"), help: ArgumentHelp("Largest script run; a bigger one is finished as an error without being parsed.", valueName: "bytes"))
    var maxScriptBytes = ScriptSize.defaultLimit

    @Option(name: .customLong("result-ttl"), help: ArgumentHelp("Seconds a finished task record is kept.", valueName: "seconds"))
    var resultTTL = RedisKeys.defaultResultTTL

    @Option(help: ArgumentHelp("The host this worker runs on, as the circle's data-home lease circles:home:<pk> names it (default: this machine's host name; circles-spawn passes its own --host-name).", valueName: "name"))
    var hostName = ProcessIdentity.hostName

    @Option(help: ArgumentHelp("Seconds the circle's data-home lease outlives the last heartbeat of a worker on its host (heartbeats come every 2 s).", valueName: "seconds"))
    var homeLeaseTTL = RedisKeys.homeLeaseTTL

    func validate() throws {
        guard taskTimeout > 0 else { throw ValidationError("--task-timeout must be more than 0 seconds, got \(taskTimeout).") }
        guard maxTaskMemory >= 0 else { throw ValidationError("--max-task-memory must be 0 (unlimited) or more MiB, got \(maxTaskMemory).") }
        guard maxScriptBytes > 0 else { throw ValidationError("--max-script-bytes must be more than 0, got \(maxScriptBytes).") }
        guard resultTTL > 0 else { throw ValidationError("--result-ttl must be at least 1 second, got \(resultTTL).") }
        guard !hostName.isEmpty, hostName.allSatisfy({ !$0.isWhitespace }) else {
            throw ValidationError("--host-name must be a host name without spaces, got \"\(hostName)\".")
        }
        guard homeLeaseTTL >= 3 else { throw ValidationError("--home-lease-ttl must be at least 3 seconds (heartbeats renew it every 2 s), got \(homeLeaseTTL).") }
        if let workerId, workerId.isEmpty || workerId.contains(where: { $0 == ":" || $0.isWhitespace }) {
            throw ValidationError("--worker-id \"\(workerId)\" must be non-empty, without spaces or ':'.")
        }
    }

    func run() throws {
        LineLogHandler.bootstrap(verbosity: shared.verbosity)
        let stopRequest = StopRequest()
        SignalWaiter.onTermination { stopRequest.fire() }
        try reportingFailures {
            let circle = try PublicKey(parsing: circlePublicKey)
            let url = try RedisURL(parsing: shared.redisURL.text)
            var configuration = WorkerConfiguration(
                circle: circle, redisURL: url,
                databasePath: databasePath ?? LaunchData(shared.launchData).database(circle),
                workerId: workerId ?? TaskClock.newTaskId())
            if databasePath == nil { try FileSystem.makeDirectory(shared.launchData, mode: 0o700) }
            configuration.maxOperations = maxOperations
            configuration.taskTimeout = taskTimeout
            configuration.maxScriptBytes = maxScriptBytes
            configuration.maxTaskMemory = maxTaskMemory << 20
            ProcessMemoryCeiling.apply(taskLimit: configuration.maxTaskMemory)
            configuration.resultTTL = resultTTL
            configuration.hostName = hostName
            configuration.homeLeaseTTL = homeLeaseTTL
            configuration.preserveTasks = Environment.value("PRESERVE_TASKS")?.lowercased() != "false"
            configuration.logger = Logger(label: "circles-worker")

            let worker = Worker(configuration: configuration)
            stopRequest.whenFired { worker.stop() }
            try worker.run()
        }
    }
}
