import ArgumentParser
import CirclesCore
import CirclesServer
import CirclesVersion
import CStartupSignals
import Logging

@main
struct CirclesWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-ws",
        abstract: "Serve circles over WebSocket JSON-RPC 2.0: ws://HOST:PORT/<circle public key>.",
        discussion: """
            Methods: \(CircleMethods.Method.allCases.map(\.signature).joined(separator: ", "));
            params by name or by position; batches; notifications.
            GET /health answers 200 {"status":"ok",…} when Redis answers and every
            circle has a live worker, else 503 {"status":"degraded","circlesDown":[…],…}
            (always 200 with --health-strict false); GET /livez answers 200 while
            the process serves; GET /metrics is Prometheus' text format; GET / is
            a page with every circle and a script console (its data: GET
            /api/circles). Circles come from -c, from the state file, which is
            read again on SIGHUP, and with --registry from the fleet registry in
            Redis (every host's circles, as circles-spawn records them), read
            again every --registry-interval seconds: circles spawned on any host
            later are served without SIGHUP, removed ones no longer. Without -c
            and --state, circles-ws serves <launch-data>/state.json when it
            exists, else the fleet registry. On SIGTERM or SIGINT the server stops
            accepting, lets requests in flight finish (--grace), closes sessions
            with 1001 and exits 0. Any of the three arriving while the server starts
            takes effect once it listens (never the default action).

            Examples:
              circles-ws -c 02ab…                  one circle on 127.0.0.1:8080
              circles-ws --state launch_data/state.json
                                                   the circles circles-spawn started
              circles-ws -p 0 -c 02ab… -c 03cd…    free port, printed on stdout as
                                                   {"event":"listening","url":"ws://…"}
              circles-ws --enable-auth --nonce-ttl 60 -c 02ab…
              kill -HUP <pid>                      serve circles added to the state file
              circles-ws --registry --host 0.0.0.0 --redis-url redis://10.0.0.1:6379
                                                   every circle of every host on that Redis

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current)

    /// The library's defaults, which the options show.
    private static let defaults = CirclesServer.Settings()

    @Option(help: "Address to listen on.")
    var host = Self.defaults.host

    @Option(name: [.short, .long], help: "Port to listen on; 0 picks a free one (printed on stdout).")
    var port = Self.defaults.port

    @Option(name: [.customShort("c"), .customLong("circle")], help: ArgumentHelp("A circle to serve, by public key (repeatable).", valueName: "pk"))
    var circles: [String] = []

    @Option(help: ArgumentHelp("A state.json whose circles are served too (default: <launch-data>/state.json when no -c is given).", valueName: "file"))
    var state: String?

    @Flag(help: "Serve every circle of the fleet registry in Redis too, following its changes (the default without -c, --state and <launch-data>/state.json).")
    var registry = false

    @Option(help: ArgumentHelp("Seconds between two reads of the fleet registry.", valueName: "s"))
    var registryInterval = Self.defaults.fleetPollInterval.seconds

    @Flag(help: "Require fetch_nonce + authenticate (Ethereum personal_sign) before play.")
    var enableAuth = false

    @Option(help: ArgumentHelp("Largest WebSocket message in bytes; bigger ones close the session with 1009.", valueName: "bytes"))
    var maxFrame = Self.defaults.maximumMessage

    @Option(help: ArgumentHelp("Seconds a play may take before it fails with -32003.", valueName: "s"))
    var requestTimeout = Self.defaults.requestTimeout

    @Option(name: .customLong("nonce-ttl"), help: ArgumentHelp("Seconds a nonce from fetch_nonce stays valid.", valueName: "s"))
    var nonceTTL = Self.defaults.nonceTimeToLive

    @Option(help: ArgumentHelp("Requests one session may have in flight; reading pauses at the limit.", valueName: "n"))
    var maxInFlight = Self.defaults.maximumInFlight

    @Option(help: ArgumentHelp("Seconds a session with nothing in flight may stay silent before it is closed.", valueName: "s"))
    var idleTimeout = Self.defaults.idleTimeout.seconds

    @Option(help: ArgumentHelp("Seconds between keep-alive pings; a session that misses a pong is closed.", valueName: "s"))
    var pingInterval = Self.defaults.pingInterval.seconds

    @Option(help: ArgumentHelp("Seconds shutdown waits for requests in flight before closing sessions.", valueName: "s"))
    var grace = Self.defaults.drainGrace.seconds

    @Option(help: ArgumentHelp("Whether GET /health answers 503 when Redis or a circle's workers are down (false: always 200, the body still tells).", valueName: "bool"))
    var healthStrict = Self.defaults.strictHealth

    @Option(name: .customLong("max-script-bytes"), help: ArgumentHelp("Largest script play accepts; a bigger one fails with -32602.", valueName: "bytes"))
    var maxScriptBytes = Self.defaults.maximumScript

    @Option(help: ArgumentHelp("Seconds a new connection may take to send its request head (the upgrade); then it is closed.", valueName: "s"))
    var headTimeout = Self.defaults.headTimeout.seconds

    @Option(help: ArgumentHelp("Connections open at once (at most the open-file limit less \(OpenFileLimit.reserve)); more are closed as they arrive.", valueName: "n"))
    var maxConnections = Self.defaults.maximumConnections

    @Option(help: ArgumentHelp("Bytes all sessions together may hold that are not a whole message yet; the connection that would pass it is closed.", valueName: "bytes"))
    var maxBuffered = Self.defaults.maximumBuffered

    @OptionGroup var shared: SharedOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port).") }
        guard (128...(64 << 20)).contains(maxFrame) else { throw ValidationError("--max-frame must be 128…67108864 bytes, got \(maxFrame).") }
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1, got \(maxInFlight).") }
        guard maxScriptBytes >= 1 else { throw ValidationError("--max-script-bytes must be at least 1, got \(maxScriptBytes).") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1, got \(maxConnections).") }
        guard maxBuffered >= maxFrame else { throw ValidationError("--max-buffered must be at least --max-frame (\(maxFrame)), got \(maxBuffered).") }
        for (name, value) in [("--request-timeout", requestTimeout), ("--nonce-ttl", nonceTTL), ("--idle-timeout", idleTimeout),
                              ("--ping-interval", pingInterval), ("--grace", grace), ("--registry-interval", registryInterval)] {
            guard value > 0 && value.isFinite else { throw ValidationError("\(name) must be a positive number of seconds, got \(value).") }
        }
        if let state, !state.hasSuffix("state.json") {
            throw ValidationError("--state must name a state.json file (as circles-spawn writes it), got \"\(state)\".")
        }
    }

    static func main() {
        CirclesServer.runConcurrencyOnEventLoops()
        runAsProgram()
    }

    func run() async throws {
        try await reportingFailures {
            let keys = try circles.map { try PublicKey(parsing: $0) }
            let localState = LaunchData(shared.launchData).stateFile
            let stateFile = state ?? (keys.isEmpty && FileSystem.exists(localState) ? localState : nil)
            let servesFleet = registry || (keys.isEmpty && stateFile == nil)
            let redisURL = try RedisURL(parsing: shared.redisURL.text)
            let served = try CircleRegistry(keys: keys, stateFile: stateFile, fleet: servesFleet ? redisURL : nil)
            LineLogHandler.bootstrap(verbosity: shared.verbosity)
            let logger = Logger(label: "circles-ws")
            if servesFleet {
                logger.info("serving the fleet registry of \(redisURL.redacted), read every \(registryInterval) s")
            } else if served.all.isEmpty {
                logger.warning("no circles to serve yet: pass -c PK, or send SIGHUP once \(stateFile ?? "the state file") lists some")
            }
            var settings = CirclesServer.Settings()
            settings.host = host
            settings.port = port
            settings.authRequired = enableAuth
            settings.maximumMessage = maxFrame
            settings.maximumInFlight = maxInFlight
            settings.requestTimeout = requestTimeout
            settings.nonceTimeToLive = nonceTTL
            settings.idleTimeout = .seconds(idleTimeout)
            settings.pingInterval = .seconds(pingInterval)
            settings.drainGrace = .seconds(grace)
            settings.strictHealth = healthStrict
            settings.headTimeout = .seconds(headTimeout)
            settings.maximumScript = maxScriptBytes
            settings.maximumBuffered = maxBuffered
            settings.maximumConnections = maxConnections
            settings.fleetPollInterval = .seconds(registryInterval)
            if let files = OpenFileLimit.raiseToHard(), files - OpenFileLimit.reserve < maxConnections {
                settings.maximumConnections = max(1, files - OpenFileLimit.reserve)
                logger.warning("--max-connections \(maxConnections) lowered to \(settings.maximumConnections): the open-file limit is \(files) (raise it with ulimit -n or LimitNOFILE=)")
            }
            let dispatcher = Dispatcher(url: redisURL)
            defer { dispatcher.close() }
            let server = CirclesServer(settings: settings, registry: served, dispatcher: dispatcher, redisURL: redisURL, logger: logger)
            do {
                try await server.run { url in
                    circles_startup_signals_replay()  // a signal from before the server trapped them
                    StandardStreams.output.line(JSONValue.object(["event": "listening", "url": .string(url)]).jsonText)
                    StandardStreams.output.flush()
                }
            } catch {
                throw ServeFailure(host: host, port: port, error: error)
            }
        }
    }
}

/// The server could not start or stopped with an error (exit 1).
struct ServeFailure: Failure {
    let host: String
    let port: Int
    let error: Error
    var exitCode: Int32 { ExitStatus.failure }
    var description: String {
        "cannot serve on \(host):\(port) (\(error)); pick another --port or --host, or stop what is using it"
    }
}

extension Duration {
    /// The duration in seconds, as the options take it.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
