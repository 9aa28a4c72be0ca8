// swift-tools-version: 6.1
import PackageDescription

// Upcoming features from the first commit (see STYLE.md): dependencies are explicit, `any` is
// visible where it costs, and nothing is re-exported by accident.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "diarium",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "diarium", targets: ["diarium"]),
        .library(name: "DiariumKit", targets: ["DiariumKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // NIOCore for the web's peer address (login throttling per address); Hummingbird's own.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // bcrypt for the web's passwords (HummingbirdBcrypt: the C bcrypt and a Swift wrapper).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // The index on a PostgreSQL server (issue 16), through its NIO client.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // TLS to a database on another machine (postgres-nio's own).
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // DiariumText for HTML text: `HTMLText.extract` delegates to its streaming extractor.
        .target(name: "DiariumXML", dependencies: ["CLibXML2", "DiariumText"], swiftSettings: strict),
        // Text as Diarium reads it: input normalisation, decoding, HTML text, and the one
        // matcher that finds a secret value however it is written. Pure Swift, no I/O.
        .target(name: "DiariumText", swiftSettings: strict),
        .target(name: "DiariumModel", dependencies: ["DiariumText"], swiftSettings: strict),
        .target(
            name: "DiariumRules", dependencies: ["DiariumText", "DiariumModel"],
            resources: [.copy("Data")], swiftSettings: strict),
        .target(
            name: "DiariumRender",
            dependencies: ["DiariumText", "DiariumModel", "DiariumRules", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict),
        // The store as the Kit sees it: the protocols per aggregate, the rows and reports they
        // speak, the archive objects and the audit chain's anchor, which every backend shares.
        .target(
            name: "DiariumStore",
            dependencies: ["DiariumModel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // The embedded backend: the index in SQLite through GRDB.
        .target(
            name: "DiariumSQLite",
            dependencies: ["DiariumModel", "DiariumStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // The shared backend: the index on PostgreSQL (postgres-nio), the objects on a folder every
        // server mounts; several processes on several machines at once.
        .target(
            name: "DiariumPostgres",
            dependencies: ["DiariumModel", "DiariumStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: strict),
        .target(
            name: "DiariumKit",
            dependencies: ["DiariumXML", "DiariumText", "DiariumModel", "DiariumRules", "DiariumRender", "DiariumStore", "DiariumSQLite", "DiariumPostgres",
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")],
            resources: [.copy("Defaults")], swiftSettings: strict),
        // The benchmark and the demonstration use the Kit as its callers do, and ship apart from
        // the library the web links.
        .target(
            name: "DiariumBench", dependencies: ["DiariumKit", "DiariumModel", "DiariumStore", "DiariumSQLite", "DiariumPostgres", "DiariumRender"],
            swiftSettings: strict),
        // `diarium serve`: the webbdiarium and the staff pages, thin over the Kit (no rule,
        // masking or store access here).
        .target(
            name: "DiariumWeb",
            dependencies: ["DiariumKit", "DiariumModel", "DiariumRender", "DiariumStore", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict),
        .target(
            name: "DiariumDemo", dependencies: ["DiariumKit", "DiariumModel", "DiariumStore"],
            resources: [.copy("Demo")], swiftSettings: strict),
        // The CLI calls the Kit's use cases and names the value types they speak from the modules
        // that declare them; it cannot reach a backend (DiariumSQLite is not its dependency).
        .executableTarget(
            name: "diarium",
            dependencies: ["DiariumKit", "DiariumModel", "DiariumRules", "DiariumRender", "DiariumStore", "DiariumBench", "DiariumDemo", "DiariumWeb",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        .testTarget(name: "DiariumXMLTests", dependencies: ["DiariumXML"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "DiariumTextTests", dependencies: ["DiariumText"], swiftSettings: strict),
        .testTarget(name: "DiariumModelTests", dependencies: ["DiariumModel"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "DiariumRulesTests", dependencies: ["DiariumRules", "DiariumModel"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "DiariumRenderTests", dependencies: ["DiariumRender", "DiariumRules", "DiariumModel", "DiariumXML", "DiariumText"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "DiariumStoreTests",
            dependencies: [
                "DiariumStore", "DiariumSQLite", "DiariumPostgres", "DiariumModel", .product(name: "GRDB", package: "GRDB.swift"),
                // To forge what an attacker would: a log signed with a key of their own.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DiariumKitTests",
            dependencies: ["DiariumKit", "DiariumDemo", "DiariumText", "DiariumModel", "DiariumStore", "DiariumSQLite", "DiariumPostgres", "DiariumXML",
                           .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "DiariumWebTests",
            dependencies: ["DiariumWeb", "DiariumKit", "DiariumModel", "DiariumStore", "DiariumRender",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: strict),
        // The real executable in child processes: `diarium` here so that it is built before these
        // run. The fixtures are the Kit tests' (found by #filePath); Sandbox.swift, Examples.swift
        // and the two *Planting.swift are links to the Kit tests' files, one copy for both targets.
        .testTarget(
            name: "DiariumCLITests",
            dependencies: ["diarium", "DiariumKit", "DiariumModel", "DiariumStore", "DiariumPostgres", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
