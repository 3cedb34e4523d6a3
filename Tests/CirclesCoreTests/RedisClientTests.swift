import Foundation
import Testing
import TestSupport
@testable import CirclesCore

@Suite struct RedisURLTests {
    @Test(arguments: [
        ("redis://127.0.0.1", RedisURL(endpoint: .tcp(host: "127.0.0.1", port: 6379))),
        ("redis://localhost:6380/2", RedisURL(endpoint: .tcp(host: "localhost", port: 6380), database: 2)),
        ("redis://:s3cret@10.0.0.1:6399/0", RedisURL(endpoint: .tcp(host: "10.0.0.1", port: 6399), password: "s3cret")),
        ("redis://alice:p%40ss%2Fw@h:1/15", RedisURL(endpoint: .tcp(host: "h", port: 1), username: "alice", password: "p@ss/w", database: 15)),
        ("redis://bob@h", RedisURL(endpoint: .tcp(host: "h", port: 6379), username: "bob")),
        ("REDIS://[::1]:7000", RedisURL(endpoint: .tcp(host: "::1", port: 7000))),
        ("unix:///run/redis.sock", RedisURL(endpoint: .unixSocket(path: "/run/redis.sock"))),
        ("unix:///tmp/r.sock?db=3&user=u&password=pw", RedisURL(endpoint: .unixSocket(path: "/tmp/r.sock"), username: "u", password: "pw", database: 3)),
    ])
    func parsesValidURLs(text: String, expected: RedisURL) throws {
        #expect(try RedisURL(parsing: text) == expected)
    }

    @Test func theDefaultURLIsItsText() throws {
        #expect(try RedisURL(parsing: RedisURL.defaultText) == RedisURL.defaultURL)
    }

    @Test func redactsThePassword() throws {
        #expect(try RedisURL(parsing: "redis://:secret@127.0.0.1:6399/0").redacted == "redis://:***@127.0.0.1:6399/0")
        #expect(try RedisURL(parsing: "redis://alice:secret@h").description == "redis://alice:***@h:6379/0")
        #expect(try RedisURL(parsing: "unix:///s.sock?password=secret").redacted == "unix:///s.sock?db=0&password=***")
        #expect(try RedisURL(parsing: "redis://[::1]").redacted == "redis://[::1]:6379/0")
    }

    @Test(arguments: [
        ("localhost:6379", "no scheme"),
        ("http://localhost", "scheme \"http\" is not supported"),
        ("rediss://:secret@host:6380", "TLS (rediss://) is not supported"),
        ("redis://", "host is missing"),
        ("redis://:secret@host:99999", "port \"99999\""),
        ("redis://:secret@host:abc/0", "port \"abc\""),
        ("redis://:secret@host/x", "database \"x\""),
        ("redis://:secret@host/-1", "database \"-1\""),
        ("redis://:se/cret@host", "host is missing"),
        ("redis://:secret@host?db=1", "query and fragment are not supported"),
        ("unix://relative.sock", "must be absolute"),
        ("unix:///s.sock?db=x&password=secret", "database \"x\""),
        ("unix:///s.sock?password=secret&color=red", "\"color\" is unknown"),
    ])
    func rejectsBadURLsWithOneSentenceWithoutThePassword(text: String, reason: String) {
        do {
            _ = try RedisURL(parsing: text)
            Issue.record("\(text) was accepted")
        } catch let error as RedisError {
            let message = error.description
            #expect(message.hasPrefix("invalid Redis URL \""))
            #expect(message.contains(reason), "\(message)")
            #expect(message.hasSuffix("; expected redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N]"))
            #expect(!message.contains("secret") && !message.contains("cret@"), "\(message)")
            #expect(!message.contains("\n"))
            #expect(error.exitCode == 64)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Suite struct SHA1Tests {
    @Test func publishedVectors() {
        #expect(SHA1.hexDigest(of: []) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest(of: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }
}

/// Each test gets its own redis-server (started by `TestRedis`, stopped when the test ends).
@Suite struct RedisConnectionTests {
    @Test func setGetAndServerErrors() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        #expect(try connection.command(["SET", "greeting", "hello"]) == .status("OK"))
        #expect(try connection.command(["GET", "greeting"]).string == "hello")
        #expect(try connection.command(["GET", "missing"]) == .null)
        #expect(try connection.command(["INCRBY", "n", "5"]).integer == 5)
        #expect(throws: RedisError.server("WRONGTYPE Operation against a key holding the wrong kind of value")) {
            try connection.command(["LPUSH", "greeting", "x"])
        }
        #expect(!connection.isBroken)
    }

    @Test func lists() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        try connection.command(["RPUSH", "queue", "a", "b", "c"])
        #expect(try connection.command(["LPUSH", "queue", "z"]).integer == 4)
        #expect(try connection.command(["LRANGE", "queue", "0", "-1"]) == .array(["z", "a", "b", "c"].map { .bulk(Array($0.utf8)) }))
        #expect(try connection.command(["RPOP", "queue"]).string == "c")
        #expect(try connection.command(["LLEN", "queue"]).integer == 3)
    }

