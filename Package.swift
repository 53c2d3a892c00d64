// swift-tools-version: 6.1
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "RailFleet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "railfleet", targets: ["railfleet"]),
        .executable(name: "railfleet-bench", targets: ["RailfleetBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The hub's HTTP server; its default traits (swift-configuration) are not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // TLS on both ends of sync: the hub's listener and the client's trust in a fleet's own CA.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "Domain",
            swiftSettings: upcomingFeatures
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "Domain", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Predictive maintenance: features, models and their evaluation; pure, no I/O.
        .target(
            name: "Predict",
            dependencies: ["Domain"],
            swiftSettings: upcomingFeatures
        ),
        // The registry's models trained from a replica's log, kept in it and loaded back.
        .target(
            name: "PredictStore",
            dependencies: ["Domain", "Storage", "Predict"],
            swiftSettings: upcomingFeatures
        ),
        // Fleet analytics: KPIs, trends, comparisons and drill-down over the log's facts; pure.
        .target(
            name: "Analytics",
            dependencies: ["Domain", "Predict"],
            swiftSettings: upcomingFeatures
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Tables out: CSV (RFC 4180), JSON rows, and Excel workbooks through libxlsxwriter.
        .target(
            name: "Export",
            dependencies: ["Domain", "Analytics", "Predict", "CXlsxWriter"],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "DemoFleet",
            dependencies: ["Domain", "Storage"],
            swiftSettings: upcomingFeatures
        ),
        // PostgreSQL's own client library: synchronous like SQLite, so a hub's shared log is
        // written inside the same transaction that validates a push.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Hub",
            dependencies: [
                "Domain", "Storage", "Analytics", "Export", "Predict", "PredictStore", "CLibPQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "SyncClient",
            dependencies: [
                "Domain", "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "TUI",
            dependencies: [
                "Domain", "Storage", "SyncClient", "Predict", "PredictStore", "Analytics", "Export", "CNcursesw",
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "railfleet",
            dependencies: [
                "Domain", "Storage", "TUI", "DemoFleet", "Hub", "SyncClient", "Predict", "PredictStore", "Analytics",
                "Export",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "RailfleetBench",
            dependencies: [
                "Domain", "Storage", "DemoFleet", "TUI", "Hub", "SyncClient", "Predict", "Analytics", "Export",
                "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/RailfleetBench",
            swiftSettings: upcomingFeatures
        ),
        // Fixtures, seeded generators and law checkers every test target shares.
        .target(
            name: "TestSupport", dependencies: ["Domain", "Storage"], path: "Tests/TestSupport",
            swiftSettings: upcomingFeatures),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"], swiftSettings: upcomingFeatures),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Domain", "Storage", "DemoFleet", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "TUITests", dependencies: ["Domain", "Storage", "TUI", "Analytics", "DemoFleet", "TestSupport"],
            swiftSettings: upcomingFeatures),
        .testTarget(
            name: "CLITests", dependencies: ["Domain", "Storage", "TestSupport"], swiftSettings: upcomingFeatures),
        // Data/ holds the AI4I 2020 data set (CC BY 4.0, see its README), read by path.
        .testTarget(
            name: "PredictTests",
            dependencies: [
                "Predict", "PredictStore", "Domain", "Storage", "DemoFleet",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Data"],
            swiftSettings: upcomingFeatures),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "Export", "Domain", "Storage", "DemoFleet", "TestSupport"],
            swiftSettings: upcomingFeatures),
        .testTarget(
            name: "HubReplicaTests",
            dependencies: ["Domain", "Storage", "Hub", "PredictStore", "DemoFleet", "TestSupport"],
            swiftSettings: upcomingFeatures),
    ]
)
