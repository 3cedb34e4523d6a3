import CirclesCore
import Foundation

/// systemd units: user units (`systemctl --user`, `~/.config/systemd/user`) when not root,
/// system units (`/etc/systemd/system`) as root. `CIRCLES_SERVICE_DIR` overrides the folder.
public struct SystemdServiceManager: ServiceManager {
    public var mode: LaunchState.Mode { .systemd }
    public let unitDirectory: String
    public let userUnits: Bool

    public init(unitDirectory: String? = nil, userUnits: Bool = !ServiceManagers.isRoot) {
        self.userUnits = userUnits
        self.unitDirectory = unitDirectory ?? Environment.value("CIRCLES_SERVICE_DIR") ?? (userUnits
            ? (Environment.value("XDG_CONFIG_HOME") ?? ServiceManagers.home + "/.config") + "/systemd/user"
            : "/etc/systemd/system")
    }

    public func filePath(for service: ServiceDefinition) -> String {
        "\(unitDirectory)/\(service.label).service"
    }

    public func fileContents(for service: ServiceDefinition) -> String {
        let command = ([service.executable] + service.arguments).map(Self.quote).joined(separator: " ")
        let environment = service.environment.sorted { $0.key < $1.key }.map { "Environment=\(Self.quote("\($0.key)=\($0.value)"))\n" }.joined()
        return """
            [Unit]
            Description=\(service.summary.replacingOccurrences(of: "%", with: "%%"))
            After=network.target

            [Service]
            Type=simple
            ExecStart=\(command)
            WorkingDirectory=\(Self.quote(service.workingDirectory))
            \(environment)EnvironmentFile=\(service.environmentFile)
            StandardOutput=append:\(service.logPath)
            StandardError=append:\(service.logPath)
            Restart=on-failure
            RestartSec=1
            KillMode=control-group
            KillSignal=SIGTERM
            LimitNOFILE=\(ServiceDefinition.openFileLimit)
            TimeoutStopSec=\(service.stopTimeout)

            [Install]
            WantedBy=\(userUnits ? "default.target" : "multi-user.target")

            """
    }

    public func start(files: [String]) throws {
        try systemctl(["daemon-reload"])
        try systemctl(["enable", "--now"] + files.map(Self.unitName))
    }

    public func stop(files: [String]) throws {
        try systemctl(["disable", "--now"] + files.map(Self.unitName))
    }

    public func forget(files: [String]) throws {
        try systemctl(["daemon-reload"])
    }

    public func control(_ action: ControlChannel.Action, files: [String]) throws {
        try systemctl([action.rawValue] + files.map(Self.unitName))
    }

    private func systemctl(_ arguments: [String]) throws {
        try ServiceCommand.run("systemctl", (userUnits ? ["--user"] : []) + arguments)
    }

    static func unitName(_ path: String) -> String { (path as NSString).lastPathComponent }

    /// systemd's quoting: plain words as they are, others in double quotes with `\` and `"` escaped
    /// (and `%` doubled, since systemd expands specifiers).
    static func quote(_ word: String) -> String {
        let escapedPercent = word.replacingOccurrences(of: "%", with: "%%")
        let plain = word.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-:=,+@".unicodeScalars.contains($0) }
        guard !plain || word.isEmpty else { return escapedPercent }
        return "\"" + escapedPercent.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
