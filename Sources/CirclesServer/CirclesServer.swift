import CirclesCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The WebSocket JSON-RPC server for many circles (docs/PROTOCOL.md §4), as a library so tests and
/// benchmarks can run it in-process as well as through `circles-ws`.
public struct CirclesServer: Sendable {
    /// Everything that can be tuned; the defaults are those of `circles-ws --help`.
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        /// 0 binds a free port.
        public var port = 8080
        /// When true, `play` needs a successful `authenticate` first.
        public var authRequired = false
        public var maximumMessage = 1 << 20
        public var maximumInFlight = 64
        /// Seconds a `play` may take before it fails with -32003.
        public var requestTimeout = 30.0
        public var nonceTimeToLive = 300.0
        public var idleTimeout = Duration.seconds(300)
        public var pingInterval = Duration.seconds(30)
        /// How long shutdown waits for requests in flight before closing sessions.
        public var drainGrace = Duration.seconds(10)
        /// When true, `GET /health` answers 503 unless Redis answers and every circle has a live worker.
        public var strictHealth = true
        /// Largest script `play` accepts (bytes); a bigger one fails with -32602.
        public var maximumScript = ScriptSize.defaultLimit
        /// How long a new connection may take to send its request head (upgrade or HTTP).
        public var headTimeout = Duration.seconds(10)
        /// Connections open at once; more are closed as they arrive.
        public var maximumConnections = 10_000
        /// Bytes all WebSocket sessions together may hold that are not a whole message yet; the
        /// connection whose bytes would pass it is closed.
        public var maximumBuffered = 256 << 20
        /// How often the fleet registry is read again, when the registry serves it.
        public var fleetPollInterval = Duration.seconds(1)

        public init() {}
    }

    let settings: Settings
    let registry: CircleRegistry
    let dispatcher: Dispatcher
    let redisURL: RedisURL
    let logger: Logger
    let metrics = ServerMetrics()

    public init(settings: Settings, registry: CircleRegistry, dispatcher: Dispatcher, redisURL: RedisURL, logger: Logger) {
        self.settings = settings
        self.registry = registry
        self.dispatcher = dispatcher
        self.redisURL = redisURL
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT, then drains: stops accepting, lets requests in flight
    /// finish (within the drain grace), closes sessions with 1001 and returns.
    /// - Parameter onListening: called once with the server's `ws://host:port` URL, when SIGHUP,
    ///   SIGTERM and SIGINT are trapped.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let methods = CircleMethods(
            dispatcher: dispatcher, authRequired: settings.authRequired, requestTimeout: settings.requestTimeout, maximumScript: settings.maximumScript)
        let limits = WebSocketSession.Limits(
            maximumMessage: settings.maximumMessage, maximumInFlight: settings.maximumInFlight,
            idleTimeout: settings.idleTimeout, drainGrace: settings.drainGrace, pingInterval: settings.pingInterval)
        let budget = ConnectionBudget(maximumConnections: settings.maximumConnections, maximumBuffered: settings.maximumBuffered)
        let channel = HTTPServerBuilder { [settings, registry, metrics] responder in
            CircleServerChannel(
                responder: responder, registry: registry, processor: RPCProcessor(methods: methods, metrics: metrics), limits: limits,
                nonceTimeToLive: settings.nonceTimeToLive, httpIdleTimeout: .seconds(30), headTimeout: settings.headTimeout, budget: budget)
        }
        let host = settings.host
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let app = Application(
            router: HTTPRoutes.router(registry: registry, redisURL: redisURL, strictHealth: settings.strictHealth, authRequired: settings.authRequired, metrics: metrics),
            server: channel,
            configuration: .init(address: .hostname(host, port: settings.port)),
            services: [StateReloadService(registry: registry, hangups: hangups, logger: logger) as any Service]
                + (registry.fleet == nil ? [] : [FleetPollService(registry: registry, interval: settings.fleetPollInterval, logger: logger)]),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("ws://\(shownHost):\(port)")
            },
            logger: logger)
        try await app.runService()
    }
}
