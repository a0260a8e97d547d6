// swift-tools-version: 6.0
import PackageDescription

/// starsink: Kafka → star schema through ODBC, as a systemd daemon.
///
/// Layout: one thin system-library target per C library (CRdKafka, CODBC, CSystemd), each imported
/// by exactly one Swift wrapper module (Kafka, ODBC, Systemd). StarSchema and Simulator import no C.
let package = Package(
    name: "starsink",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "starsink", targets: ["starsink"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CODBC", pkgConfig: "odbc", providers: [.apt(["unixodbc-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        .target(name: "Kafka", dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ODBC", dependencies: ["CODBC", .product(name: "Logging", package: "swift-log")]),
        .target(name: "Systemd", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]),
        .target(name: "StarSchema", dependencies: []),
        .target(name: "Simulator", dependencies: ["StarSchema"]),
        // The reports as one self-contained HTML page with inline SVG charts (no script, no network).
        .target(name: "ReportPage", dependencies: ["StarSchema"]),
        .target(
            name: "Daemon",
            dependencies: [
                "Kafka", "ODBC", "Systemd", "StarSchema", "Simulator", "ReportPage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "starsink",
            dependencies: [
                "Daemon", "Kafka", "StarSchema", "Simulator", "ReportPage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Helpers shared by the test targets: a throwaway PostgreSQL server, free ports, polling.
        .target(name: "TestSupport", dependencies: ["ODBC", "StarSchema", "Simulator", .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),

        .testTarget(name: "StarSchemaTests", dependencies: ["StarSchema"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "StarSchema"]),
        .testTarget(name: "ReportPageTests", dependencies: ["ReportPage", "StarSchema"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ODBCTests", dependencies: ["ODBC", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Kafka", "StarSchema", "ODBC", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        // A real systemd (in a throwaway container) running the installed unit; skipped where nspawn cannot run.
        .testTarget(name: "ServiceTests", dependencies: ["TestSupport", "ODBC", "Systemd", .product(name: "Logging", package: "swift-log")]),
        // Faults injected for real: kill -9, warehouse and broker outages, rebalances, poison input.
        .testTarget(name: "ChaosTests", dependencies: ["TestSupport", "ODBC", "Kafka", "StarSchema", "Simulator", .product(name: "Logging", package: "swift-log")]),
        // Slowly changing dimensions against a reference model, on SQLite and PostgreSQL.
        .testTarget(name: "SCDTests", dependencies: ["Daemon", "StarSchema", "Simulator", "TestSupport", "ODBC", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "ODBC", "StarSchema", "Simulator", .product(name: "Logging", package: "swift-log")]),
        // The snowflake dialect without an account: fakesnow runs its statements, sqlfluff parses them
        // (Python tools in Tests/Snowflake, environment from scripts/python-test-env.sh).
        .testTarget(name: "SnowflakeTests", dependencies: ["TestSupport"]),
    ]
)
