// circles-ws-bench: `play` of a trivial script through circles-ws (WebSocket JSON-RPC) next to
// the same round trip through the Dispatcher alone, at several concurrencies, in one run; then
// the RSS that idle sessions cost the server. Run it through Benchmarks/ws/run.sh.
import CirclesCore
import CirclesServer
import Foundation
import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Command line: --url ws://…/<pk> --circle PK --redis-url URL --server-pid PID
///               [--seconds 5] [--sessions 1,16,128] [--idle 1000] [--script "1"]
struct Arguments {
    var values: [String: String] = [:]
    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let name = iterator.next() { values[name] = iterator.next() }
    }
    func text(_ name: String, _ fallback: String? = nil) -> String {
        guard let value = values[name] ?? fallback else { fatalError("circles-ws-bench: missing \(name)") }
        return value
    }
}

/// Latencies of one measured run.
struct Run {
    var latencies: [Double]  // seconds
    var errors: Int
    var seconds: Double

    var rate: Double { Double(latencies.count) / seconds }
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

/// One loop of round trips through one WebSocket session.
func webSocketLoop(url: String, script: String, logger: Logger) -> @Sendable (Int, ContinuousClock.Instant, @escaping @Sendable (Double?) -> Void) async throws -> Void {
    { _, deadline, record in
        // Like the server's sessions, each client session runs on its connection's event loop.
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        _ = try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop)) {
            try await WebSocketClient.connect(url: url, eventLoopGroup: eventLoop, logger: logger) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                var id = 0
                while ContinuousClock.now < deadline {
                    id += 1
                    let start = ContinuousClock.now
                    try await outbound.writeTextMessage(#"{"jsonrpc":"2.0","id":\#(id),"method":"play","params":[\#(JSONText.quote(script))]}"#)
                    guard case let .text(reply)? = try await messages.next() else { return }
                    record(reply.contains("\"result\"") ? secondsSince(start) : nil)
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }
}

/// The resident set size of a process, in MiB.
func residentMiB(pid: String) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// Opens `count` idle sessions and returns the server's RSS growth once they are all open.
func idleSessionsCost(url: String, count: Int, serverPid: String, logger: Logger) async throws -> (before: Double, after: Double) {
    let before = residentMiB(pid: serverPid)
    let open = NIOLockedValueBox(0)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<count {
            group.addTask {
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                    open.withLockedValue { $0 += 1 }
                    for try await _ in inbound {}
                }
            }
        }
        while open.withLockedValue({ $0 }) < count { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .seconds(1))
        let after = residentMiB(pid: serverPid)
        group.cancelAll()
        return (before, after)
    }
}

// The client's tasks run on NIO's event loops, as the server's do: no thread hop between a
// socket read or write and the task that waits for it, on either side.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let arguments = Arguments()
let url = arguments.text("--url")
let circle = try PublicKey(parsing: arguments.text("--circle"))
let dispatcher = Dispatcher(url: try RedisURL(parsing: arguments.text("--redis-url")))
let seconds = Double(arguments.text("--seconds", "5"))!
let script = arguments.text("--script", "1")
let concurrencies = arguments.text("--sessions", "1,16,128").split(separator: ",").map { Int($0)! }
var logger = Logger(label: "circles-ws-bench")
logger.logLevel = .critical

print("play of \(JSONText.quote(script)), \(Int(seconds)) s per row (after a 1 s warm-up)")
print("sessions  path         req/s    p50 ms   p99 ms  errors   ws/dispatcher")
for concurrency in concurrencies {
    var rates: [Double] = []
    for (name, loop) in [("dispatcher", dispatcherLoop(dispatcher, circle: circle, script: script)),
                         ("websocket", webSocketLoop(url: url, script: script, logger: logger))] {
        _ = await measure(concurrency: concurrency, seconds: 1, loop: loop)
        let run = await measure(concurrency: concurrency, seconds: seconds, loop: loop)
        rates.append(run.rate)
        let ratio = rates.count == 2 ? String(format: "%13.0f %%", 100 * rates[1] / rates[0]) : ""
        print(String(format: "%8d  ", concurrency) + name.padding(toLength: 11, withPad: " ", startingAt: 0)
              + String(format: "%8.0f  %7.2f  %7.2f  %6d", run.rate, run.percentile(0.5), run.percentile(0.99), run.errors) + ratio)
    }
}
if let idle = Int(arguments.text("--idle", "1000")), idle > 0, let pid = arguments.values["--server-pid"] {
    let (before, after) = try await idleSessionsCost(url: url, count: idle, serverPid: pid, logger: logger)
    print(String(format: "%d idle sessions: server RSS %.1f MiB -> %.1f MiB (+%.1f MiB, target < 50 MiB)", idle, before, after, after - before))
}
dispatcher.close()
