import Foundation
import Kafka
import Logging
import StarSchema

/// `starsink sql`: the statements `schema apply` and then one batch transaction per events file
/// would run in a dialect, with their bound values — for a DBA to review before granting rights,
/// and for the Snowflake emulator and grammar checks in `make test`.
///
/// Each batch is planned on the state the earlier ones left, kept in a scratch SQLite warehouse
/// loaded through the SQLite ODBC driver: the batch runs there for real, and the same transaction
/// code then runs once more for the chosen dialect against a `RecordingExecutor` that answers its
/// queries with SQLite's answers. Both ask the same questions in the same order, so the recorded
/// statements are exactly those that dialect's worker would run on a warehouse in that state.
package struct StatementPreview {
    package var target: WarehouseTarget
    package var eventFiles: [String]
    /// Append `check`s: every table and the four reports, with the rows the SQLite run holds.
    package var checks = false
    package var groupID = "starsink"
    package var topic = "orders"
    /// After the batches, `starsink offsets reset` of partition 0 to this offset: its one transaction.
    package var resetOffsetTo: Int64?

    package init(target: WarehouseTarget, eventFiles: [String], checks: Bool = false) {
        self.target = target
        self.eventFiles = eventFiles
        self.checks = checks
    }

    package func run(logger: Logger) throws -> [RecordedStatement] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "starsink-sql-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var scratchConfiguration = Configuration.Warehouse(
            dialect: .sqlite,
            connection: "Driver=SQLite3;Database=\(directory.appendingPathComponent("scratch.db").path)")
        scratchConfiguration.foreignKeys = target.foreignKeys
        let scratch = try WarehouseSession(configuration: scratchConfiguration, logger: logger)
        try SchemaManager(session: scratch, logger: logger).apply()

        var output = schemaStatements()
        let sqliteStatements = scratch.statements
        let targetStatements = WarehouseStatements(target: target)
        let holder = "starsink sql"
        let capturing = CapturingExecutor(scratch)
        var storedOffsets: [TopicPartition: Int64] = [:]
        var caches = BatchTransaction.Caches()
        var offset: Int64 = 0
        var latestDate: CalendarDate?
        for (index, path) in eventFiles.enumerated() {
            let records = try Self.records(path, topic: topic, from: offset)
            offset += Int64(records.count)
            for case .success(let event) in records.map(\.outcome) {
                latestDate = max(latestDate ?? event.timestamp.date, event.timestamp.date)
            }
            let now = Timestamp.now
            let answered = capturing.answers.count
            let outcome = try BatchTransaction(
                statements: sqliteStatements, groupID: groupID, policy: DimensionPolicy(), holder: holder
            )
            .run(records, storedOffsets: storedOffsets, caches: caches, now: now, executor: capturing)
            let replay = RecordingExecutor(answers: Array(capturing.answers[answered...]))
            replay.sessionIsSetUp = index > 0  // one connection: set up before the first batch
            let plan = outcome.plan
            replay.comment(
                "batch \(index + 1): \(path) (\(records.count) messages at offsets \(offset - Int64(records.count))–\(offset - 1): "
                    + "\(plan.facts.count) new facts, \(plan.deadLetters.count) dead letters, \(plan.duplicates) duplicates)"
            )
            _ = try BatchTransaction(
                statements: targetStatements, groupID: groupID, policy: DimensionPolicy(), holder: holder
            )
            .run(records, storedOffsets: storedOffsets, caches: caches, now: now, executor: replay)
            guard replay.unansweredQueries == 0, replay.remainingAnswers == 0 else {
                throw WarehouseError(
                    kind: .other, sqlstate: "",
                    message: "internal: the \(target.dialect.rawValue) batch asked other questions than SQLite's")
            }
            output += replay.recorded
            for (partition, next) in outcome.nextOffsets { storedOffsets[partition] = next }
            caches.remember(plan, productsLimit: Int.max)
        }
        if let resetOffsetTo {
            let move = OffsetMove(
                topic: topic, partition: 0, expected: storedOffsets[TopicPartition(topic: topic, partition: 0)],
                next: resetOffsetTo)
            let now = Timestamp.now
            try OffsetResetTransaction(statements: sqliteStatements, groupID: groupID, holder: holder).run(
                [move], now: now, executor: scratch)
            let replay = RecordingExecutor(answers: [])
            replay.sessionIsSetUp = !eventFiles.isEmpty
            replay.comment(
                "offsets reset: partition 0 from \(move.expected.map(String.init) ?? "none") to \(resetOffsetTo)")
            try OffsetResetTransaction(statements: targetStatements, groupID: groupID, holder: holder).run(
                [move], now: now, executor: replay)
            output += replay.recorded
        }
        if checks {
            output += try checkStatements(scratch, asOf: latestDate ?? CalendarDate(year: 2026, month: 1, day: 1))
        }
        return output
    }

    /// What `schema apply` runs on an empty warehouse: bootstrap, then each migration with its version row.
    private func schemaStatements() -> [RecordedStatement] {
        let definition = SchemaDefinition(target: target)
        var output: [RecordedStatement] = [.comment("schema apply")]
        output += definition.bootstrapStatements.map {
            .statement(BoundStatement(sql: $0), rows: nil, expectedRows: nil)
        }
        output.append(.commit)
        let appliedAt = Timestamp.now
        for migration in definition.migrations {
            output += migration.statements.map { .statement(BoundStatement(sql: $0), rows: nil, expectedRows: nil) }
            output.append(
                .statement(definition.recordVersion(migration, appliedAt: appliedAt), rows: nil, expectedRows: nil))
            output.append(.commit)
        }
        return output
    }

    /// Every table, whole, and the four reports: the target's SQL with the SQLite run's rows.
    private func checkStatements(_ scratch: WarehouseSession, asOf: CalendarDate) throws -> [RecordedStatement] {
        let sqlite = scratch.statements
        let other = WarehouseStatements(target: target)
        var output: [RecordedStatement] = [.comment("checks: the tables and reports the SQLite run holds")]
        for (table, columns) in Self.checkedTables {
            let sql = { (statements: WarehouseStatements) in
                BoundStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(statements.target.table(table))")
            }
            output.append(.check(name: "table \(table)", statement: sql(other), rows: try scratch.query(sql(sqlite))))
        }
        for report in ReportName.allCases {
            for currentRegion in report == .monthlySales ? [false, true] : [false] {
                let options = ReportOptions(asOf: asOf, currentRegion: currentRegion)
                let rows = try scratch.query(sqlite.report(report, options: options).statement)
                output.append(
                    .check(
                        name: "report \(report.rawValue)\(currentRegion ? " --current-region" : "")",
                        statement: other.report(report, options: options).statement, rows: rows))
            }
        }
        scratch.rollbackQuietly()
        return output
    }

    static let checkedTables: [(String, [String])] = [
        (
            "dim_customer",
            [
                "customer_sk", "customer_id", "customer_name", "customer_region", "valid_from", "valid_to",
                "is_current", "last_event_at", "last_order_id",
            ]
        ),
        ("dim_product", WarehouseStatements.productColumns.map(\.0)),
        ("dim_date", ["date_id", "day", "month", "year", "quarter", "weekday", "is_weekend"]),
        (
            "fact_orders",
            [
                "order_id", "order_timestamp", "customer_sk", "customer_id", "product_id", "date_id", "price",
                "quantity", "total_amount", "region", "kafka_topic", "kafka_partition", "kafka_offset",
            ]
        ),
        ("starsink_offsets", ["consumer_group", "topic", "kafka_partition", "next_offset", "updated_at"]),
        (
            "starsink_rejected",
            [
                "topic", "kafka_partition", "kafka_offset", "rejected_at", "error_code", "error_detail",
                "payload", "payload_encoding",
            ]
        ),
    ]

    /// One message value per line, partition 0, offsets counting on from `first`.
    static func records(_ path: String, topic: String, from first: Int64) throws -> [LoadRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WarehouseError(kind: .configuration, sqlstate: "", message: "cannot read events file \(path)")
        }
        var lines = Array(data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.enumerated().map { index, line in
            LoadRecord(
                position: SourcePosition(topic: topic, partition: 0, offset: first + Int64(index)),
                payload: line, outcome: OrderEventDecoder.decode(line))
        }
    }
}
