import CirclesCore
import Foundation

/// The JSON config mode: `circles-spawn circles.json` with `[{"name","port","script_path"}]`.
/// `port` and `script_path` are optional; a relative `script_path` starts at the file's folder.
public struct CircleConfigFile: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var port: Int?
        public var scriptPath: String?

        public init(name: String, port: Int? = nil, scriptPath: String? = nil) {
            self.name = name
            self.port = port
            self.scriptPath = scriptPath
        }
    }

    public var entries: [Entry]

    /// Reads and checks the file; every problem names the entry and the field.
    public static func load(path: String) throws -> CircleConfigFile {
        guard let text = FileSystem.readText(path) else {
            throw LaunchError.configFile(path: path, problem: "cannot be read (\(FileSystem.lastErrorText())); check the path")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path, baseFolder: folder.isEmpty ? "." : folder)
    }

    /// Parses the text of a config file; `path` is only used in messages.
    public static func parse(_ text: String, path: String, baseFolder: String) throws -> CircleConfigFile {
        func problem(_ text: String) -> LaunchError { .configFile(path: path, problem: text) }
        guard let json = try? JSONValue(parsing: text) else {
            throw problem("is not valid JSON; it must be an array like [{\"name\": \"alpha\", \"port\": 8080, \"script_path\": \"alpha.rhai\"}]")
        }
        guard case let .array(array) = json else {
            throw problem("must hold a JSON array of circles, like [{\"name\": \"alpha\"}]")
        }
        let entries = try array.enumerated().map { index, item in
            let at = "entry \(index + 1)"
            guard let object = item.object else { throw problem("\(at) is not an object; write {\"name\": …}") }
            let known: Set = ["name", "port", "script_path"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw problem("\(at) has an unknown field \"\(unknown)\"; the fields are name, port and script_path")
            }
            guard let name = object["name"]?.string else {
                throw problem("\(at) needs a \"name\" string, like {\"name\": \"alpha\"}")
            }
            if let trouble = CircleName.problem(with: name) { throw problem("\(at): \(trouble)") }
            var port: Int?
            if let value = object["port"], value != .null {
                guard case let .integer(number) = value, (1...65535).contains(number) else {
                    throw problem("\(at) (\(name)) has an invalid \"port\"; use a number from 1 to 65535")
                }
                port = Int(number)
            }
            var script: String?
            if let value = object["script_path"], value != .null {
                guard let relative = value.string, !relative.isEmpty else {
                    throw problem("\(at) (\(name)) has an invalid \"script_path\"; use a path string")
                }
                script = relative.hasPrefix("/") ? relative : baseFolder + "/" + relative
            }
            return Entry(name: name, port: port, scriptPath: script)
        }
        if entries.isEmpty { throw problem("lists no circles; add at least one {\"name\": …}") }
        var firstEntryNamed: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if let first = firstEntryNamed[entry.name] {
                throw problem("entry \(index + 1) repeats the name \"\(entry.name)\" of entry \(first); give each circle its own name")
            }
            firstEntryNamed[entry.name] = index + 1
        }
        return CircleConfigFile(entries: entries)
    }

    /// The circles, each with its kept key (`keys/names.json` maps names to public
    /// keys) or a new key generated and saved now, so a circle keeps its identity across starts.
    public func resolve(in launchData: LaunchData) throws -> [CircleRequest] {
        let keys = launchData.keyStore
        let names = NameRegistry(path: launchData.namesFile, folder: keys.directory)
        var known = try names.load()
        var requests: [CircleRequest] = []
        for entry in entries {
            let key: PublicKey
            if let recorded = known[entry.name], let existing = try keys.load(recorded) {
                key = existing.publicKey
            } else {
                let fresh = PrivateKey.generate()
                try keys.save(fresh)
                key = fresh.publicKey
                known[entry.name] = key
            }
            requests.append(CircleRequest(name: entry.name, publicKey: key, port: entry.port, scriptPath: entry.scriptPath))
        }
        try names.save(known)
        return requests
    }
}

/// `keys/names.json`: which public key a named circle of a config file has.
struct NameRegistry {
    let path: String
    /// The folder of `path`, made (mode 0700) when missing.
    let folder: String

    func load() throws -> [String: PublicKey] {
        guard FileSystem.exists(path) else { return [:] }
        guard let text = FileSystem.readText(path),
              let map = try? JSONDecoder().decode([String: PublicKey].self, from: Data(text.utf8)) else {
            throw FileError(path: path, problem: "is not a valid name → public key map; fix it or remove it (circles then get new keys)")
        }
        return map
    }

    func save(_ map: [String: PublicKey]) throws {
        try FileSystem.makeDirectory(folder, mode: 0o700)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileSystem.writeAtomically(Array(try encoder.encode(map)) + [0x0a], to: path, mode: 0o600)
    }
}
