import CirclesCore
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A task id taken from the queue, and what its record says.
enum TakenTask {
    /// A runnable task, already marked `processing`.
    case runnable(TaskRecord)
    /// The record is missing or cannot be read: the task is finished as `error`.
    case unreadable(taskId: String, reason: String)
    /// The record says the task already finished (a duplicate id): it is only dropped from the processing list.
    case alreadyFinished(taskId: String)
}

/// What completes a taken task: commands run by the finish script, only while the id is still in
/// this worker's processing list (see `QueueOperations.finishing`).
struct Completion {
    let taskId: String
    let commands: [[String]]
    /// The record as finished, kept so that a finish Redis refuses can be redone as a small error
    /// (`QueueOperations.finishingAsError`); nil for a drop, or for such a redone error.
    var record: TaskRecord? = nil
    var duration: Double? = nil
}

/// What the finish script did with a completion.
enum FinishOutcome {
    /// Written; the error replies of single commands (a reply list key holding a string, say:
    /// retrying cannot fix those, so they are only reported).
    case finished(refusals: [String])
    /// The id is no longer in this worker's processing list: the task was recovered (this worker
    /// looked dead) and belongs to another run now. Nothing was written.
    case notOurs
}

/// Redis refused a finish as a whole (`OOM …` under `maxmemory`, say): nothing was written, the id
/// is still in the processing list. `reason` is Redis' message.
struct FinishRefused: Error, CustomStringConvertible {
    let reason: String
    var description: String { "Redis refused to store the task's result: \(reason)" }
}

/// What one recovery of dead workers' processing lists did (`QueueOperations.recover`).
struct Recovery {
    /// Ids put back on the queue.
    let requeued: Int
    /// Ids finished as `error` because workers died running them `deathsBeforeQuarantine` times.
    let quarantined: [String]

    /// Logs what happened, if anything: the requeued count as a notice, each quarantined task as an error.
    func report(to logger: Logger) {
        if requeued > 0 { logger.notice("recovered \(requeued) tasks of dead workers: back on the queue") }
        for id in quarantined {
            logger.error("task \(id) quarantined: \(WorkerConfiguration.deathsBeforeQuarantine) workers died while running it; finished as an error")
        }
    }
}

/// The worker's side of docs/PROTOCOL.md §2, as single round trips on a connection the caller owns:
/// complete-and-take, recover, heartbeat, sign off.
struct QueueOperations {
    let configuration: WorkerConfiguration
    private let queueKey: String
    private let processingKey: String

    init(configuration: WorkerConfiguration) {
        self.configuration = configuration
        queueKey = RedisKeys.tasks(configuration.circle)
        processingKey = RedisKeys.processing(configuration.circle, configuration.workerId)
    }

    private var circle: PublicKey { configuration.circle }

    /// The circle's data-home lease as this worker holds it.
    var homeLease: DataHomeLease {
        DataHomeLease(circle: circle, hostName: configuration.hostName, ttl: configuration.homeLeaseTTL)
    }

    // MARK: - Completing and taking

    /// In one round trip: runs `completion` (the previous task's finish, if any) with the finish
    /// script, then takes the next task — with `wait`, a `BLMOVE … RIGHT LEFT` that waits up to
    /// `takeTimeout` seconds for an id — and marks it `processing`.
    ///
    /// Returns what became of the completion (nil without one) and the task taken, nil when none
    /// came. When this throws, the completion may or may not have landed: send it again with
    /// `complete` (the script's fence makes that safe); an id that an interrupted `BLMOVE` moved
    /// is taken by the next `take`, since taking starts with the head of this worker's processing list.
    /// - Throws: `FinishRefused` when Redis refused the completion as a whole; `RedisError` on I/O trouble.
    func take(_ connection: RedisConnection, wait: Bool, completing completion: Completion? = nil) throws -> (finish: FinishOutcome?, taken: TakenTask?) {
        let finish = completion.map { [finishCommand($0)] } ?? []
        let blmove = ["BLMOVE", queueKey, processingKey, "RIGHT", "LEFT", RedisConnection.secondsArgument(configuration.takeTimeout)]
        let replies = try connection.pipeline(
            finish + (wait ? [blmove] : []), thenRun: Self.claimScript, keys: [queueKey, processingKey],
            arguments: [RedisKeys.taskDetails(""), TaskClock.now()], blockingTimeout: wait ? configuration.takeTimeout : nil)
        let outcome = try finish.isEmpty ? nil : Self.outcome(ofFinish: replies[0])
        return (outcome, try Self.taken(fromClaim: replies[replies.count - 1]))
    }

