// ws-bench: `play` of a trivial script through circles-ws (WebSocket JSON-RPC) next to
// the same round trip through the Dispatcher alone, at several concurrencies, in one run; then
// the RSS that idle sessions cost the server. Run it through Benchmarks/ws/run.sh.
import CirclesCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Command line: --url ws://…/<pk> --circle PK --redis-url URL --server-pid PID
///               [--seconds 1] [--rounds 10] [--sessions 1,16,128] [--idle 1000] [--script "1"]
struct Arguments {
    var values: [String: String] = [:]
    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let name = iterator.next() { values[name] = iterator.next() }
    }
    func text(_ name: String, _ fallback: String? = nil) -> String {
        guard let value = values[name] ?? fallback else { fatalError("ws-bench: missing \(name)") }
        return value
    }
}

/// Latencies of one measured run.
struct Run {
    var latencies: [Double]  // seconds
    var errors: Int
    var seconds: Double

    var rate: Double { Double(latencies.count) / seconds }

    /// All of `runs` as one run.
    init(pooling runs: [Run]) {
        self.init(latencies: runs.flatMap(\.latencies), errors: runs.map(\.errors).reduce(0, +), seconds: runs.map(\.seconds).reduce(0, +))
    }

    init(latencies: [Double], errors: Int, seconds: Double) {
        (self.latencies, self.errors, self.seconds) = (latencies, errors, seconds)
    }
    func percentile(_ p: Double) -> Double {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
    }
}

/// Runs `concurrency` copies of `loop` until `seconds` have passed and collects the latencies
/// each reports through `record` (nil: a failed round trip).
func measure(concurrency: Int, seconds: Double,
             loop: @escaping @Sendable (_ index: Int, _ deadline: ContinuousClock.Instant, _ record: @escaping @Sendable (Double?) -> Void) async throws -> Void) async -> Run {
    let samples = NIOLockedValueBox<(latencies: [Double], errors: Int)>(([], 0))
    let start = ContinuousClock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    await withTaskGroup(of: Void.self) { group in
        for index in 0..<concurrency {
            group.addTask {
                do {
                    try await loop(index, deadline) { latency in
                        samples.withLockedValue { if let latency { $0.latencies.append(latency) } else { $0.errors += 1 } }
                    }
                } catch {
                    samples.withLockedValue { $0.errors += 1 }
                }
            }
        }
    }
    let elapsed = ContinuousClock.now - start
    let taken = samples.withLockedValue { $0 }
    return Run(latencies: taken.latencies, errors: taken.errors,
               seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// One loop of round trips through the Dispatcher.
func dispatcherLoop(_ dispatcher: Dispatcher, circle: PublicKey, script: String) -> @Sendable (Int, ContinuousClock.Instant, @escaping @Sendable (Double?) -> Void) async throws -> Void {
    { _, deadline, record in
        while ContinuousClock.now < deadline {
            let start = ContinuousClock.now
            let record_ = try await dispatcher.run(script: script, circle: circle, caller: "", timeout: 30)
            record(record_.status == .completed ? secondsSince(start) : nil)
        }
    }
}

/// Sends `play` requests over one WebSocket connection, one at a time, until the deadline, and
/// reports each latency (nil: an error reply). A channel handler behind NIO's WebSocket codec
/// (frames masked, as a client's must be) with no task per message, so that the client adds as
/// little as it can to what is measured.
final class PlayLoop: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// The user event that sends the first request (once the upgrade has finished).
    struct Start {}

    private static let resultMember = Array(#""result""#.utf8)

    /// Whether `needle` occurs in `haystack` (a plain scan: replies are short).
    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if (1..<needle.count).allSatisfy({ haystack[start + $0] == needle[$0] }) { return true }
        }
        return false
    }
    private let quotedScript: String
    private let deadline: ContinuousClock.Instant
    private let record: @Sendable (Double?) -> Void
    private var id = 0
    private var sentAt = ContinuousClock.now

    init(script: String, deadline: ContinuousClock.Instant, record: @escaping @Sendable (Double?) -> Void) {
        quotedScript = JSONText.quote(script)
        self.deadline = deadline
        self.record = record
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is Start else { return context.fireUserInboundEventTriggered(event) }
        sendNext(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let answered = frame.data.withUnsafeReadableBytes { Self.contains($0, Self.resultMember) }
            record(answered ? secondsSince(sentAt) : nil)
            if ContinuousClock.now < deadline {
                sendNext(context)
            } else {
                var code = context.channel.allocator.buffer(capacity: 2)
                code.write(webSocketErrorCode: .normalClosure)
                send(context, .connectionClose, code)  // the server answers and closes the connection
            }
        case .ping:
            send(context, .pong, frame.unmaskedData)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        record(nil)
        context.close(promise: nil)
    }

    private func sendNext(_ context: ChannelHandlerContext) {
        id += 1
        sentAt = .now
        let text = #"{"jsonrpc":"2.0","id":\#(id),"method":"play","params":[\#(quotedScript)]}"#
        send(context, .text, context.channel.allocator.buffer(string: text))
    }

    private func send(_ context: ChannelHandlerContext, _ opcode: WebSocketOpcode, _ data: ByteBuffer) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}

/// Opens a WebSocket connection to `url` (ws://host:port/path) on `eventLoop`; `handler` makes
/// the handler that serves it once upgraded (nil: frames are dropped).
func openWebSocket(_ url: URL, on eventLoop: any EventLoop,
                   handler: @escaping @Sendable () -> (any ChannelHandler)?) async throws -> any Channel {
    guard let host = url.host, let port = url.port else { fatalError("ws-bench: --url needs ws://host:port/<pk>") }
    let upgraded: EventLoopFuture<(any Channel)?> = try await ClientBootstrap(group: eventLoop).connect(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
            let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel)?>(maxFrameSize: 1 << 20) { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    if let handler = handler() { try channel.pipeline.syncOperations.addHandler(handler) }
                    return channel
                }
            }
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: url.path, headers: ["Host": "\(host):\(port)"])
            let upgrade = NIOTypedHTTPClientUpgradeConfiguration<(any Channel)?>(
                upgradeRequestHead: head, upgraders: [upgrader],
                notUpgradingCompletionHandler: { $0.eventLoop.makeSucceededFuture(nil) })
            return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                configuration: .init(upgradeConfiguration: upgrade))
        }
    }
    guard let channel = try await upgraded.get() else { throw BenchError.upgradeRefused(url) }
    return channel
}

