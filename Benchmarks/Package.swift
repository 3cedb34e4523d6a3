// swift-tools-version: 6.0
import PackageDescription

// The benchmarks' executables, a package of their own so that building the products (the package
// one folder up) never compiles them. Each is run through its run.sh, which builds it from here:
//   swift build -c release --package-path Benchmarks --product dispatch-bench
let package = Package(
    name: "circles-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "circles", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // Benchmarks/dispatch: task round trips and worker throughput next to plain Redis (run via dispatch/run.sh).
        .executableTarget(
            name: "dispatch-bench", dependencies: [.product(name: "CirclesCore", package: "circles")], path: "dispatch/Sources"),
        // Benchmarks/ws: `play` through circles-ws next to the Dispatcher alone (run via ws/run.sh).
        .executableTarget(
            name: "ws-bench",
            dependencies: [.product(name: "CirclesCore", package: "circles")]
                + ["NIOCore", "NIOPosix", "NIOHTTP1", "NIOWebSocket", "NIOConcurrencyHelpers"].map { .product(name: $0, package: "swift-nio") },
            path: "ws/Sources"),
    ],
    swiftLanguageModes: [.v5]
)
