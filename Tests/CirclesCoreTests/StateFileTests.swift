import Foundation
import Testing
import TestSupport
@testable import CirclesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each test gets a fresh launch_data folder inside a private /tmp folder, removed afterwards.
@Suite final class StateFileTests {
    private let root: String
    private let store: StateStore

    init() throws {
        var template = Array("/tmp/circles-state-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestRedisError("cannot create a temporary folder") }
        root = String(cString: created)
        store = StateStore(directory: root + "/launch_data")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    private static func circle(_ name: String) -> LaunchState.Circle {
        LaunchState.Circle(name: name, publicKey: "02" + String(repeating: "ab", count: 32), worker: .init(workerId: "w-\(name)"))
    }

    @Test func roundTripsEveryFieldAndCreatesTheFolder() throws {
        #expect(try store.read() == nil)

        try store.update { state in
            state.mode = .systemd
            state.redis = .init(url: "redis://127.0.0.1:6390", managed: true, pid: 42, pidStartTime: 123_456, dir: "launch_data/redis")
            var circle = Self.circle("alpha")
            circle.port = 8080
            circle.scriptPath = "examples/init.rhai"
            circle.worker = .init(workerId: "w1", pid: 43, pidStartTime: 99, restarts: 2, status: .running)
            circle.initResult = .init(taskId: "t1", status: "completed", output: "42")
            state.circles = [circle]
            state.servers = [.init(port: 8080, pid: 44, pidStartTime: 100, url: "ws://127.0.0.1:8080")]
        }
        let state = try #require(try store.read())
        #expect(state.version == LaunchState.currentVersion)
        #expect(state.mode == .systemd)
        #expect(state.redis == .init(url: "redis://127.0.0.1:6390", managed: true, pid: 42, pidStartTime: 123_456, dir: "launch_data/redis"))
        #expect(state.circles.first?.worker == .init(workerId: "w1", pid: 43, pidStartTime: 99, restarts: 2, status: .running))
        #expect(state.circles.first?.initResult?.output == "42")
        #expect(state.servers.first?.url == "ws://127.0.0.1:8080")
        #expect(state.updatedAt >= state.createdAt)

        var info = stat()
        #expect(stat(store.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(FileSystem.exists(store.lockPath))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted() == [".lock", "state.json"])
    }

    @Test func aChangeThatThrowsWritesNothing() throws {
        try store.update { $0.circles = [Self.circle("kept")] }
        let before = FileSystem.readText(store.path)
        #expect(throws: TestRedisError.self) {
            try store.update { state in
                state.circles = []
                throw TestRedisError("changed my mind")
            }
        }
        #expect(FileSystem.readText(store.path) == before)
    }

    @Test func unknownFieldsFromANewerMinorWriterAreTolerated() throws {
        try FileSystem.makeDirectory(store.directory)
        let json = """
            {"version": 1, "mode": "direct", "circles": [], "servers": [], "futureField": {"x": 1},
             "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"}
            """
        try FileSystem.writeAtomically(Array(json.utf8), to: store.path)
        #expect(try store.read()?.mode == .direct)
    }

    @Test(arguments: [
        ("{\"version\": 1, \"mode\": \"direct\"", "it is not valid JSON"),
        ("", "it is not valid JSON"),
        ("{\"mode\": \"direct\"}", "the field \"version\" is missing"),
        ("{\"version\": 1, \"mode\": \"direct\", \"servers\": [], \"createdAt\": \"2025-01-02T03:04:05Z\", \"updatedAt\": \"2025-01-02T03:04:05Z\"}",
         "the field \"circles\" is missing"),
        ("{\"version\": 1, \"mode\": \"kubernetes\", \"circles\": [], \"servers\": [], \"createdAt\": \"2025-01-02T03:04:05Z\", \"updatedAt\": \"2025-01-02T03:04:05Z\"}",
         "\"mode\" has an invalid value"),
        ("{\"version\": 0}", "version 0 is not a valid version"),
    ])
    func aCorruptFileIsReportedAndNeverOverwritten(content: String, reason: String) throws {
        try FileSystem.makeDirectory(store.directory)
        try FileSystem.writeAtomically(Array(content.utf8), to: store.path)
        let expected = StateError.corrupt(path: store.path, reason: reason)
        #expect(throws: expected) { try store.read() }
        #expect(throws: expected) { try store.update { $0.circles = [] } }
        #expect(FileSystem.readText(store.path) == content)
        #expect(expected.exitCode == 1)
        #expect(expected.description.contains(store.path))
        #expect(expected.description.contains("move it aside"))
    }

    @Test func aNewerVersionIsRefusedAndNeverOverwritten() throws {
        try FileSystem.makeDirectory(store.directory)
        let content = "{\"version\": 2, \"somethingNew\": true}"
        try FileSystem.writeAtomically(Array(content.utf8), to: store.path)
        let expected = StateError.newerVersion(path: store.path, found: 2, supported: 1)
        #expect(throws: expected) { try store.update { $0.circles = [] } }
        #expect(FileSystem.readText(store.path) == content)
        #expect(expected.description == "the state file \(store.path) has version 2 but this circles reads up to version 1; use the newer circles or another --launch-data folder")
    }

    @Test func removeDeletesTheFileAndIsIdempotent() throws {
        try store.update { $0.circles = [Self.circle("a")] }
        try store.remove()
        #expect(try store.read() == nil)
        try store.remove()
    }

    /// Two processes (the test and a fork of it) append 200 entries each at the same time.
    @Test func twoProcessesWritingConcurrentlyLoseNoUpdate() throws {
        // Warm up (type metadata, encoder, decoder) before forking, so the child needs no runtime locks.
        try store.update { $0.circles = [Self.circle("warm-up")] }
        try store.update { $0.circles = [] }
        let perProcess = 200

        let child = fork()
        #expect(child >= 0)
        if child == 0 {
            // The child only uses StateStore, then leaves without running any test machinery.
            var failures: Int32 = 0
            for i in 0..<perProcess {
                do { try store.update { $0.circles.append(Self.circle("child-\(i)")) } } catch { failures += 1 }
            }
            _exit(failures == 0 ? 0 : 1)
        }
        for i in 0..<perProcess {
            try store.update { $0.circles.append(Self.circle("parent-\(i)")) }
        }
        #expect(try Self.waitForExit(of: child, timeout: 60) == 0, "the child failed or hung")

        let names = try #require(try store.read()).circles.map(\.name)
        #expect(names.count == 2 * perProcess)
        #expect(Set(names).count == 2 * perProcess)
        // Each writer's entries are in its own order, so interleaving happened only between updates.
        #expect(names.filter { $0.hasPrefix("child-") } == (0..<perProcess).map { "child-\($0)" })
        #expect(names.filter { $0.hasPrefix("parent-") } == (0..<perProcess).map { "parent-\($0)" })
    }

    /// The child's wait status, or nil after killing it when it did not exit in time.
    private static func waitForExit(of child: pid_t, timeout: Double) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let waited = waitpid(child, &status, WNOHANG)
            if waited == child { return status }
            if waited < 0 { throw TestRedisError("waitpid failed: \(FileSystem.lastErrorText())") }
            usleep(10_000)
        }
        kill(child, SIGKILL)
        waitpid(child, &status, 0)
        return nil
    }

    /// Threads of one process exclude each other too (each update opens its own lock), and a
    /// reader running alongside always sees a whole file.
    @Test func threadsLoseNoUpdateAndReadersNeverSeeHalfAFile() throws {
        try store.update { _ in }
        let failures = ManagedFailures()
        let store = self.store
        let jobs: [@Sendable () -> Void] = (0..<2).map { writer in
            {
                for i in 0..<100 {
                    do { try store.update { $0.circles.append(Self.circle("t\(writer)-\(i)")) } } catch { failures.add("\(error)") }
                }
            }
        } + [{
            for _ in 0..<300 {
                do { _ = try store.read() } catch { failures.add("read: \(error)") }
            }
        }]
        // Real threads, so that the jobs truly overlap (a Dispatch queue may run them one by one).
        let finished = DispatchSemaphore(value: 0)
        for job in jobs {
            Thread {
                job()
                finished.signal()
            }.start()
        }
        jobs.forEach { _ in finished.wait() }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try store.read()?.circles.count == 200)
    }
}

/// Errors collected from several threads.
private final class ManagedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