enum BenchError: Error {
    case upgradeRefused(URL)
}

/// One loop of round trips through one WebSocket session.
func webSocketLoop(url: URL, script: String) -> @Sendable (Int, ContinuousClock.Instant, @escaping @Sendable (Double?) -> Void) async throws -> Void {
    { _, deadline, record in
        let channel = try await openWebSocket(url, on: MultiThreadedEventLoopGroup.singleton.next()) {
            PlayLoop(script: script, deadline: deadline, record: record)
        }
        channel.pipeline.fireUserInboundEventTriggered(PlayLoop.Start())
        try await channel.closeFuture.get()
    }
}

/// The resident set size of a process, in MiB.
func residentMiB(pid: String) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// CPU time a process has used so far, in seconds (user + system, from /proc).
func cpuSeconds(pid: String) -> Double {
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // The fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Opens `count` idle sessions; returns the server's RSS before and once they are all open, and
/// the share of one core the server uses while they sit idle for 5 s.
func idleSessionsCost(url: URL, count: Int, serverPid: String) async throws -> (before: Double, after: Double, cpu: Double) {
    let before = residentMiB(pid: serverPid)
    let channels = try await withThrowingTaskGroup(of: (any Channel).self) { group in
        for _ in 0..<count {
            group.addTask { try await openWebSocket(url, on: MultiThreadedEventLoopGroup.singleton.next()) { nil } }
        }
        return try await group.reduce(into: [any Channel]()) { $0.append($1) }
    }
    try await Task.sleep(for: .seconds(1))
    let after = residentMiB(pid: serverPid)
    let cpuBefore = cpuSeconds(pid: serverPid)
    try await Task.sleep(for: .seconds(5))
    let cpu = (cpuSeconds(pid: serverPid) - cpuBefore) / 5
    for channel in channels { channel.close(promise: nil) }
    return (before, after, cpu)
}

// The client's tasks run on NIO's event loops, as the server's do: no thread hop between a
// socket read or write and the task that waits for it, on either side.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let arguments = Arguments()
let url = URL(string: arguments.text("--url"))!
let circle = try PublicKey(parsing: arguments.text("--circle"))
let dispatcher = Dispatcher(url: try RedisURL(parsing: arguments.text("--redis-url")))
let seconds = Double(arguments.text("--seconds", "1"))!
let script = arguments.text("--script", "1")
let concurrencies = arguments.text("--sessions", "1,16,128").split(separator: ",").map { Int($0)! }

let rounds = Int(arguments.text("--rounds", "10"))!
let paths = [("dispatcher", dispatcherLoop(dispatcher, circle: circle, script: script)),
             ("websocket", webSocketLoop(url: url, script: script))]
print("play of \(JSONText.quote(script)): per concurrency, a 1 s warm-up of each path, then \(rounds) rounds of")
print("\(Int(seconds)) s on each path in turn (the rate is the median round; latencies pool all rounds;")
print("the ratio is of the medians, with the lowest and highest round's ratio beside it)")
print("sessions  path         req/s    p50 ms   p99 ms  errors   ws/dispatcher  (rounds)")
for concurrency in concurrencies {
    for (_, loop) in paths { _ = await measure(concurrency: concurrency, seconds: 1, loop: loop) }
    var runs = [[Run]](repeating: [], count: paths.count)
    for _ in 0..<rounds {
        for (index, (_, loop)) in paths.enumerated() {
            runs[index].append(await measure(concurrency: concurrency, seconds: seconds, loop: loop))
        }
    }
    let medians = runs.map { path in path.map(\.rate).sorted()[path.count / 2] }
    for (index, (name, _)) in paths.enumerated() {
        let pooled = Run(pooling: runs[index])
        var line = String(format: "%8d  ", concurrency) + name.padding(toLength: 11, withPad: " ", startingAt: 0)
            + String(format: "%8.0f  %7.2f  %7.2f  %6d", medians[index], pooled.percentile(0.5), pooled.percentile(0.99), pooled.errors)
        if index == 1 {
            let perRound = zip(runs[0], runs[1]).map { 100 * $1.rate / $0.rate }
            line += String(format: "%13.0f %%  (%.0f–%.0f %%)", 100 * medians[1] / medians[0], perRound.min()!, perRound.max()!)
        }
        print(line)
    }
}
if let idle = Int(arguments.text("--idle", "1000")), idle > 0, let pid = arguments.values["--server-pid"] {
    let (before, after, cpu) = try await idleSessionsCost(url: url, count: idle, serverPid: pid)
    print(String(format: "%d idle sessions: server RSS %.1f MiB -> %.1f MiB (+%.1f MiB, target < 50 MiB); server CPU while they idle: %.1f %% of a core",
                 idle, before, after, after - before, 100 * cpu))
}
dispatcher.close()
