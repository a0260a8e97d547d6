import Daemon
import Foundation
import Logging
import ODBC
import Simulator
import StarSchema
import Tools

/// `starsink bench`: times the real daemon (`starsink run` as a child process) loading produced
/// orders into fresh warehouses, verifies the tables are exact, and compares against PostgreSQL's
/// own COPY of the same fact rows and the seed's per-message design, measured in the same invocation.
package struct BenchmarkRunner {
    package struct Options: Sendable {
        package var orders = 500_000
        package var baselineOrders = 5_000
        package var workers = 2
        package var partitions = 64
        package var postgresConnection: String?
        package var dialects: [WarehouseDialect] = [.postgresql, .sqlite]
        package var foreignKeys: [ForeignKeyMode] = [.informational, .enforced]
        package var latencyRate = 10_000
        package var latencySeconds = 10
        package var seed: UInt64 = 2026
        package var batchMaxRecords = 20_000
        /// The psql for the COPY floor; nil: the newest installed one.
        package var psql: String?
        /// A steady-rate run of this many minutes instead of the scenarios (0: the scenarios).
        package var soakMinutes = 0
        package var soakRate = 5_000
        package init() {}
    }

    package struct Result: Sendable {
        package var scenario: String
        package var orders: Int
        package var seconds: Double
        package var payloadBytes: Int
        package var cpuSeconds: Double
        package var peakResidentBytes: Int
        package var batchP50: Int
        package var batchP99: Int
        package var latencyP50: Int?
        package var latencyP99: Int?
        package var verified: Bool
        /// PostgreSQL's CPU over the timed window (every server process of the cluster, less the
        /// benchmark's own polling backend); nil when not measured (SQLite, a remote server).
        package var postgresCPUSeconds: Double? = nil
        /// PostgreSQL's COPY of the fact rows rather than a daemon run: `orders` counts fact rows.
        package var isCopyFloor = false
        package var ordersPerSecond: Double { Double(orders) / max(seconds, 0.000_001) }
        package var megabytesPerSecond: Double { Double(payloadBytes) / 1_048_576 / max(seconds, 0.000_001) }
        package var cpuSecondsPer100k: Double { cpuSeconds / Double(max(orders, 1)) * 100_000 }
        package var postgresCPUSecondsPer100k: Double? {
            postgresCPUSeconds.map { $0 / Double(max(orders, 1)) * 100_000 }
        }
    }

    let options: Options
    let logger: Logger
    let directory: String
    let say: @Sendable (String) -> Void

    package init(options: Options, logger: Logger, say: @escaping @Sendable (String) -> Void) throws {
        self.options = options
        self.logger = logger
        self.say = say
        directory = NSTemporaryDirectory() + "starsink-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Runs every scenario; returns the results in order, the COPY floor (if measured) first and the baseline last.
    package func run() throws -> [Result] {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (kafka, brokers) = try startKafka(topics: ["bench", "latency", "baseline"])
        defer { kafka.stop() }

        var simulator = SimulatorConfiguration(seed: options.seed, count: options.orders)
        simulator.customers = 200_000
        simulator.products = 5_000
        say("producing \(options.orders) orders into \(options.partitions) partitions…")
        try produce(brokers: brokers, topic: "bench", simulator: simulator, rate: 0)
        let expected = Expectation(simulator)

        var results: [Result] = []
        var floor: Result?
        for dialect in options.dialects {
            for keys in (dialect == .postgresql ? options.foreignKeys : [.enforced]) {
                guard let warehouse = try warehouse(dialect, keys, name: "bench_\(keys.rawValue)") else { continue }
                say("loading into \(dialect.rawValue) (foreign keys \(keys.rawValue))…")
                results.append(
                    try load(
                        scenario: "\(dialect.rawValue), FKs \(keys.rawValue)", brokers: brokers, topic: "bench",
                        group: "bench-\(dialect.rawValue)-\(keys.rawValue)", warehouse: warehouse, expected: expected))
                if dialect == .postgresql, floor == nil {
                    floor = try copyFloor(source: warehouse.target, rows: expected.validOrders)
                }
            }
        }
        if let postgres = try warehouse(.postgresql, .informational, name: "bench_latency") {
            say("latency: \(options.latencyRate) orders/s for \(options.latencySeconds) s into postgresql…")
            results.append(try latency(brokers: brokers, warehouse: postgres))
        }
        if let postgres = try warehouse(.postgresql, .enforced, name: "bench_baseline") {
            var baseline = SimulatorConfiguration(seed: options.seed + 1, count: options.baselineOrders)
            baseline.customers = 200_000
            try produce(brokers: brokers, topic: "baseline", simulator: baseline, rate: 0)
            say("per-message baseline (the seed's design): \(options.baselineOrders) orders…")
            results.append(
                try PerMessageBaseline(brokers: brokers, topic: "baseline", warehouse: postgres, logger: logger)
                    .run(orders: options.baselineOrders, expectedValid: Expectation(baseline).validOrders))
        }
        return (floor.map { [$0] } ?? []) + results
    }

    /// `starsink dev-kafka` with the given topics, and its bootstrap address.
    func startKafka(topics: [String]) throws -> (BenchmarkProcess, String) {
        let kafka = try BenchmarkProcess(
            ["dev-kafka", "--brokers", "1", "--partitions", "\(options.partitions)"]
                + topics.flatMap { ["--topic", $0] })
        guard let brokers = kafka.firstStdoutLine(timeout: .seconds(30)) else {
            kafka.stop()
            throw BenchmarkError("dev-kafka did not start: \(kafka.stderr)")
        }
        return (kafka, brokers)
    }

    /// The COPY floor of the facts `source` holds, into a fresh schema; nil without a psql to run.
    private func copyFloor(source: WarehouseTarget, rows: Int) throws -> Result? {
        guard let psql = options.psql ?? CopyFloor.locatePsql(), let connection = options.postgresConnection,
            let floor = try warehouse(.postgresql, .informational, name: "bench_floor")
        else {
            say("no psql found (--psql): the COPY floor is not measured")
            return nil
        }
        say("COPY floor: the same \(rows) fact rows through psql…")
        let session = try WarehouseSession(configuration: floor, logger: logger)
        return try CopyFloor(psql: psql, odbcConnection: connection, directory: directory)
            .measure(source: source, floor: session, expectedRows: rows)
    }

    private func produce(brokers: String, topic: String, simulator: SimulatorConfiguration, rate: Int) throws {
        var job = OrderProducerJob(brokers: brokers, topic: topic, simulator: simulator, rate: rate)
        job.properties = ["linger.ms": "20"]
        _ = try job.run(logger: logger, progress: nil)
    }

    /// A fresh, empty warehouse for one scenario (a new SQLite file, or a dropped and re-created PostgreSQL schema).
    func warehouse(_ dialect: WarehouseDialect, _ keys: ForeignKeyMode, name: String) throws -> Configuration.Warehouse?
    {
        var warehouse: Configuration.Warehouse
        switch dialect {
        case .sqlite:
            let file = "\(directory)/\(name).db"
            warehouse = .init(
                dialect: .sqlite,
                connection: "Driver=SQLite3;Database=\(file);JournalMode=WAL;SyncPragma=NORMAL;Timeout=60000")
        case .postgresql:
            guard let connection = options.postgresConnection else { return nil }
            warehouse = .init(dialect: .postgresql, connection: connection)
            warehouse.schema = SQLIdentifier(name)!
            let session = try WarehouseSession(configuration: warehouse, logger: logger)
            try session.execute(sql: "DROP SCHEMA IF EXISTS \(name) CASCADE")
            try session.commit()
        case .snowflake:
            return nil
        }
        warehouse.foreignKeys = keys
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        try SchemaManager(session: session, logger: logger).apply()
        return warehouse
    }

    func configurationFile(
        brokers: String, topic: String, group: String, warehouse: Configuration.Warehouse,
        endpoint: DaemonEndpoint, wait: Int = 200
    ) throws -> String {
        let path = "\(directory)/\(group).yaml"
        try """
        kafka:
          brokers: "\(brokers)"
          topic: \(topic)
          group_id: \(group)
          dead_letter_topic: ~
        warehouse:
          dialect: \(warehouse.dialect.rawValue)
          connection: "\(warehouse.connection)"
          schema: \(warehouse.schema)
          foreign_keys: \(warehouse.foreignKeys.rawValue)
        pipeline:
          workers: \(options.workers)
          batch_max_records: \(options.batchMaxRecords)
          batch_max_wait_ms: \(wait)
        log:
          level: info
          destination: stderr
        metrics:
          listen: "\(endpoint.listen)"    # a port of its own: the benchmark reads the group's settling there
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