    /// Runs `completion` alone.
    /// - Throws: `FinishRefused` when Redis refused it as a whole; `RedisError` on I/O trouble.
    func complete(_ connection: RedisConnection, _ completion: Completion) throws -> FinishOutcome {
        let reply: RedisReply
        do {
            reply = try connection.run(Self.finishScript, keys: [processingKey], arguments: finishArguments(completion))
        } catch let RedisError.server(message) where !Self.isPassing(message) {
            reply = .error(message)
        }
        return try Self.outcome(ofFinish: reply)
    }

    /// Finishing is fenced: the script writes only while the id is still in this worker's
    /// processing list (a worker that was stopped — SIGSTOP, a long pause — past its liveness
    /// TTL had its tasks recovered and run by another worker; its late finish is dropped). The
    /// first command (the record's `HSET`) is the first write: when Redis refuses it (`OOM` under
    /// `maxmemory` is checked at a script's first write only) nothing is written and the script
    /// answers with Redis' error. Later commands' errors are collected, as `EXEC` reports them.
    /// In the take pipeline it goes by `EVAL` (Redis caches it by its SHA-1): an `EVALSHA` meeting a
    /// flushed script cache (`NOSCRIPT`) would leave the finish undone while the `BLMOVE` behind it
    /// waits. On its own (`complete`) it goes by `EVALSHA`, falling back to `EVAL`.
    private static let finishScript = RedisScript("""
        if not redis.call('LPOS', KEYS[1], ARGV[1]) then return false end
        local errors = {}
        local i = 2
        while i <= #ARGV do
          local count = tonumber(ARGV[i])
          local reply = redis.pcall(unpack(ARGV, i + 1, i + count))
          if type(reply) == 'table' and reply.err then
            if i == 2 then return reply end
            errors[#errors + 1] = reply.err
          end
          i = i + count + 1
        end
        return errors
        """)

    /// `EVAL <finish script> 1 <processing list> <task id> (<argument count> <arguments>…)…`
    private func finishCommand(_ completion: Completion) -> [String] {
        ["EVAL", Self.finishScript.source, "1", processingKey] + finishArguments(completion)
    }

    private func finishArguments(_ completion: Completion) -> [String] {
        var arguments = [completion.taskId]
        for part in completion.commands {
            arguments.append(String(part.count))
            arguments += part
        }
        return arguments
    }

    /// Errors that pass (Redis loading its data, or busy with a long script): not a refusal.
    private static func isPassing(_ message: String) -> Bool {
        message.hasPrefix("LOADING") || message.hasPrefix("BUSY")
    }

    private static func outcome(ofFinish reply: RedisReply) throws -> FinishOutcome {
        switch reply {
        case let .error(message) where isPassing(message): throw RedisError.server(message)
        case let .error(message): throw FinishRefused(reason: message)
        case let .array(errors): return .finished(refusals: errors.compactMap(\.string))
        default:
            guard reply.isNull || reply == .integer(0) else { throw RedisError.protocolError("the finish script answered \(reply)") }
            return .notOurs
        }
    }

    /// Marks the head of this worker's processing list `processing` — or, when the list is
    /// empty, the oldest queued id after moving it there — and returns the id with the
    /// record's fields. The processing list holds nothing else while the worker takes: ids
    /// leave it when their task is completed.
    private static let claimScript = RedisScript("""
        local id = redis.call('LINDEX', KEYS[2], 0)
        if not id then
          id = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
          if not id then return false end
        end
        local key = ARGV[1] .. id
        local status = redis.call('HGET', key, 'status')
        if status == 'pending' or status == 'processing' then
          redis.call('HSET', key, 'status', 'processing', 'updatedAt', ARGV[2])
        end
        return {id, redis.call('HGETALL', key)}
        """)