    /// What the worker sends: a blocking BLMOVE and a command behind it, in one pipeline.
    @Test func aPipelineWithABlockingCommandWaitsForIt() throws {
        let redis = try TestRedis()
        let connection = try redis.connect(commandTimeout: 0.2)
        try connection.command(["LPUSH", "tasks", "first", "second"])
        let moved = try connection.pipeline(
            [["BLMOVE", "tasks", "processing", "RIGHT", "LEFT", "1"], ["LRANGE", "processing", "0", "-1"]], blockingTimeout: 1)
        #expect(moved == [.bulk(Array("first".utf8)), .array([.bulk(Array("first".utf8))])])

        try connection.command(["DEL", "tasks"])
        let started = Date()
        // The server-side timeout (0.6 s) is longer than the command timeout (0.2 s): the socket must wait.
        let timedOut = try connection.pipeline(
            [["BLMOVE", "tasks", "processing", "RIGHT", "LEFT", "0.6"], ["LLEN", "processing"]], blockingTimeout: 0.6)
        #expect(timedOut == [.null, .integer(1)])
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.5 && waited < 3, "waited \(waited) s")
        #expect(!connection.isBroken)
        #expect(try connection.command(["PING"]) == .status("PONG"))
    }

    @Test func blpopGetsAnElementPushedWhileWaiting() throws {
        let redis = try TestRedis()
        let waiter = try redis.connect()
        let pusher = try redis.connect()
        let thread = Thread {
            usleep(200_000)
            _ = try? pusher.command(["LPUSH", "reply:1", "{\"status\":\"completed\"}"])
        }
        thread.start()
        let popped = try waiter.blpop(["reply:0", "reply:1"], timeout: 5)
        #expect(popped?.key == "reply:1")
        #expect(popped?.value == "{\"status\":\"completed\"}")
        #expect(try waiter.blpop(["reply:1"], timeout: 0.1) == nil)
    }

    @Test func transactionsAndPipelines() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        let results = try connection.transaction([["INCR", "a"], ["INCR", "a"], ["SET", "s", "x"], ["INCR", "s"]])
        #expect(results?.count == 4)
        #expect(results?[0] == .integer(1))
        #expect(results?[1] == .integer(2))
        #expect(results?[2] == .status("OK"))
        #expect(results?[3] == .error("ERR value is not an integer or out of range"))

        // A command Redis refuses to queue aborts the whole transaction.
        #expect(throws: RedisError.self) { try connection.transaction([["INCR", "a"], ["NOSUCHCOMMAND"]]) }
        #expect(try connection.command(["GET", "a"]).string == "2")

        // A WATCHed key changed by someone else: EXEC answers nil.
        let other = try redis.connect()
        try connection.command(["WATCH", "a"])
        try other.command(["INCR", "a"])
        #expect(try connection.transaction([["INCR", "a"]]) == nil)

        let replies = try connection.pipeline([["SET", "p", "1"], ["INCR", "p"], ["GET", "p"], ["LPOP", "p"]])
        #expect(replies.prefix(3) == [.status("OK"), .integer(2), .bulk(Array("2".utf8))])
        #expect(replies[3].string == nil && replies[3] != .null)
    }

    @Test func luaScriptsRunBySHAWithEvalFallback() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        let script = RedisScript("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('STRLEN', KEYS[1])")
        #expect(try connection.command(["SCRIPT", "LOAD", script.source]).string == script.sha1)
        try connection.command(["SCRIPT", "FLUSH"])
        #expect(try connection.run(script, keys: ["k"], arguments: ["four"]) == .integer(4))  // NOSCRIPT → EVAL
        #expect(try connection.command(["SCRIPT", "EXISTS", script.sha1]) == .array([.integer(1)]))
        #expect(try connection.run(script, keys: ["k"], arguments: ["sixsix"]) == .integer(6))  // EVALSHA
        #expect(throws: RedisError.self) { try connection.run(RedisScript("return redis.call('NOPE')")) }
    }

    @Test func valuesAreBinarySafe() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        let text = "let x = 1;\nprint(\"a b\\tc\");\r\n// ünïcødé ✓ 🙂 \u{0}end"
        try connection.command(["SET", "key with spaces\nand newline", text])
        #expect(try connection.command(["GET", "key with spaces\nand newline"]).string == text)
        try connection.command(["SET", "empty", ""])
        #expect(try connection.command(["GET", "empty"]) == .bulk([]))

        let allBytes = (0...255).map { UInt8($0) }
        try connection.command([Array("SET".utf8), Array("bytes".utf8), allBytes])
        #expect(try connection.command(["GET", "bytes"]).bytes == allBytes)
    }

    @Test func unixSocketAndDatabaseSelection() throws {
        let redis = try TestRedis(unixSocket: true)
        let socketPath = try #require(redis.socketPath)
        let overSocket = try RedisConnection.connect(url: RedisURL(parsing: "unix://\(socketPath)?db=2"))
        try overSocket.command(["SET", "where", "db2"])

        #expect(try redis.connect(database: 2).command(["GET", "where"]).string == "db2")
        #expect(try redis.connect(database: 0).command(["GET", "where"]) == .null)
        let overTCP = try RedisConnection.connect(url: RedisURL(parsing: "redis://127.0.0.1:\(redis.port)/2"))
        #expect(try overTCP.command(["GET", "where"]).string == "db2")

        // A database the server does not have is reported when connecting.
        #expect(throws: RedisError.self) { try redis.connect(database: 99) }
    }

    @Test func passwordsAreCheckedAndNeverShown() throws {
        let password = "correct-horse-battery"
        let redis = try TestRedis(password: password)
        #expect(try RedisConnection.connect(url: RedisURL(parsing: redis.urlText)).command(["PING"]) == .status("PONG"))
        #expect(try RedisConnection.connect(url: RedisURL(parsing: "redis://default:\(password)@127.0.0.1:\(redis.port)")).command(["PING"]) == .status("PONG"))

        let attempts = [
            "redis://:wrong-password-123@127.0.0.1:\(redis.port)/0",
            "redis://default:wrong-password-123@127.0.0.1:\(redis.port)",
            "redis://127.0.0.1:\(redis.port)",
        ]
        for text in attempts {
            do {
                _ = try RedisConnection.connect(url: RedisURL(parsing: text))
                Issue.record("\(text) connected")
            } catch let error as RedisError {
                guard case .authFailed = error else {
                    Issue.record("expected authFailed, got \(error)")
                    continue
                }
                #expect(error.exitCode == 69)
                #expect(!error.description.contains("wrong-password-123"), "\(error)")
                #expect(!error.description.contains(password), "\(error)")
                #expect(error.description.contains("127.0.0.1:\(redis.port)"))
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func unreachablePortFailsFastWithExit69() throws {
        let port = try TestRedis.freeLoopbackPort()
        let url = try RedisURL(parsing: "redis://:hunter2-secret@127.0.0.1:\(port)/0")
        let started = Date()
        do {
            _ = try RedisConnection.connect(url: url, connectTimeout: 2)
            Issue.record("connected to a port nothing listens on")
        } catch let error as RedisError {
            #expect(Date().timeIntervalSince(started) < 1)
            #expect(error.exitCode == 69)
            #expect(error.description == "cannot reach Redis at redis://:***@127.0.0.1:\(port)/0: Connection refused; start redis-server or pass --redis-url")
        }
    }

    @Test func anOutageBreaksTheConnectionAndReconnectRecovers() throws {
        let redis = try TestRedis()
        let connection = try redis.connect()
        try connection.command(["SET", "k", "v"])
        redis.stop()

        #expect(throws: RedisError.self) { try connection.command(["GET", "k"]) }
        #expect(connection.isBroken)
        do {
            try connection.command(["PING"])
            Issue.record("a broken connection answered")
        } catch let error as RedisError {
            #expect(error.exitCode == 69)
            #expect(error.description.contains("reconnect"))
        }
        #expect(throws: RedisError.self) { try connection.reconnect() }
        #expect(connection.isBroken)

        try redis.start()
        try connection.reconnect()
        #expect(!connection.isBroken)
        #expect(try connection.command(["PING"]) == .status("PONG"))
    }

    @Test func aStuckServerTimesOut() throws {
        let redis = try TestRedis()
        let connection = try redis.connect(commandTimeout: 0.3)
        try redis.connect().command(["CLIENT", "PAUSE", "1500", "ALL"])
        let started = Date()
        do {
            try connection.command(["GET", "k"])
            Issue.record("a paused server answered")
        } catch let error as RedisError {
            #expect(error == .timeout(url: "redis://127.0.0.1:\(redis.port)/0", command: "GET", seconds: 0.3))
            #expect(error.exitCode == 75)
            #expect(Date().timeIntervalSince(started) < 1.4)
        }
        #expect(connection.isBroken)
    }
}
