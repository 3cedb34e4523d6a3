// swift-tools-version: 6.0
// The WebSocket benchmark client is its own package: its WebSocket client pulls in TLS
// (BoringSSL), which the product does not need and `swift build` of the main package should not build.
import PackageDescription

let package = Package(
    name: "circles-ws-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "circles", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .executableTarget(
            name: "circles-ws-bench",
            dependencies: [
                .product(name: "CirclesCore", package: "circles"),
                .product(name: "CirclesServer", package: "circles"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources"),
    ],
    swiftLanguageModes: [.v5]
)
