import Foundation
import Logging
import ODBC
import Simulator
import StarSchema

/// What a load must produce, computed from the simulator's own events, independently of starsink.
package struct ExpectedLoad {
    package var validOrders: [String: OrderEvent] = [:]
    package var invalidMessages = 0
    package var conflicts = 0
    package var messages = 0

    package init(_ configuration: SimulatorConfiguration) {
        var simulator = OrderSimulator(configuration: configuration)
        for _ in 0..<configuration.count {
            let message = simulator.next()
            messages += 1
            guard let event = message.event else {
                invalidMessages += 1
                continue
            }
            if let earlier = validOrders[event.orderID] {
                if earlier != event { conflicts += 1 }
            } else {
                validOrders[event.orderID] = event
            }
        }
    }

    /// Σ price × quantity in cents, with integer arithmetic.
    package var totalCents: Int64 { validOrders.values.reduce(0) { $0 + $1.price.cents * $1.quantity } }
    package var rejected: Int { invalidMessages + conflicts }
}

/// A dev-kafka child process and a warehouse, with the files a `starsink run` needs.
package final class PipelineFixture {
    package let kafka: ChildProcess
    package let brokers: String
    package let directory: String
    package let warehouseConnection: String
    package let dialect: WarehouseDialect
    package let configPath: String

    /// `postgres` selects a private server (for tests that stop or break it); default: the shared one.
    /// `metricsListen`: where the daemon serves /metrics; default off, so parallel daemons never race for 9464.
    package init(
        dialect: WarehouseDialect, partitions: Int = 12, workers: Int = 2, batchMaxRecords: Int = 5000,
        postgres: PostgresServer? = nil, metricsListen: String? = nil
    ) throws {
        self.dialect = dialect
        directory = try makeTemporaryDirectory(prefix: "starsink-e2e")
        kafka = try ChildProcess(["dev-kafka", "--brokers", "3", "--partitions", "\(partitions)"])
        guard let line = kafka.waitForLine(timeout: .seconds(20), where: { $0.contains(":") }) else {
            throw TestFailure("dev-kafka printed no bootstrap servers; stderr: \(kafka.stderr.suffix(5))")
        }
        brokers = line
        let passwordFile = directory + "/warehouse-password"
        var connection: String
        switch dialect {
        case .postgresql:
            let full = try (postgres ?? PostgresServer.shared()).createDatabase()
            let (withoutPassword, password) = Self.splitPassword(full)
            try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
            warehouseConnection = full
            connection = withoutPassword + ";Protocol=7.4-1"
        default:
            connection =
                "Driver=SQLite3;Database=\(directory)/warehouse.db;JournalMode=WAL;SyncPragma=NORMAL;Timeout=60000"
            warehouseConnection = connection
        }
        configPath = directory + "/starsink.yaml"
        try """
        kafka:
          brokers: "\(brokers)"
          topic: orders
          group_id: starsink-e2e
          dead_letter_topic: orders.dlq
          properties:
            topic.metadata.refresh.interval.ms: "1000"
        warehouse:
          dialect: \(dialect.rawValue)
          connection: "\(connection)"
        \(dialect == .postgresql ? "  password_file: \(passwordFile)\n" : "")\
          schema: e_commerce
          foreign_keys: enforced
        pipeline:
          workers: \(workers)
          batch_max_records: \(batchMaxRecords)
          batch_max_wait_ms: 100
        log:
          level: info
          destination: stderr
        metrics:
          listen: \(metricsListen.map { "\"\($0)\"" } ?? "~")
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        kafka.signal(SIGTERM)
        if kafka.waitForExit(timeout: .seconds(10)) == nil { kafka.terminate() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    package static func splitPassword(_ connection: String) -> (String, String) {
        var kept: [Substring] = []
        var password = ""
        for part in connection.split(separator: ";") {
            if part.lowercased().hasPrefix("pwd=") { password = String(part.dropFirst(4)) } else { kept.append(part) }
        }
        return (kept.joined(separator: ";"), password)
    }

    package func produce(_ configuration: SimulatorConfiguration) throws {
        let result = try ChildProcess.run([
            "produce", "--brokers", brokers, "--topic", "orders", "--count", "\(configuration.count)", "--seed",
            "\(configuration.seed)",
            "--invalid-rate", "\(configuration.invalidRate)", "--duplicate-rate", "\(configuration.duplicateRate)",
            "--unkeyed-rate", "\(configuration.unkeyedRate)",
        ])
        guard result.status == 0 else { throw TestFailure("produce failed: \(result.stderr)") }
    }

    package func startDaemon() throws -> ChildProcess {
        try ChildProcess(["run", "--config", configPath])
    }

    package func connect() throws -> ODBCConnection {
        try ODBCConnection(
            connectionString: warehouseConnection, loginTimeoutSeconds: 10, logger: Logger(label: "test"))
    }

    package func table(_ name: String) -> String { dialect == .postgresql ? "e_commerce.\(name)" : name }

    /// Polls until the warehouse's stored offsets add up to `messages` (every message loaded or dead-lettered).
    package func waitUntilLoaded(_ messages: Int, timeout: Duration, daemon: ChildProcess? = nil) throws -> Bool {
        let connection = try connect()
        return try waitUntil(timeout: timeout, pollEvery: .milliseconds(200)) {
            if let daemon, !daemon.process.isRunning { throw TestFailure("daemon exited: \(daemon.stderr.suffix(10))") }
            let rows =
                (try? connection.query("SELECT COALESCE(SUM(next_offset), 0) FROM \(table("starsink_offsets"))")) ?? []
            return Int(rows.first?.first??.split(separator: ".").first ?? "0") == messages
        }
    }

    /// Compares the warehouse with the expected load: counts, money, ids, dead letters, offsets, SCD pointers.
    package func verify(_ expected: ExpectedLoad) throws -> [String] {
        let connection = try connect()
        func scalar(_ sql: String) throws -> String { (try connection.query(sql).first?.first ?? nil) ?? "" }
        var problems: [String] = []
        let facts = Int(try scalar("SELECT COUNT(*) FROM \(table("fact_orders"))")) ?? -1
        if facts != expected.validOrders.count { problems.append("facts \(facts) != \(expected.validOrders.count)") }
        let cents =
            dialect == .sqlite
            ? "SELECT SUM(CAST(ROUND(total_amount * 100) AS INTEGER)) FROM \(table("fact_orders"))"
            : "SELECT CAST(SUM(total_amount) * 100 AS BIGINT) FROM \(table("fact_orders"))"
        let total = Int64(try scalar(cents)) ?? -1
        if total != expected.totalCents { problems.append("total cents \(total) != \(expected.totalCents)") }
        let ids = Set(
            try connection.query("SELECT order_id FROM \(table("fact_orders"))").compactMap { $0.first ?? nil })
        if ids != Set(expected.validOrders.keys) {
            problems.append("order id sets differ: \(ids.symmetricDifference(expected.validOrders.keys).count) ids")
        }
        let rejected = Int(try scalar("SELECT COUNT(*) FROM \(table("starsink_rejected"))")) ?? -1
        if rejected != expected.rejected { problems.append("dead letters \(rejected) != \(expected.rejected)") }
        let offsets = Int(try scalar("SELECT SUM(next_offset) FROM \(table("starsink_offsets"))")) ?? -1
        if offsets != expected.messages { problems.append("offsets sum \(offsets) != \(expected.messages)") }
        let pointed =
            Int(
                try scalar(
                    """
                    SELECT COUNT(*) FROM \(table("fact_orders")) f JOIN \(table("dim_customer")) c ON c.customer_sk = f.customer_sk
                    WHERE c.customer_id = f.customer_id AND f.order_timestamp >= c.valid_from AND (c.valid_to IS NULL OR f.order_timestamp < c.valid_to)
                    """)) ?? -1
        if pointed != expected.validOrders.count {
            problems.append(
                "facts pointing at the version valid at their time: \(pointed) of \(expected.validOrders.count)")
        }
        let customers = Int(try scalar("SELECT COUNT(DISTINCT customer_id) FROM \(table("dim_customer"))")) ?? -1
        let currents =
            Int(
                try scalar(
                    "SELECT COUNT(*) FROM \(table("dim_customer")) WHERE is_current = \(dialect == .sqlite ? "1" : "TRUE")"
                )) ?? -1
        let expectedCustomers = Set(expected.validOrders.values.map(\.customerID)).count
        if customers != expectedCustomers || currents != expectedCustomers {
            problems.append("customers \(customers), current versions \(currents), expected \(expectedCustomers)")
        }
        return problems
    }
}
