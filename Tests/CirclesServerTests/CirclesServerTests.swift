import CirclesCore
import CirclesServer
import Foundation
import Logging
import Testing
import TestSupport

/// The WebSocket JSON-RPC server in-process on port 0, in front of an in-process worker on a
/// private redis-server, spoken to by a plain-socket client.
@Suite(.serialized) struct CirclesServerTests {
    /// A running server: its port, the worker harness behind it, and how to stop it.
    final class Running {
        let harness: WorkerHarness
        let port: Int
        private let task: Task<Void, Error>
        private let dispatcher: Dispatcher
        /// The servers' own thread: the tests block the shared cooperative pool with their sockets.
        private static let serverThread = ThreadExecutor(name: "circles-ws under test")

        init(authRequired: Bool = false, configure: (inout CirclesServer.Settings) -> Void = { _ in }) async throws {
            harness = try WorkerHarness()
            try harness.startWorker()
            var settings = CirclesServer.Settings()
            settings.port = 0
            settings.authRequired = authRequired
            settings.requestTimeout = 10
            configure(&settings)
            let dispatcher = harness.dispatcher()
            self.dispatcher = dispatcher
            let server = CirclesServer(
                settings: settings, registry: try CircleRegistry(keys: [harness.circle], stateFile: nil),
                dispatcher: dispatcher, redisURL: harness.redis.url, logger: Logger(label: "circles-ws-test"))
            let (urls, continuation) = AsyncStream.makeStream(of: String.self)
            task = Task(executorPreference: Self.serverThread) { try await server.run { continuation.yield($0) } }
            var iterator = urls.makeAsyncIterator()
            guard let url = await iterator.next(), let port = Int(url.split(separator: ":").last ?? "") else {
                throw TestClient.Failure(description: "the server did not report its URL")
            }
            self.port = port
        }

        /// A WebSocket session with the harness's circle.
        func session() throws -> TestClient {
            let client = try TestClient(port: port)
            let status = try client.upgrade("/\(harness.circle.hex)")
            guard status == 101 else { throw TestClient.Failure(description: "the upgrade answered \(status)") }
            return client
        }

        func stop() async {
            task.cancel()
            _ = await task.result
            dispatcher.close()
            harness.stopAll()
        }
    }

    @Test func healthIsOkWhileRedisAnswersAndTheCircleHasALiveWorker() async throws {
        let server = try await Running()
        let health = try TestClient(port: server.port, timeout: 60).get("/health")
        await server.stop()
        #expect(health.status == 200)
        #expect(health.body == #"{"circles":1,"circlesDown":[],"redis":"ok","status":"ok","strict":true}"# + "\n")
    }

    @Test func healthIs503NamingTheCircleWhoseWorkersAreGoneWhileLivezStays200() async throws {
        let server = try await Running()
        server.harness.stopAll()
        let health = try TestClient(port: server.port).get("/health")
        let livez = try TestClient(port: server.port).get("/livez")
        await server.stop()
        #expect(health.status == 503)
        #expect(health.body.contains(#""circlesDown":[{"name":null,"pk":"\#(server.harness.circle.hex)"}]"#))
        #expect(health.body.contains(#""status":"degraded""#))
        #expect(livez.status == 200)
    }

    @Test func playRunsTheScriptInTheCircle() async throws {
        let server = try await Running()
        let session = try server.session()
        let reply = try session.call(#"{"jsonrpc":"2.0","id":7,"method":"play","params":{"script":"let x = 40; x + 2"}}"#)
        let whoami = try session.call(#"{"jsonrpc":"2.0","id":"w","method":"whoami","params":[]}"#)
        await server.stop()
        #expect(reply["id"] as? Int == 7)
        let result = try #require(reply["result"] as? [String: Any])
        #expect(result["output"] as? String == "42")
        #expect(UUID(uuidString: result["task_id"] as? String ?? "") != nil)
        #expect((whoami["result"] as? [String: Any])?["circle"] as? String == server.harness.circle.hex)
    }

    @Test func anUnknownMethodNamesTheMethodsThereAre() async throws {
        let server = try await Running()
        let reply = try server.session().call(#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#)
        await server.stop()
        let error = try #require(reply["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32601)
        let names = CircleMethods.Method.allCases.map(\.rawValue)
        #expect(names == ["fetch_nonce", "authenticate", "whoami", "play"])
        #expect((error["message"] as? String)?.hasSuffix("use fetch_nonce, authenticate, whoami or play") == true)
    }

    @Test func anUnknownCircleIsRefusedAtTheUpgrade() async throws {
        let server = try await Running()
        let status = try TestClient(port: server.port).upgrade("/\(PrivateKey.generate().publicKey.hex)")
        await server.stop()
        #expect(status == 404)
    }

    @Test func withAuthPlayNeedsASignedNonce() async throws {
        let server = try await Running(authRequired: true)
        let session = try server.session()
        let early = try session.call(#"{"jsonrpc":"2.0","id":1,"method":"play","params":["1"]}"#)
        let caller = PrivateKey.generate()
        let nonce = try session.call(#"{"jsonrpc":"2.0","id":2,"method":"fetch_nonce","params":["\#(caller.publicKey.hex)"]}"#)
        let text = try #require((nonce["result"] as? [String: Any])?["nonce"] as? String)
        let signature = PersonalSign.sign(text, with: caller)
        let authenticated = try session.call(
            #"{"jsonrpc":"2.0","id":3,"method":"authenticate","params":{"pubkey":"\#(caller.publicKey.hex)","signature":"\#(signature)"}}"#)
        let later = try session.call(#"{"jsonrpc":"2.0","id":4,"method":"play","params":["CALLER_ID"]}"#)
        await server.stop()
        #expect((early["error"] as? [String: Any])?["code"] as? Int == -32001)
        #expect((authenticated["result"] as? [String: Any])?["authenticated"] as? Bool == true)
        #expect((later["result"] as? [String: Any])?["output"] as? String == caller.publicKey.hex)
    }
}
