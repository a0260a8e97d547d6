// swift-tools-version: 6.0
import PackageDescription

/// starsink: Kafka → star schema through ODBC, as a systemd daemon.
///
/// Layout: one thin system-library target per C library (CRdKafka, CODBC, CSystemd), each imported
/// by exactly one Swift wrapper module (Kafka, ODBC, Systemd). StarSchema and Simulator import no C.
/// The daemon (Daemon) knows nothing of the tools built on it: Tools (demo, produce, report) and
/// Benchmark (`starsink bench`, which reads the daemon it drives through PrometheusScrape).
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
        // Metrics: the swift-metrics API, a Prometheus registry behind it, and a small HTTP server with no
        // dependencies of its own (no SwiftNIO: it would double the build) for /metrics, /health, /ready.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CODBC", pkgConfig: "odbc", providers: [.apt(["unixodbc-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // Logger.Level ↔ syslog severity, shared by the journal handler and librdkafka's log levels.
        .target(name: "SyslogSeverity", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(
            name: "Kafka",
            dependencies: ["CRdKafka", "SyslogSeverity", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ODBC", dependencies: ["CODBC", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", "SyslogSeverity", .product(name: "Logging", package: "swift-log")]),
        .target(name: "StarSchema", dependencies: []),
        .target(name: "Simulator", dependencies: ["StarSchema"]),
        // The reports as one self-contained HTML page with inline SVG charts (no script, no network).
        .target(name: "ReportPage", dependencies: ["StarSchema"]),
        .target(
            name: "Daemon",
            dependencies: [
                "Kafka", "ODBC", "Systemd", "StarSchema",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // `starsink demo`, `produce` and `report`: tools that use the daemon's pieces, not part of it.
        .target(
            name: "Tools",
            dependencies: [
                "Daemon", "Kafka", "StarSchema", "Simulator", "ReportPage",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One blocking HTTP GET and the Prometheus text format read back: how the benchmark (and the
        // tests) follow a running daemon through its /metrics.
        .target(name: "PrometheusScrape", dependencies: []),
        // `starsink bench`: the daemon as a child process, timed, measured from /proc and its /metrics.
        .target(
            name: "Benchmark",
            dependencies: [
                "Daemon", "Tools", "PrometheusScrape", "Kafka", "ODBC", "StarSchema", "Simulator",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "starsink",
            dependencies: [
                "Daemon", "Tools", "Benchmark", "Kafka", "Systemd", "StarSchema", "Simulator", "ReportPage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),

        // Helpers shared by the test targets: a throwaway PostgreSQL server, free ports, polling.
        .target(
            name: "TestSupport",
            dependencies: [
                "ODBC", "StarSchema", "Simulator", "PrometheusScrape", .product(name: "Logging", package: "swift-log"),
            ], path: "Tests/TestSupport"),

        .testTarget(name: "StarSchemaTests", dependencies: ["StarSchema"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "StarSchema"]),
        .testTarget(name: "ReportPageTests", dependencies: ["ReportPage", "StarSchema"]),
        .testTarget(
            name: "KafkaTests", dependencies: ["Kafka", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "ODBCTests", dependencies: ["ODBC", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "SystemdTests",
            dependencies: ["Systemd", "SyslogSeverity", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "StarSchema", "ODBC", "Systemd", "Kafka", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                "PrometheusScrape",
            ]),
        .testTarget(
            name: "BenchmarkTests",
            dependencies: [
                "Benchmark", "PrometheusScrape", "Daemon", "Kafka", "Systemd", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // A real systemd (in a throwaway container) running the installed unit; skipped where nspawn cannot run.
        .testTarget(
            name: "ServiceTests",
            dependencies: ["TestSupport", "ODBC", "Systemd", .product(name: "Logging", package: "swift-log")]),
        // Faults injected for real: kill -9, warehouse and broker outages, rebalances, poison input.
        .testTarget(
            name: "ChaosTests",
            dependencies: [
                "TestSupport", "PrometheusScrape", "ODBC", "Kafka", "StarSchema", "Simulator",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Slowly changing dimensions against a reference model, on SQLite and PostgreSQL.
        .testTarget(
            name: "SCDTests",
            dependencies: [
                "Daemon", "Tools", "StarSchema", "Simulator", "TestSupport", "ODBC",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TestSupport", "PrometheusScrape", "ODBC", "StarSchema", "Simulator",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The snowflake dialect without an account: fakesnow runs its statements, sqlfluff parses them
        // (Python tools in Tests/Snowflake, environment from scripts/python-test-env.sh).
        .testTarget(name: "SnowflakeTests", dependencies: ["TestSupport"]),
    ]
)
