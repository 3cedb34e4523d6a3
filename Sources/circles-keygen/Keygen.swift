import ArgumentParser
import CirclesCore
import CirclesVersion

@main
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-keygen",
        abstract: "Generate secp256k1 keypairs; derive, normalise, sign and verify (Ethereum personal_sign).",
        discussion: """
            Examples:
              circles-keygen                          one keypair as NDJSON (private key in hex)
              circles-keygen -n 3 --out launch_data/keys | circles-spawn -
              circles-keygen -n 100000 --format plain > pubkeys.txt
              circles-keygen pub launch_data/keys/02ab….key
              circles-keygen normalize 0x04AB…        canonical compressed form of a key
              circles-keygen sign --key my.key "nonce_1700000000_…"
              circles-keygen verify --pubkey 02ab… --signature 1b2c… "nonce_…"

            \(ExitStatus.helpText)
            """,
        version: CirclesVersion.current,
        subcommands: [Generate.self, Pub.self, Normalize.self, Sign.self, Verify.self],
        defaultSubcommand: Generate.self)
}

/// Output formats of key listings.
enum KeyFormat: String, ExpressibleByArgument, CaseIterable {
    case ndjson, plain
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate keypairs (the default command).",
        discussion: """
            Prints one NDJSON line per key, {"public_key","private_key"}; with --out it writes
            DIR/<public_key>.key (mode 0600, folder 0700) and prints {"public_key","private_key_file"}.
            Output streams: -n 1000000 never holds more than one key in memory.
            """)

    @Option(name: [.customShort("n"), .customLong("count")], help: "How many keypairs to generate.")
    var count = 1

    @Option(help: ArgumentHelp("Write private keys to key files in this folder instead of printing them.", valueName: "dir"))
    var out: String?

    @Flag(help: "Also print the 130-hex uncompressed public key (\"public_key_uncompressed\").")
    var uncompressed = false

    @Option(help: "ndjson (default) or plain (one public key per line).")
    var format: KeyFormat = .ndjson

    func validate() throws {
        guard count >= 1 else { throw ValidationError("-n must be at least 1, got \(count).") }
    }

    func run() throws {
        try reportingFailures {
            let store = out.map { KeyStore(directory: $0) }
            let output = StandardStreams.output
            for _ in 0..<count {
                let key = PrivateKey.generate()
                let publicKey = key.publicKey
                let file = try store?.save(key)
                if format == .plain {
                    output.line(publicKey.hex)
                    continue
                }
                var line = "{\"public_key\":\"\(publicKey.hex)\""
                if uncompressed { line += ",\"public_key_uncompressed\":\"\(publicKey.uncompressedHex)\"" }
                if let file {
                    line += ",\"private_key_file\":\(JSONText.quote(file))}"
                } else {
                    line += ",\"private_key\":\"\(key.hex)\"}"
                }
                output.line(line)
            }
        }
    }
}

struct Pub: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive the public key of a private key.",
        discussion: "The private key is 64 hex chars, a key file, or - to read it from stdin (the default, so it stays out of the process list).")

    @Argument(help: ArgumentHelp("64 hex chars, a key file, or - for stdin.", valueName: "private-key"))
    var privateKey = "-"

    @Flag(help: "Print the 130-hex uncompressed form instead.")
    var uncompressed = false

    func run() throws {
        try reportingFailures {
            let publicKey = try PrivateKeyArgument.resolve(privateKey).publicKey
            StandardStreams.output.line(uncompressed ? publicKey.uncompressedHex : publicKey.hex)
        }
    }
}

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check public keys and print their canonical form (66 lowercase hex, compressed).",
        discussion: "Accepts compressed (66 hex) or uncompressed (130 hex, 04…) keys, any case, with or without 0x. Exit 64 at the first invalid key.")

    @Argument(help: ArgumentHelp("Public keys, or - to read one per line from stdin.", valueName: "public-key"))
    var keys: [String] = ["-"]

    func run() throws {
        try reportingFailures {
            let inputs = keys == ["-"]
                ? InputReader.standardInput().split(whereSeparator: \.isNewline).map(String.init)
                : keys
            for input in inputs {
                StandardStreams.output.line(try PublicKey(parsing: input).hex)
            }
        }
    }
}

struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a message with Ethereum personal_sign; prints the 130-hex signature r‖s‖v.",
        discussion: "MESSAGE - reads the message from stdin (one trailing line break removed).")

    @Option(help: ArgumentHelp("The private key: a key file, 64 hex chars, or - for stdin.", valueName: "file|hex"))
    var key: String

    @Argument(help: ArgumentHelp("The message text, or - for stdin.", valueName: "message"))
    var message: String

    func validate() throws {
        guard !(key == "-" && message == "-") else { throw ValidationError("--key - and MESSAGE - cannot both read stdin; put the key in a file.") }
    }

    func run() throws {
        try reportingFailures {
            let privateKey = try PrivateKeyArgument.resolve(key)
            StandardStreams.output.line(PersonalSign.sign(InputReader.argumentOrStandardInput(message), with: privateKey))
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify an Ethereum personal_sign signature: exit 0 when it matches the key, 1 when not.",
        discussion: "Malformed keys or signatures exit 64. MESSAGE - reads the message from stdin.")

    @Option(help: ArgumentHelp("The signer's public key (compressed or uncompressed hex).", valueName: "pk"))
    var pubkey: String

    @Option(help: ArgumentHelp("130 hex chars r‖s‖v (optional 0x; v in 0, 1, 27, 28).", valueName: "sig"))
    var signature: String

    @Argument(help: ArgumentHelp("The message text, or - for stdin.", valueName: "message"))
    var message: String

    func run() throws {
        try reportingFailures {
            let claimed = try PublicKey(parsing: pubkey)
            let signer = try PersonalSign.recover(InputReader.argumentOrStandardInput(message), signature: signature)
            guard signer == claimed else {
                StandardStreams.error.line("circles-keygen: the signature does not match \(claimed.hex); it was made by \(signer.hex)")
                throw ExitCode.failure
            }
        }
    }
}
