import Daemon
import Foundation
import Kafka
import Logging
import Simulator
import StarSchema

/// `starsink demo`: the whole pipeline with no setup — an in-process Kafka-protocol cluster, an
/// SQLite warehouse file through the SQLite ODBC driver, simulated orders, the workers, the reports.
package struct DemoRunner {
    package var orders = 50_000
    package var dataDirectory = "demo-data"
    package var workers = 2
    package var seed: UInt64 = 42
    /// Whether `progress` writes to a terminal: the bars redraw in place there, and stay silent elsewhere.
    package var progressIsTerminal = false
    /// The level of each dead letter's own log line; `--verbose` lowers the logger to show them.
    package var deadLetterLogLevel: Logger.Level = .debug

    package init() {}

    /// `print` gets the demo's account (stdout); `progress` the redrawn progress bars (stderr).
    package func run(
        logger: Logger, print: @escaping @Sendable (String) -> Void,
        progress: @escaping @Sendable (String) -> Void
    ) throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: logger)
        // The brokers live as long as the cluster object: keep it to the end of the demo.
        defer { withExtendedLifetime(cluster) {} }
        try cluster.createTopic("orders", partitions: 12)
        try cluster.createTopic("orders.dlq", partitions: 1)
        print("Kafka (librdkafka mock cluster, 3 brokers): \(cluster.bootstrapServers)")

        // A fresh warehouse each run: the in-process cluster starts empty, so old offsets would not match it.
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let database = URL(fileURLWithPath: dataDirectory).appendingPathComponent("warehouse.db").path
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: database + suffix)
        }
        var configuration = Configuration(
            kafka: .init(brokers: cluster.bootstrapServers),
            warehouse: .init(
                dialect: .sqlite,
                connection: "Driver=SQLite3;Database=\(database);JournalMode=WAL;SyncPragma=NORMAL;Timeout=60000"))
        configuration.pipeline.workers = workers
        configuration.kafka.properties = ["topic.metadata.refresh.interval.ms": "1000"]
        print("Warehouse (SQLite through ODBC): \(database)")
        let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
        try SchemaManager(session: session, logger: logger).apply()

        var simulator = SimulatorConfiguration(seed: seed, count: orders)
        simulator.invalidRate = 0.002
        simulator.duplicateRate = 0.001
        let producerBar = ProgressBar(total: orders, label: "produced", isTerminal: progressIsTerminal, write: progress)
        let produced = try OrderProducerJob(
            brokers: cluster.bootstrapServers, topic: "orders", simulator: simulator, rate: 0
        )
        .run(logger: logger, progress: producerBar)
        producerBar.clear()
        print(
            "produced \(produced.sent.groupedDigits) messages (\(produced.invalid) deliberately invalid) in \(String(format: "%.1f", produced.seconds)) s"
        )

        let metrics = PipelineMetrics()
        let pool = WorkerPool(
            configuration: configuration, settings: LiveSettings(BatchLimits(configuration.pipeline)),
            metrics: metrics, gate: nil, logger: logger)
        pool.deadLetterLogLevel = deadLetterLogLevel
        let loadBar = ProgressBar(total: orders, label: "loaded", isTerminal: progressIsTerminal, write: progress)
        let started = ContinuousClock.now
        pool.start()
        let deadline = started + .seconds(600)
        while ContinuousClock.now < deadline {
            let snapshot = metrics.snapshot
            let processed = snapshot.loaded + snapshot.rejected + snapshot.duplicates
            loadBar.update(done: processed)
            if processed >= orders { break }
            _ = pool.waitFinished(timeout: .milliseconds(100))
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        pool.stopAndWait()
        let snapshot = metrics.snapshot
        loadBar.clear()
        let processed = snapshot.loaded + snapshot.rejected + snapshot.duplicates
        print(
            "loaded \(snapshot.loaded.groupedDigits) orders, \(snapshot.rejected) dead letters, \(snapshot.duplicates) duplicates skipped "
                + "in \(String(format: "%.1f", seconds)) s (\(Int(Double(processed) / max(seconds, 0.001)).groupedDigits) messages/s, "
                + "including the consumer-group join)")
        guard processed >= orders else {
            throw DemoError(message: "the workers did not catch up within 10 minutes")
        }

        print(
            try DeadLetterSummary.read(warehouse: configuration.warehouse, logger: logger)
                .rendered(table: configuration.warehouse.target.table("starsink_rejected")))
        try printReports(warehouse: configuration.warehouse, logger: logger, print: print)
    }
}

package struct DemoError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
