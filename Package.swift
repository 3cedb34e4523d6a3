// swift-tools-version: 6.0
import PackageDescription

/// Settings every Swift target shares.
let swiftSettings: [SwiftSetting] = []

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

/// SwiftNIO's modules for WebSocket over TCP, which the server uses. (The benchmarks are a package of
/// their own, Benchmarks/Package.swift, so that a build of the products never compiles them.)
let nioWebSocket: [Target.Dependency] = ["NIOCore", "NIOPosix", "NIOHTTP1", "NIOWebSocket", "NIOConcurrencyHelpers"].map {
    .product(name: $0, package: "swift-nio")
}

/// A thin executable over the shared libraries.
func command(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .executableTarget(name: name, dependencies: ["CirclesCore", "CirclesVersion", argumentParser, logging] + dependencies, swiftSettings: swiftSettings)
}

let package = Package(
    name: "circles",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "circles", targets: ["circles"]),
        .executable(name: "circles-keygen", targets: ["circles-keygen"]),
        .executable(name: "circles-rhai", targets: ["circles-rhai"]),
        .executable(name: "circles-worker", targets: ["circles-worker"]),
        .executable(name: "circles-dispatch", targets: ["circles-dispatch"]),
        .executable(name: "circles-ws", targets: ["circles-ws"]),
        .executable(name: "circles-spawn", targets: ["circles-spawn"]),
        .executable(name: "circles-status", targets: ["circles-status"]),
        .executable(name: "circles-queue", targets: ["circles-queue"]),
        .executable(name: "circles-logs", targets: ["circles-logs"]),
        .executable(name: "circles-stop", targets: ["circles-stop"]),
        .executable(name: "circles-start", targets: ["circles-start"]),
        .executable(name: "circles-restart", targets: ["circles-restart"]),
        .executable(name: "circles-cleanup", targets: ["circles-cleanup"]),
        .library(name: "Rhai", targets: ["Rhai"]),
        .library(name: "CirclesCore", targets: ["CirclesCore"]),
        .library(name: "CirclesServer", targets: ["CirclesServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // Named directly because CirclesServer imports their modules (Hummingbird brings them anyway).
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]),
        .systemLibrary(
            name: "CHiredis", pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),

        // The Rhai language. Depends on nothing else in this package.
        .target(
            name: "Rhai",
            swiftSettings: swiftSettings + [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]),

        // Before main: SIGHUP, SIGINT and SIGTERM recorded instead of killing a long-running program
        // whose own handling is not in place yet. Linked only by circles-ws and circles-worker.
        .target(name: "CStartupSignals"),

        // The one version of every program (`--version`).
        .target(name: "CirclesVersion", swiftSettings: swiftSettings),

        .target(
            name: "CirclesCore",
            dependencies: ["CSecp256k1", "CHiredis", argumentParser, logging],
            swiftSettings: swiftSettings),

        // The worker loop and the script API (database functions, constants).
        .target(
            name: "CirclesWorkerKit",
            dependencies: ["CirclesCore", "CirclesVersion", "Rhai", logging, .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),

        // The WebSocket JSON-RPC server, as a library so tests can run it in-process.
        .target(
            name: "CirclesServer",
            dependencies: [
                "CirclesCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                logging,
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + nioWebSocket,
            swiftSettings: swiftSettings),

        // Launching, supervising and stopping circles (direct processes, systemd, launchd).
        .target(
            name: "CirclesLauncher",
            dependencies: ["CirclesCore", "Rhai", logging, .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings),

        command("circles"),
        command("circles-keygen"),
        .executableTarget(name: "circles-rhai", dependencies: ["Rhai", "CirclesVersion", argumentParser], swiftSettings: swiftSettings),
        command("circles-worker", ["CirclesWorkerKit", "CStartupSignals"]),
        command("circles-dispatch"),
        command("circles-ws", ["CirclesServer", "CStartupSignals"]),
        command("circles-spawn", ["CirclesLauncher"]),
        command("circles-status", ["CirclesLauncher"]),
        command("circles-queue", ["CirclesLauncher"]),
        command("circles-logs", ["CirclesLauncher"]),
        command("circles-stop", ["CirclesLauncher"]),
        command("circles-start", ["CirclesLauncher"]),
        command("circles-restart", ["CirclesLauncher"]),
        command("circles-cleanup", ["CirclesLauncher"]),

        // Shared by the test targets: a private redis-server, in-process workers, running built executables.
        .target(name: "TestSupport", dependencies: ["CirclesCore", "CirclesLauncher", "CirclesWorkerKit"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "RhaiTests", dependencies: ["Rhai"], swiftSettings: swiftSettings),
        .testTarget(name: "CirclesCoreTests", dependencies: ["CirclesCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CirclesWorkerKitTests", dependencies: ["CirclesWorkerKit", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CirclesServerTests", dependencies: ["CirclesServer", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CirclesLauncherTests", dependencies: ["CirclesLauncher", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["CirclesCore", "CirclesLauncher", "TestSupport"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v5]
)
