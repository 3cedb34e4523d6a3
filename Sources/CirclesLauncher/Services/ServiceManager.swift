import CirclesCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One long-running program for a service manager to run (a circle's worker or the WebSocket server).
public struct ServiceDefinition: Equatable, Sendable {
    /// The unit name / launchd label, as docs/PROTOCOL.md §6 spells it.
    public var label: String
    public var summary: String
    public var executable: String
    public var arguments: [String]
    /// Non-secret environment variables.
    public var environment: [String: String]
    /// A file of `NAME=value` lines (mode 0600) with the secrets (the Redis URL), kept out of the unit.
    public var environmentFile: String
    public var workingDirectory: String
    public var logPath: String
    /// Seconds between SIGTERM and SIGKILL when the service stops.
    public var stopTimeout: Int
    /// Open descriptors a service may have (the server's connections need one each):
    /// `LimitNOFILE=` in a systemd unit, `NumberOfFiles` in a launchd plist.
    public static let openFileLimit = 65536

    /// `tf.ourworld.circles.circle-worker-<pk>`.
    public static func workerLabel(_ key: PublicKey) -> String { "tf.ourworld.circles.circle-worker-\(key.hex)" }
    /// `tf.ourworld.circles.circle-ws-server` (with `-<port>` appended for the second and later ports).
    public static let serverLabel = "tf.ourworld.circles.circle-ws-server"
}

/// A system service manager: systemd on Linux, launchd on macOS. Installing writes one file per
/// service, refuses to overwrite an existing one, and starts the services; removing stops them
/// and deletes exactly the files that were written.
public protocol ServiceManager: Sendable {
    /// How the state file names this mode.
    var mode: LaunchState.Mode { get }
    /// Where the definition of `service` goes.
    func filePath(for service: ServiceDefinition) -> String
    /// The text of that file.
    func fileContents(for service: ServiceDefinition) -> String
    /// Tells the manager about the written files and starts them.
    func start(files: [String]) throws
    /// Stops the services of these files (they may be gone already) before the files are deleted.
    func stop(files: [String]) throws
    /// Called after the files were deleted.
    func forget(files: [String]) throws
    /// Stops (and keeps down), starts or restarts the installed services of these files; they stay installed.
    func control(_ action: ControlChannel.Action, files: [String]) throws
}

extension ServiceManager {
    /// Throws `LaunchError.serviceExists` when the file of any of `services` exists already.
    public func refuseExisting(_ services: [ServiceDefinition]) throws {
        for service in services where FileSystem.exists(filePath(for: service)) {
            throw LaunchError.serviceExists(name: service.label, path: filePath(for: service))
        }
    }

    /// Writes every file (none when any exists already: `LaunchError.serviceExists`) and starts them.
    /// Returns the paths written.
    public func install(_ services: [ServiceDefinition]) throws -> [String] {
        try refuseExisting(services)
        var written: [String] = []
        for service in services {
            let path = filePath(for: service)
            try FileSystem.makeDirectory((path as NSString).deletingLastPathComponent)
            try FileSystem.writeAtomically(Array(fileContents(for: service).utf8), to: path, mode: 0o600)
            written.append(path)
        }
        try start(files: written)
        return written
    }

    /// Stops the services and deletes their files; missing files are fine (idempotent).
    public func remove(files: [String]) throws {
        let present = files.filter(FileSystem.exists)
        guard !present.isEmpty else { return }
        try stop(files: present)
        for path in present { unlink(path) }
        try forget(files: present)
    }
}

/// Picks the backend: `CIRCLES_SERVICE_MANAGER=systemd|launchd` when set, else the platform's.
public enum ServiceManagers {
    public static func current() -> ServiceManager {
        switch Environment.value("CIRCLES_SERVICE_MANAGER") {
        case "launchd": return LaunchdServiceManager()
        case "systemd": return SystemdServiceManager()
        default:
            #if os(macOS)
            return LaunchdServiceManager()
            #else
            return SystemdServiceManager()
            #endif
        }
    }

    /// The backend that wrote a state of this mode.
    public static func forMode(_ mode: LaunchState.Mode) -> ServiceManager? {
        switch mode {
        case .systemd: SystemdServiceManager()
        case .launchd: LaunchdServiceManager()
        case .direct: nil
        }
    }

    /// Whether this process runs as root (system units) rather than as a user (user units).
    public static var isRoot: Bool { geteuid() == 0 }

    /// The home folder.
    static var home: String { Environment.value("HOME") ?? NSHomeDirectory() }
}

/// Runs a service-manager command (`systemctl`, `launchctl`) from PATH and checks its exit code.
/// Its output goes to a temporary file rather than a pipe: a service it starts may inherit the
/// descriptor and keep a pipe open long after the command is done.
enum ServiceCommand {
    /// Throws `LaunchError.serviceCommandFailed` unless the exit code is 0 or one of `alsoSuccessful`.
    static func run(_ program: String, _ arguments: [String], alsoSuccessful: Set<Int32> = []) throws {
        let path = try ExecutableLocator.find(program, nextToSelf: false)
        var template = Array("/tmp/circles-service-command-XXXXXX".utf8CString)
        let output = mkstemp(&template)
        guard output >= 0 else { throw FileError(path: "/tmp", problem: "cannot hold a temporary file (\(FileSystem.lastErrorText()))") }
        let outputPath = String(cString: template)
        defer {
            close(output)
            unlink(outputPath)
        }
        let child = try ChildProcess.spawn(ChildCommand(executable: path, arguments: arguments), output: output, dieWithParent: false)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 || alsoSuccessful.contains(code) else {
            let text = (FileSystem.readText(outputPath) ?? "").trimmingWhitespace.split(separator: "\n").prefix(3).joined(separator: " | ")
            throw LaunchError.serviceCommandFailed(command: ([program] + arguments).joined(separator: " "), status: code, output: text)
        }
    }
}
