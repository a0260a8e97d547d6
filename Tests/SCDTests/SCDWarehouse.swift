import Dispatch
import Foundation
import Logging
import StarSchema
import Synchronization
import TestSupport

@testable import Daemon

/// A warehouse (an SQLite file, or a schema in the shared throwaway PostgreSQL) loaded by real
/// `LoadWorker`s — the daemon's transaction code, retries and all — fed batches directly instead
/// of from Kafka.
final class SCDWarehouse {
    let configuration: Configuration
    let logs = LogCapture()
    private var directory: String?

    init(_ dialect: WarehouseDialect, schema: String = "e_commerce", regionIsType2: Bool = true) throws {
        var warehouse: Configuration.Warehouse
        switch dialect {
        case .postgresql:
            warehouse = Configuration.Warehouse(
                dialect: .postgresql, connection: try Self.postgresDatabase() + ";Protocol=7.4-1")
            warehouse.schema = SQLIdentifier(schema)!
        default:
            let directory = try makeTemporaryDirectory(prefix: "starsink-scd")
            self.directory = directory
            warehouse = Configuration.Warehouse(
                dialect: .sqlite,
                connection:
                    "Driver=SQLite3;Database=\(directory)/warehouse.db;JournalMode=WAL;SyncPragma=NORMAL;Timeout=60000")
        }
        var configuration = Configuration(kafka: Configuration.Kafka(brokers: "unused:9092"), warehouse: warehouse)
        configuration.dimensions.customerRegion = regionIsType2 ? .type2 : .type1
        self.configuration = configuration
        let session = try WarehouseSession(configuration: warehouse, logger: logs.logger())
        try SchemaManager(session: session, logger: logs.logger()).apply()
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// One database per process; tests separate themselves by schema.
    private static let sharedDatabase = Mutex<String?>(nil)
    static func postgresDatabase() throws -> String {
        try sharedDatabase.withLock { database in
            if let database { return database }
            let created = try PostgresServer.shared().createDatabase()
            database = created
            return created
        }
    }

    func makeWorker(_ id: Int, refusedStatementRetry: RetryPolicy = LoadWorker.Context.defaultRefusedStatementRetry)
        -> LoadWorker
    {
        let context = LoadWorker.Context(
            configuration: configuration, settings: LiveSettings(BatchLimits(configuration.pipeline)),
            metrics: PipelineMetrics(),
            gate: nil, deadLetterProducer: nil, stop: StopSignal(), refusedStatementRetry: refusedStatementRetry)
        return LoadWorker(id: id, context: context, logger: logs.logger(label: "worker-\(id)"))
    }

    /// Each worker delivers its batches in order; workers run at the same time, on their own threads.
    func load(_ batchesPerWorker: [[[LoadRecord]]]) {
        let workers = Workers(all: batchesPerWorker.indices.map { makeWorker($0) })
        DispatchQueue.concurrentPerform(iterations: batchesPerWorker.count) { index in
            for batch in batchesPerWorker[index] { workers.all[index].deliver(batch) }
        }
    }

    func query(_ sql: String) throws -> [[String?]] {
        let session = try WarehouseSession(configuration: configuration.warehouse, logger: logs.logger())
        defer { session.rollbackQuietly() }
        return try session.query(BoundStatement(sql: sql))
    }

    func execute(_ sql: String) throws {
        let session = try WarehouseSession(configuration: configuration.warehouse, logger: logs.logger())
        try session.execute(sql: sql)
        try session.commit()
    }

    func table(_ name: String) -> String { configuration.warehouse.target.table(name) }

    func customers() throws -> [CustomerRow] {
        try query(
            """
            SELECT customer_sk, customer_id, customer_name, customer_region, valid_from, valid_to, is_current, last_event_at, last_order_id
            FROM \(table("dim_customer"))
            """
        ).map { row in
            CustomerRow(
                key: Int64(row[0] ?? "") ?? -1, customerID: row[1] ?? "", name: row[2] ?? "", region: row[3] ?? "",
                validFrom: row[4].flatMap(Timestamp.init(sqlText:)) ?? Timestamp(microseconds: -1),
                validTo: row[5].flatMap(Timestamp.init(sqlText:)),
                isCurrent: ["1", "t", "true"].contains(row[6] ?? ""),
                lastEventAt: row[7].flatMap(Timestamp.init(sqlText:)) ?? Timestamp(microseconds: -1),
                lastOrderID: row[8] ?? "")
        }.sorted()
    }

    func products() throws -> [ProductRow] {
        try query(
            "SELECT product_id, product_name, category, previous_category, category_changed_at FROM \(table("dim_product"))"
        ).map { row in
            ProductRow(
                productID: row[0] ?? "", name: row[1] ?? "", category: row[2] ?? "", previousCategory: row[3],
                categoryChangedAt: row[4].flatMap(Timestamp.init(sqlText:)))
        }.sorted()
    }

    func factKeys() throws -> [String: Int64] {
        var keys: [String: Int64] = [:]
        for row in try query("SELECT order_id, customer_sk FROM \(table("fact_orders"))") {
            keys[row[0] ?? ""] = Int64(row[1] ?? "") ?? -1
        }
        return keys
    }

    func deadLetters() throws -> [String] {
        try query("SELECT error_code, error_detail FROM \(table("starsink_rejected"))").map {
            "\($0[0] ?? ""): \($0[1] ?? "")"
        }
    }

    /// Every difference between the warehouse and the reference model, for the test to report.
    func differences(from reference: ReferenceModel) throws -> [String] {
        var problems: [String] = []
        let stored = try customers()
        // A current version's last event is a lower bound (it is not rewritten for orders that change
        // nothing): it must lie inside the version and not after its newest order; closed versions are exact.
        let newest = Dictionary(
            uniqueKeysWithValues: reference.customers.filter(\.isCurrent).map { ($0.customerID, $0) })
        for row in stored where row.isCurrent {
            guard let truth = newest[row.customerID] else { continue }
            let key = EventKey(timestamp: row.lastEventAt, orderID: row.lastOrderID)
            if key > EventKey(timestamp: truth.lastEventAt, orderID: truth.lastOrderID)
                || row.lastEventAt < row.validFrom
            {
                problems.append(
                    "DIM_CUSTOMER \(row.customerID): current version's last event \(row.lastOrderID) lies outside it")
            }
        }
        let customers = stored.map(\.withoutCurrentLastEvent)
        let expected = reference.customers.map(\.withoutCurrentLastEvent)
        if customers != expected {
            let extra = Set(customers).subtracting(expected).sorted().prefix(5)
            let missing = Set(expected).subtracting(customers).sorted().prefix(5)
            problems.append(
                "DIM_CUSTOMER differs:\n  unexpected \(extra.map(\.description))\n  missing \(missing.map(\.description))"
            )
        }
        let products = try products()
        if products != reference.products {
            let extra = Set(products).subtracting(reference.products).sorted().prefix(5)
            let missing = Set(reference.products).subtracting(products).sorted().prefix(5)
            problems.append(
                "DIM_PRODUCT differs:\n  unexpected \(extra.map(\.description))\n  missing \(missing.map(\.description))"
            )
        }
        let keys = try factKeys()
        let wrong = reference.factKeys.filter { keys[$0.key] != $0.value }
        if !wrong.isEmpty || keys.count != reference.factKeys.count {
            problems.append(
                "FACT_ORDERS: \(keys.count) facts for \(reference.factKeys.count) orders; \(wrong.count) point wrongly, e.g. \(wrong.keys.sorted().prefix(3))"
            )
        }
        let letters = try deadLetters()
        if !letters.isEmpty { problems.append("dead letters: \(letters.prefix(3))") }
        return problems
    }
}

/// The workers of one load. Safe to share because thread `i` alone touches `all[i]`, exactly as
/// each daemon worker owns its thread.
private struct Workers: @unchecked Sendable {
    let all: [LoadWorker]
}
