import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `circles stop|start|restart` reach the supervisor of a direct-mode launch (foreground or
/// `--detach`ed circles-spawn): the command writes a request file in `launch_data/control/`, then
/// sends SIGUSR1 to the supervisor (named by pid and start time in the state); the supervisor
/// handles every request file there, writes a reply file for each and removes the request; the
/// command reads the reply and removes it. Files survive a lost signal, and one signal serves
/// any number of requests.
public enum ControlChannel {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case stop, start, restart
    }

    public struct Request: Codable, Sendable, Equatable {
        public var id: String
        public var action: Action
        /// Public keys (canonical hex) of the circles to act on.
        public var circles: [String]

        public init(id: String = UUID().uuidString.lowercased(), action: Action, circles: [String]) {
            self.id = id
            self.action = action
            self.circles = circles
        }
    }

    /// What happened to one circle.
    public struct Outcome: Codable, Sendable, Equatable {
        public enum Result: String, Codable, Sendable {
            case stopped, alreadyStopped, started, alreadyRunning, restarted, unknown, failed
        }
        public var publicKey: String
        public var result: Result
        /// The worker's pid afterwards (started or running).
        public var pid: Int32?
        /// The worker id of a worker started now, whose liveness key says when it is ready.
        public var workerId: String?
        /// Why it failed (`failed`).
        public var error: String?

        public init(publicKey: String, result: Result, pid: Int32? = nil, workerId: String? = nil, error: String? = nil) {
            self.publicKey = publicKey
            self.result = result
            self.pid = pid
            self.workerId = workerId
            self.error = error
        }
    }

    public struct Reply: Codable, Sendable, Equatable {
        public var outcomes: [Outcome]
        public init(outcomes: [Outcome]) { self.outcomes = outcomes }
    }

    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    /// In the supervisor: answers the requests in `files.controlFolder` now (ones left from a lost
    /// signal) and on every SIGUSR1, one at a time, with `handle`.
    public static func serve(files: LaunchData, handle: @escaping @Sendable (Request) -> Reply) throws {
        try FileSystem.makeDirectory(files.controlFolder, mode: 0o700)
        let queue = DispatchQueue(label: "control requests")
        signal(SIGUSR1, SIG_IGN)  // the dispatch source gets it instead of the default action
        let source = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: queue)
        source.setEventHandler { answerAll(files: files, handle: handle) }
        source.resume()
        self.source = source
        queue.async { answerAll(files: files, handle: handle) }
    }

    private static func answerAll(files: LaunchData, handle: (Request) -> Reply) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: files.controlFolder)) ?? []
        for name in names.sorted() where name.hasSuffix(".request.json") {
            let path = files.controlFolder + "/" + name
            guard let text = FileSystem.readText(path), let request = try? JSONDecoder().decode(Request.self, from: Data(text.utf8)) else {
                unlink(path)  // not a request of ours: never answerable
                continue
            }
            let reply = handle(request)
            if let data = try? JSONEncoder().encode(reply) {
                try? FileSystem.writeAtomically(Array(data), to: files.controlReply(request.id), mode: 0o600)
            }
            unlink(path)
        }
    }

    /// In a command: sends `request` to `supervisor` and waits up to `timeout` seconds for the reply.
    /// - Throws: `LaunchError.supervisorNotRunning` when it is gone, `LaunchError.notReady` when no reply comes in time.
    public static func send(_ request: Request, to supervisor: ProcessIdentity, files: LaunchData, timeout: Double) throws -> Reply {
        guard supervisor.isAlive else { throw LaunchError.supervisorNotRunning(directory: files.directory, pid: supervisor.pid) }
        try FileSystem.makeDirectory(files.controlFolder, mode: 0o700)
        let requestPath = files.controlRequest(request.id), replyPath = files.controlReply(request.id)
        try FileSystem.writeAtomically(Array(try JSONEncoder().encode(request)), to: requestPath, mode: 0o600)
        defer {
            unlink(requestPath)
            unlink(replyPath)
        }
        kill(supervisor.pid, SIGUSR1)
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if let text = FileSystem.readText(replyPath), let reply = try? JSONDecoder().decode(Reply.self, from: Data(text.utf8)) {
                return reply
            }
            guard supervisor.isAlive else { throw LaunchError.supervisorNotRunning(directory: files.directory, pid: supervisor.pid) }
            usleep(10_000)
        }
        throw LaunchError.notReady(what: ["the supervisor's answer (circles-spawn pid \(supervisor.pid))"], seconds: timeout)
    }
}