    private static func taken(fromClaim reply: RedisReply) throws -> TakenTask? {
        if case let .error(message) = reply { throw RedisError.server(message) }
        if reply.isNull { return nil }
        guard let parts = reply.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].hashFields else {
            throw RedisError.protocolError("the claim script answered \(reply)")
        }
        guard !fields.isEmpty else {
            return .unreadable(taskId: id, reason: "the task record \(RedisKeys.taskDetails(id)) does not exist (expired or never written)")
        }
        do {
            let record = try TaskRecord(fields: fields)
            return record.status.isFinished ? .alreadyFinished(taskId: id) : .runnable(record)
        } catch {
            return .unreadable(taskId: id, reason: "\(error)")
        }
    }

    // MARK: - Completions

    /// Writes the outcome into the record, pushes the record as JSON onto its reply list
    /// (which expires after 300 s), sets the record's TTL and drops the id from the processing
    /// list, and counts the task in the circle's statistics. `wholeRecord` writes every field
    /// (for a record that was missing); `duration` is how long the script ran (nil: it did not).
    func finishing(_ record: TaskRecord, wholeRecord: Bool, duration: Double? = nil) -> Completion {
        let key = RedisKeys.taskDetails(record.taskId)
        let written = wholeRecord ? record.fields : record.fields.filter { Self.outcomeFields.contains($0.0) }
        let error = record.status == .error ? record.error ?? "" : nil
        return Completion(taskId: record.taskId, commands: [
            ["HSET", key] + written.flatMap { [$0.0, $0.1] },
            ["LPUSH", record.replyToQueue, record.jsonText],
            ["EXPIRE", record.replyToQueue, String(RedisKeys.replyTTL)],
            ["EXPIRE", key, String(configuration.resultTTL)],
            ["LREM", processingKey, "1", record.taskId],
        ] + CircleStatistics.counting(circle, taskId: record.taskId, error: error, at: record.updatedAt, duration: duration),
        record: record, duration: duration)
    }

    /// The finish of a task whose finish Redis refused: the record as `error` with Redis' reason,
    /// without output or logs (what did not fit). Nil when there is nothing smaller to send.
    func finishingAsError(_ refused: Completion, reason: String) -> Completion? {
        guard var record = refused.record else { return nil }
        record.status = .error
        record.output = nil
        record.logs = nil
        record.error = "Redis refused to store the task's result: \(reason)"
        var smaller = finishing(record, wholeRecord: false, duration: refused.duration)
        smaller.record = nil
        return smaller
    }

    private static let outcomeFields: Set<String> = ["status", "output", "error", "updatedAt", "logs"]

    /// Drops an id from the processing list without touching its record.
    func dropping(taskId: String) -> Completion {
        Completion(taskId: taskId, commands: [["LREM", processingKey, "1", taskId]])
    }

    // MARK: - Recovery

    /// For every member of the circle's worker set whose liveness key has expired (and for this
    /// worker itself when `includingSelf`: leftovers of an earlier process with the same id),
    /// moves its processing list back onto the queue and removes it from the set — all in one
    /// script, so two workers never recover the same list. Each recovered task records the death:
    /// `attempts` +1 and `lastDeath` (which worker, when it was recovered). A task that reaches
    /// `deathsBeforeQuarantine` is quarantined: finished as `error` naming the deaths (record,
    /// reply list, TTLs, statistics), never run again by recovery.
    /// Returns how many ids went back to the queue, and the ids quarantined.
    private static let recoverScript = RedisScript("""
        local set, livenessPrefix, processingPrefix, queue, detailsPrefix, replyPrefix =
          ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local self, now, quarantineAt, resultTTL, replyTTL, stats =
          ARGV[7], ARGV[8], tonumber(ARGV[9]), ARGV[10], ARGV[11], ARGV[12]
        local requeued, quarantined = 0, {}
        for _, member in ipairs(redis.call('SMEMBERS', set)) do
          if member == self or redis.call('EXISTS', livenessPrefix .. member) == 0 then
            local list = processingPrefix .. member
            local death = 'worker ' .. member .. ' stopped while running it; recovered at ' .. now
            while true do
              local id = redis.call('LPOP', list)
              if not id then break end
              local key = detailsPrefix .. id
              local status = redis.call('HGET', key, 'status')
              if status == 'completed' or status == 'error' then
                -- finished already: nothing to recover
              else
                local attempts = (tonumber(redis.call('HGET', key, 'attempts')) or 0) + 1
                if status and attempts >= quarantineAt then
                  redis.call('HSET', key, 'status', 'error', 'attempts', tostring(attempts), 'lastDeath', death, 'updatedAt', now,
                    'error', 'quarantined: ' .. attempts .. ' workers died while running this task (last: ' .. death ..
                    '); it is not run again (circles-dispatch retry runs it once more)')
                  local flat = redis.call('HGETALL', key)
                  local record = {}
                  for i = 1, #flat, 2 do record[flat[i]] = flat[i + 1] end
                  local reply = record['replyToQueue'] or (replyPrefix .. id)
                  redis.call('LPUSH', reply, cjson.encode(record))
                  redis.call('EXPIRE', reply, replyTTL)
                  redis.call('EXPIRE', key, resultTTL)
                  redis.call('HINCRBY', stats, 'errored', 1)
                  redis.call('HSET', stats, 'lastError', record['error'], 'lastErrorTask', id, 'lastErrorAt', now)
                  quarantined[#quarantined + 1] = id
                else
                  if status then
                    redis.call('HSET', key, 'status', 'pending', 'attempts', tostring(attempts), 'lastDeath', death, 'updatedAt', now)
                  end
                  redis.call('RPUSH', queue, id)
                  requeued = requeued + 1
                end
              end
            end
            if member ~= self then redis.call('SREM', set, member) end
          end
        end
        return {requeued, quarantined}
        """)

    func recover(_ connection: RedisConnection, includingSelf: Bool) throws -> Recovery {
        let reply = try connection.run(Self.recoverScript, arguments: [
            RedisKeys.workers(circle), RedisKeys.worker(circle, ""), RedisKeys.processing(circle, ""), queueKey,
            RedisKeys.taskDetails(""), RedisKeys.reply(""),
            includingSelf ? configuration.workerId : "", TaskClock.now(), String(WorkerConfiguration.deathsBeforeQuarantine),
            String(configuration.resultTTL), String(RedisKeys.replyTTL), RedisKeys.statistics(circle),
        ])
        guard let parts = reply.array, parts.count == 2, let requeued = parts[0].integer, let ids = parts[1].array else {
            throw RedisError.protocolError("the recovery script answered \(reply)")
        }
        return Recovery(requeued: Int(requeued), quarantined: ids.compactMap(\.string))
    }

    // MARK: - Liveness

    /// Writes the liveness hash (expiring after `livenessTTL`) and joins the circle's worker set.
    /// `problem`: nil while the worker is fine (`state` `ok`), else why it is `degraded`.
    func beat(_ connection: RedisConnection, startedAt: String, tasksDone: Int, problem: String?) throws {
        let key = RedisKeys.worker(circle, configuration.workerId)
        try check(connection.transaction([
            ["HSET", key, "pid", String(ProcessInfoValues.pid), "host", ProcessInfoValues.host, "startedAt", startedAt,
             "heartbeatAt", TaskClock.now(), "version", WorkerConfiguration.version, "tasksDone", String(tasksDone),
             "state", problem == nil ? "ok" : "degraded", "problem", problem ?? ""],
            ["EXPIRE", key, String(configuration.livenessTTL)],
            ["SADD", RedisKeys.workers(circle), configuration.workerId],
        ]))
    }

    /// Removes the liveness key, and the set membership when nothing is left in the processing
    /// list (otherwise another worker recovers it once the key is gone).
    private static let signOffScript = RedisScript("""
        redis.call('DEL', KEYS[1])
        if redis.call('LLEN', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[1]) end
        return 1
        """)

    func signOff(_ connection: RedisConnection) throws {
        try connection.run(Self.signOffScript,
            keys: [RedisKeys.worker(circle, configuration.workerId), processingKey, RedisKeys.workers(circle)],
            arguments: [configuration.workerId])
    }

    private func check(_ replies: [RedisReply]?) throws {
        guard let replies else { throw RedisError.protocolError("a transaction without WATCH was aborted") }
        for case let .error(message) in replies { throw RedisError.server(message) }
    }
}

/// Facts about this process for the liveness hash.
enum ProcessInfoValues {
    static let pid = getpid()
    static let host = ProcessIdentity.hostName
}
