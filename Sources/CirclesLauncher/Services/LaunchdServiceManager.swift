import CirclesCore
import Foundation

/// launchd jobs: LaunchAgents of the user (`launchctl bootstrap gui/<uid>`) when not root,
/// LaunchDaemons (`system` domain) as root. `CIRCLES_SERVICE_DIR` overrides the folder.
/// launchd has no environment files, so the secret environment is written into the plist, which
/// gets mode 0600.
public struct LaunchdServiceManager: ServiceManager {
    public var mode: LaunchState.Mode { .launchd }
    public let plistDirectory: String
    /// `gui/<uid>` or `system`.
    public let domain: String

    public init(plistDirectory: String? = nil) {
        let root = ServiceManagers.isRoot
        self.plistDirectory = plistDirectory ?? Environment.value("CIRCLES_SERVICE_DIR")
            ?? (root ? "/Library/LaunchDaemons" : ServiceManagers.home + "/Library/LaunchAgents")
        self.domain = root ? "system" : "gui/\(getuid())"
    }

    public func filePath(for service: ServiceDefinition) -> String {
        "\(plistDirectory)/\(service.label).plist"
    }

    public func fileContents(for service: ServiceDefinition) -> String {
        func string(_ text: String) -> String { "<string>\(Self.escape(text))</string>" }
        let environment = service.environment.merging(Self.readEnvironmentFile(service.environmentFile)) { _, secret in secret }
        let variables = environment.sorted { $0.key < $1.key }
            .map { "\n        <key>\(Self.escape($0.key))</key>\(string($0.value))" }.joined()
        let arguments = ([service.executable] + service.arguments).map { "\n        \(string($0))" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
                <key>Label</key>\(string(service.label))
                <key>ProgramArguments</key>
                <array>\(arguments)
                </array>
                <key>WorkingDirectory</key>\(string(service.workingDirectory))
                <key>EnvironmentVariables</key>
                <dict>\(variables)
                </dict>
                <key>RunAtLoad</key><true/>
                <key>KeepAlive</key>
                <dict>
                    <key>SuccessfulExit</key><false/>
                </dict>
                <key>ExitTimeOut</key><integer>\(service.stopTimeout)</integer>
                <key>SoftResourceLimits</key>
                <dict>
                    <key>NumberOfFiles</key><integer>\(ServiceDefinition.openFileLimit)</integer>
                </dict>
                <key>HardResourceLimits</key>
                <dict>
                    <key>NumberOfFiles</key><integer>\(ServiceDefinition.openFileLimit)</integer>
                </dict>
                <key>StandardOutPath</key>\(string(service.logPath))
                <key>StandardErrorPath</key>\(string(service.logPath))
            </dict>
            </plist>

            """
    }

    public func start(files: [String]) throws {
        for file in files { try ServiceCommand.run("launchctl", ["bootstrap", domain, file]) }
    }

    /// Boots out each job; one launchd does not know (unloaded by hand, or never bootstrapped
    /// because an earlier bootstrap failed) is already where stopping leads, so its plist can go.
    public func stop(files: [String]) throws {
        for file in files {
            try ServiceCommand.run("launchctl", ["bootout", "\(domain)/\(Self.label(of: file))"], alsoSuccessful: Self.notLoaded)
        }
    }

    /// The job label of a plist path (its file name without `.plist`).
    static func label(of file: String) -> String { ((file as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// `launchctl bootout`'s exit codes for a job that is not loaded: 3 (ESRCH, "No such process")
    /// on older macOS, 113 ("Could not find specified service") on newer.
    static let notLoaded: Set<Int32> = [3, 113]

    public func forget(files: [String]) throws {}

    /// Stop boots the job out (launchd would start a killed one again), start bootstraps it (a job
    /// that is loaded already answers 5 and is left as it is), restart kills and starts it (`kickstart -k`).
    public func control(_ action: ControlChannel.Action, files: [String]) throws {
        switch action {
        case .stop: try stop(files: files)
        case .start: for file in files { try ServiceCommand.run("launchctl", ["bootstrap", domain, file], alsoSuccessful: [5]) }
        case .restart: for file in files { try ServiceCommand.run("launchctl", ["kickstart", "-k", "\(domain)/\(Self.label(of: file))"]) }
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `NAME=value` lines.
    static func readEnvironmentFile(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in (FileSystem.readText(path) ?? "").split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }
}
