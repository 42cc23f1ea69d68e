// swift-tools-version: 6.1
// Sharegraph: who holds a person's data, why, until when, and who must hear of an erasure.
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Sharegraph",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SharegraphCore", targets: ["SharegraphCore"]),
        .library(name: "SharegraphYAML", targets: ["SharegraphYAML"]),
        .library(name: "SharegraphReport", targets: ["SharegraphReport"]),
        .library(name: "SharegraphRender", targets: ["SharegraphRender"]),
        .library(name: "SharegraphLedger", targets: ["SharegraphLedger"]),
        .library(name: "SharegraphCache", targets: ["SharegraphCache"]),
        .library(name: "SharegraphSupport", targets: ["SharegraphSupport"]),
        .library(name: "SharegraphServer", targets: ["SharegraphServer"]),
        .library(name: "SharegraphRecords", targets: ["SharegraphRecords"]),
        .library(name: "SharegraphChange", targets: ["SharegraphChange"]),
        .executable(name: "sharegraph", targets: ["sharegraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The tests check the YAML composer against Yams' own reading of the same text.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The server's connection guard is a NIO channel handler; both come with Hummingbird.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // `swift package generate-documentation`: the DocC catalogs under Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "SharegraphCore", exclude: ["Index/README.md"], swiftSettings: strictness),
        .target(
            name: "SharegraphYAML",
            dependencies: ["SharegraphCore", "SharegraphSupport", "CLibYAML"],
            swiftSettings: strictness
        ),
        // libyaml from the system, for the composer; Yams (below) only checks it in the tests.
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // glibc's malloc tuning (arena cap, trim), which the Glibc module leaves out.
        .systemLibrary(name: "CSystemMalloc"),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        .target(name: "SharegraphRender", dependencies: ["SharegraphCore", "CGraphviz"], swiftSettings: strictness),
        .target(
            name: "SharegraphReport", dependencies: ["SharegraphCore", "SharegraphRender", "SharegraphSupport"],
            swiftSettings: strictness),
        .target(name: "SharegraphSupport", dependencies: ["CSystemMalloc"], swiftSettings: strictness),
        .target(
            name: "SharegraphCache",
            dependencies: [
                "SharegraphCore", "SharegraphYAML", "SharegraphSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "SharegraphLedger",
            dependencies: [
                "SharegraphCore", "SharegraphSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "SharegraphRecords",
            dependencies: [
                "SharegraphCore", "SharegraphRender",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "SharegraphChange",
            dependencies: [
                "SharegraphCore", "SharegraphRecords", "SharegraphRender", "SharegraphReport", "SharegraphLedger",
                "SharegraphSupport",
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "SharegraphServer",
            dependencies: [
                "SharegraphCore", "SharegraphYAML", "SharegraphReport", "SharegraphRender", "SharegraphLedger",
                "SharegraphSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "sharegraph",
            dependencies: [
                "SharegraphServer", "SharegraphRecords", "SharegraphChange",
                .product(name: "Hummingbird", package: "hummingbird"),
                "SharegraphCore", "SharegraphYAML", "SharegraphReport", "SharegraphRender", "SharegraphLedger",
                "SharegraphSupport",
                "SharegraphCache",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "sharegraph-trace-bench", dependencies: ["SharegraphCore", "SharegraphYAML"],
            path: "Benchmarks/Sources/sharegraph-trace-bench",
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "sharegraph-render-bench", dependencies: ["SharegraphCore", "SharegraphYAML", "SharegraphRender"],
            path: "Benchmarks/Sources/sharegraph-render-bench", swiftSettings: strictness
        ),
        // Helpers every test target shares (golden files); not part of any product.
        .target(
            name: "SharegraphTestSupport", dependencies: ["SharegraphCore", "SharegraphYAML"],
            path: "Tests/SharegraphTestSupport",
            swiftSettings: strictness
        ),
        // The model's rules (lint, trace, plan); graphs are written in YAML, so the tests read them with the loader.
        .testTarget(
            name: "SharegraphCoreTests", dependencies: ["SharegraphCore", "SharegraphYAML", "SharegraphTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(name: "SharegraphSupportTests", dependencies: ["SharegraphSupport"], swiftSettings: strictness),
        .testTarget(
            name: "SharegraphYAMLTests",
            dependencies: [
                "SharegraphTestSupport", "SharegraphYAML", "SharegraphCore", "SharegraphReport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphReportTests",
            dependencies: [
                "SharegraphTestSupport", "SharegraphReport", "SharegraphRender", "SharegraphYAML", "SharegraphCore",
            ],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphRenderTests",
            dependencies: ["SharegraphTestSupport", "SharegraphRender", "SharegraphYAML", "SharegraphCore"],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphCacheTests",
            dependencies: ["SharegraphCache", "SharegraphYAML", "SharegraphCore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphLedgerTests",
            dependencies: [
                "SharegraphTestSupport", "SharegraphLedger", "SharegraphSupport", "SharegraphYAML", "SharegraphCore",
                .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphRecordsTests",
            dependencies: ["SharegraphRecords", "SharegraphTestSupport", "SharegraphCore", "SharegraphYAML"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphChangeTests",
            dependencies: [
                "SharegraphChange", "SharegraphTestSupport", "SharegraphCore", "SharegraphYAML", "SharegraphLedger",
                "SharegraphRecords", "SharegraphRender",
            ],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphServerTests",
            dependencies: [
                "SharegraphServer", "SharegraphTestSupport", "SharegraphLedger", "SharegraphCore", "SharegraphYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphScenarioTests",
            dependencies: ["SharegraphCore", "SharegraphYAML", "SharegraphReport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SharegraphCLITests",
            dependencies: [
                "sharegraph", "SharegraphTestSupport", "SharegraphCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
