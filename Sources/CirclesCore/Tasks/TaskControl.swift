/// Changing a task after it was sent (`circles-dispatch retry|cancel`, docs/PROTOCOL.md §2), each
/// in one atomic step (a Lua script that checks the status it expects), so that a worker taking
/// or finishing the task at the same moment never sees it half changed.
public enum TaskControl {
    /// Puts a task that finished as `error` back on its circle's queue as a new attempt: the
    /// same id, script, caller and circle; status `pending`, `attempts` 0, `retries` +1, no
    /// output, error or `lastDeath`, no expiry, and its default reply list `rhai_reply:<task_id>` (emptied), so
    /// that `Dispatcher.awaitResult` waits for the new outcome. Returns the record as queued.
    /// - Throws: `TaskControlError` when the task is unknown or did not finish as `error`;
    ///   `RedisError` when Redis fails.
    public static func retry(taskId: String, on connection: RedisConnection) throws -> TaskRecord {
        var record = try current(taskId, on: connection)
        guard record.status == .error else { throw TaskControlError.notFailed(taskId: taskId, status: record.status) }
        let circle = try PublicKey(parsing: record.contextId)
        let now = TaskClock.now()
        let reply = try connection.run(retryScript, keys: [RedisKeys.taskDetails(taskId), RedisKeys.tasks(circle), RedisKeys.reply(taskId)],
                                       arguments: [taskId, now])
        if let status = try refused(reply, taskId) { throw TaskControlError.notFailed(taskId: taskId, status: status) }
        record.status = .pending
        record.updatedAt = now
        record.output = nil
        record.error = nil
        record.logs = nil
        record.attempts = 0
        record.lastDeath = nil
        record.replyToQueue = RedisKeys.reply(taskId)
        return record
    }

    /// Takes a `pending` task off its circle's queue and finishes it as `error` ("cancelled"),
    /// answering whoever waits on its reply list; it is not counted in the circle's statistics.
    /// Returns the record as finished.
    /// - Throws: `TaskControlError` when the task is unknown, not pending, or taken by a worker
    ///   meanwhile; `RedisError` when Redis fails.
    public static func cancel(taskId: String, on connection: RedisConnection, resultTTL: Int = RedisKeys.defaultResultTTL) throws -> TaskRecord {
        var record = try current(taskId, on: connection)
        guard record.status == .pending else { throw TaskControlError.notPending(taskId: taskId, status: record.status) }
        let circle = try PublicKey(parsing: record.contextId)
        record.status = .error
        record.error = cancelledMessage
        record.updatedAt = TaskClock.now()
        let reply = try connection.run(
            cancelScript, keys: [RedisKeys.taskDetails(taskId), RedisKeys.tasks(circle), record.replyToQueue],
            arguments: [taskId, record.updatedAt, cancelledMessage, String(resultTTL), record.jsonText, String(RedisKeys.replyTTL)])
        if let status = try refused(reply, taskId) { throw TaskControlError.notPending(taskId: taskId, status: status) }
        return record
    }

    /// The error a cancelled task finishes with.
    public static let cancelledMessage = "cancelled before it ran (circles-dispatch cancel)"

    /// The record of `taskId`, or `TaskControlError.unknownTask`.
    static func current(_ taskId: String, on connection: RedisConnection) throws -> TaskRecord {
        let reply = try connection.command(["HGETALL", RedisKeys.taskDetails(taskId)])
        guard let fields = reply.hashFields, !fields.isEmpty else { throw TaskControlError.unknownTask(taskId: taskId) }
        return try TaskRecord(fields: fields)
    }

    /// nil when the script did its work (`{1}`), else the status it found instead (`{0, status}`).
    private static func refused(_ reply: RedisReply, _ taskId: String) throws -> TaskStatus? {
        guard let parts = reply.array, parts.first?.integer == 0 else { return nil }
        guard parts.count > 1, let status = parts[1].string.flatMap(TaskStatus.init) else { throw TaskControlError.unknownTask(taskId: taskId) }
        return status
    }

    /// KEYS: record, queue, default reply list. ARGV: task id, now.
    private static let retryScript = RedisScript("""
        local status = redis.call('HGET', KEYS[1], 'status')
        if status ~= 'error' then return {0, status or ''} end
        local retries = tonumber(redis.call('HGET', KEYS[1], 'retries')) or 0
        redis.call('HDEL', KEYS[1], 'output', 'error', 'logs', 'lastDeath')
        redis.call('HSET', KEYS[1], 'status', 'pending', 'updatedAt', ARGV[2], 'attempts', '0',
          'retries', tostring(retries + 1), 'replyToQueue', KEYS[3])
        redis.call('PERSIST', KEYS[1])
        redis.call('DEL', KEYS[3])
        redis.call('LPUSH', KEYS[2], ARGV[1])
        return {1}
        """)

    /// KEYS: record, queue, reply list. ARGV: task id, now, error, result TTL, reply JSON, reply TTL.
    private static let cancelScript = RedisScript("""
        local status = redis.call('HGET', KEYS[1], 'status')
        if status ~= 'pending' then return {0, status or ''} end
        if redis.call('LREM', KEYS[2], 1, ARGV[1]) == 0 then return {0, 'processing'} end
        redis.call('HSET', KEYS[1], 'status', 'error', 'error', ARGV[3], 'updatedAt', ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        redis.call('LPUSH', KEYS[3], ARGV[5])
        redis.call('EXPIRE', KEYS[3], ARGV[6])
        return {1}
        """)
}

/// Why a task cannot be looked up, retried or cancelled: one sentence each (exit 1).
public enum TaskControlError: Failure, Equatable {
    case unknownTask(taskId: String)
    case notFailed(taskId: String, status: TaskStatus)
    case notPending(taskId: String, status: TaskStatus)

    public var exitCode: Int32 { ExitStatus.failure }

    public var description: String {
        switch self {
        case let .unknownTask(taskId):
            "there is no task \"\(taskId)\" (finished records expire after 24 h); check the id and the --redis-url"
        case let .notFailed(taskId, status):
            "task \(taskId) is \(status.rawValue), not finished as error; only a failed task can be retried (send the script again for a new run)"
        case let .notPending(taskId, status):
            "task \(taskId) is \(status.rawValue), not pending; only a task still in the queue can be cancelled"
        }
    }
}
