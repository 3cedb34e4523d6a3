// swift-tools-version: 6.0
import PackageDescription

/// Settings every Swift target shares.
let swiftSettings: [SwiftSetting] = []

let package = Package(
    name: "circles",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "circles", targets: ["circles"]),
        .executable(name: "circles-keygen", targets: ["circles-keygen"]),
        .executable(name: "circles-rhai", targets: ["circles-rhai"]),
        .library(name: "Rhai", targets: ["Rhai"]),
        .library(name: "CirclesCore", targets: ["CirclesCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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

        .target(
            name: "CirclesCore",
            dependencies: [
                "CSecp256k1", "CHiredis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(
            name: "circles",
            dependencies: ["CirclesCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "circles-keygen",
            dependencies: ["CirclesCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "circles-rhai",
            dependencies: ["Rhai", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),

        .testTarget(name: "RhaiTests", dependencies: ["Rhai"], swiftSettings: swiftSettings),
        .testTarget(name: "CirclesCoreTests", dependencies: ["CirclesCore"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v5]
)
