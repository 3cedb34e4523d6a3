import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When to colour output.
public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// Options every circles program shares (docs/DESIGN.md): flags beat environment, environment beats defaults.
public struct SharedOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("launch-data"), help: ArgumentHelp("The launch_data folder (env CIRCLES_LAUNCH_DATA).", valueName: "dir"))
    public var launchDataFlag: String?

    @Option(name: .customLong("redis-url"), help: ArgumentHelp(
        "Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default \(RedisURL.defaultText)).",
        valueName: "url"))
    public var redisURLFlag: String?

    @Flag(help: "Machine-readable output: JSON / NDJSON on stdout.")
    public var json = false

    @Flag(name: .short, help: "More log output on stderr (-v, -vv, -vvv).")
    public var verbose: Int

    @Flag(name: .short, help: "Debug output (same as -vvv).")
    public var debug = false

    @Option(help: "Colour: auto (only on a terminal, honours NO_COLOR), always or never.")
    public var color: ColorChoice = .auto

    public init() {}

    /// The launch_data folder.
    public var launchData: String {
        launchDataFlag ?? Environment.value("CIRCLES_LAUNCH_DATA") ?? LaunchData.defaultDirectory
    }

    /// The Redis URL text, and whether the user chose it (flag or environment) rather than the default.
    public var redisURL: (text: String, explicit: Bool) {
        if let flag = redisURLFlag { return (flag, true) }
        if let env = Environment.value("CIRCLES_REDIS_URL") { return (env, true) }
        return (RedisURL.defaultText, false)
    }

    /// How many -v were given (-d counts as three).
    public var verbosity: Int { debug ? 3 : verbose }

    /// Whether stderr should be coloured.
    public var colorsStderr: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return Environment.value("NO_COLOR") == nil && StandardStreams.error.isTerminal
        }
    }
}

/// Environment variables, with empty values treated as unset.
public enum Environment {
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }
}
