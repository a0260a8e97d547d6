extension WarehouseStatements {
    /// The bulk writes of one planned batch, in the order they must run: customer history first
    /// (facts re-pointed, then old versions deleted, new ones inserted), new products and dates,
    /// facts, dead letters. The products' Type 3 merge (`productWrites`) and the offsets follow.
    ///
    /// - Parameter definingNewProducts: insert the products the plan defines (`plan.products`) when the
    ///   warehouse lacks them. PostgreSQL does, since it merges products only after these writes, as
    ///   late as possible (their row locks are shared by every worker); the other dialects read the
    ///   products before writing and insert new ones through `productWrites`.
    ///
    /// PostgreSQL's foreign keys are declared deferrable. A batch that rebuilds a customer's history
    /// needs them deferred (facts are re-pointed before their new versions exist); every other batch
    /// checks them immediately, inside the fact insert, so the commit — and the product locks held
    /// until it — stays short.
    package func planWrites(
        _ plan: BatchPlan, rejectedAt: Timestamp, definingNewProducts: Bool, into writer: inout BatchWriter
    ) {
        if dialect == .postgresql, target.foreignKeys == .enforced {
            writer.append(
                BoundStatement(sql: "SET CONSTRAINTS ALL \(plan.rebuiltCustomers.isEmpty ? "IMMEDIATE" : "DEFERRED")"))
        }
        // Facts are re-pointed while the old versions still exist: they are found through them.
        repointFacts(plan.repointVersions, into: &writer)
        deleteRebuiltCustomers(plan.rebuiltCustomers, into: &writer)
        updateCurrentCustomers(plan.customerUpdates, into: &writer)
        correctCustomers(plan.customerCorrections, into: &writer)
        insertCustomers(plan.customerInserts, into: &writer)
        if definingNewProducts { insertNewProducts(plan.products, into: &writer) }
        insertDates(plan.newDates, into: &writer)
        insertFacts(plan.facts, into: &writer)
        insertDeadLetters(plan.deadLetters, at: rejectedAt, into: &writer)
    }

    /// `INSERT … SELECT` of the rows whose key the table lacks: `ON CONFLICT DO NOTHING` where the
    /// dialect has it; on Snowflake, which has no such clause and enforces no key, `NOT EXISTS` —
    /// exact there because writers take turns on the lock row (`beginSteps`).
    func insertMissing(
        _ table: String, rows: RowSet, keys: [String], kind: Snowflake.StageKind, into writer: inout BatchWriter
    ) {
        let select = "SELECT \(rows.columns.map { "u.\($0.name)" }.joined(separator: ", ")) FROM {rows}"
        let head = "INSERT INTO \(t(table)) (\(rows.columnList))\n"
        if dialect == .snowflake {
            let match = keys.map { "e.\($0) = u.\($0)" }.joined(separator: " AND ")
            writer.bulk(
                head + "\(select) WHERE NOT EXISTS (SELECT 1 FROM \(t(table)) AS e WHERE \(match))", rows: rows,
                kind: kind)
        } else {
            writer.bulk(
                head + "\(select) WHERE true\nON CONFLICT (\(keys.joined(separator: ", "))) DO NOTHING", rows: rows,
                kind: kind)
        }
    }

    func deleteRebuiltCustomers(_ customerIDs: [String], into writer: inout BatchWriter) {
        guard !customerIDs.isEmpty else { return }
        guard dialect != .snowflake else {
            var rows = RowSet([("customer_id", .text)], capacity: customerIDs.count)
            for customerID in customerIDs { rows.append([.text(customerID)]) }
            writer.bulk(
                "DELETE FROM \(t("dim_customer")) WHERE customer_id IN (SELECT u.customer_id FROM {rows})",
                rows: rows, kind: .customerRebuilt)
            return
        }
        let (condition, parameter) = membership("customer_id", customerIDs)
        writer.append(
            BoundStatement(sql: "DELETE FROM \(t("dim_customer")) WHERE \(condition)", parameters: [parameter]))
    }

    func updateCurrentCustomers(_ versions: [CustomerVersion], into writer: inout BatchWriter) {
        var rows = RowSet(
            [
                ("customer_sk", .bigint), ("valid_to", .timestamp), ("is_current", .boolean),
                ("last_event_at", .timestamp), ("last_order_id", .text),
            ], capacity: versions.count)
        for v in versions {
            rows.append([
                .integer(v.surrogateKey), v.validTo.map { .text($0.sqlText) } ?? .null,
                .integer(v.isCurrent ? 1 : 0), .text(v.lastEvent.timestamp.sqlText), .text(v.lastEvent.orderID),
            ])
        }
        writer.bulk(
            """
            UPDATE \(t("dim_customer")) AS d SET valid_to = u.valid_to, is_current = u.is_current,
                last_event_at = u.last_event_at, last_order_id = u.last_order_id
            FROM {rows} WHERE d.customer_sk = u.customer_sk
            """, rows: rows, kind: .customerUpdate)
    }

    /// Type 1: every version of the customer takes the latest name (and region, when it is Type 1).
    func correctCustomers(
        _ corrections: [(customerID: String, name: String, region: String?)], into writer: inout BatchWriter
    ) {
        var rows = RowSet(
            [("customer_id", .text), ("customer_name", .text), ("customer_region", .text)], capacity: corrections.count)
        for correction in corrections {
            rows.append([
                .text(correction.customerID), .text(correction.name), correction.region.map(SQLValue.text) ?? .null,
            ])
        }
        writer.bulk(
            """
            UPDATE \(t("dim_customer")) AS d SET customer_name = u.customer_name,
                customer_region = COALESCE(u.customer_region, d.customer_region)
            FROM {rows} WHERE d.customer_id = u.customer_id
              AND (d.customer_name <> u.customer_name OR d.customer_region <> COALESCE(u.customer_region, d.customer_region))
            """, rows: rows, kind: .customerCorrection)
    }

    func insertCustomers(_ versions: [CustomerVersion], into writer: inout BatchWriter) {
        var rows = RowSet(
            [
                ("customer_sk", .bigint), ("customer_id", .text), ("customer_name", .text),
                ("customer_region", .text), ("valid_from", .timestamp), ("valid_to", .timestamp),
                ("is_current", .boolean), ("last_event_at", .timestamp), ("last_order_id", .text),
            ],
            capacity: versions.count)
        for v in versions {
            rows.append([
                .integer(v.surrogateKey), .text(v.customerID), .text(v.name), .text(v.region),
                .text(v.validFrom.sqlText), v.validTo.map { .text($0.sqlText) } ?? .null,
                .integer(v.isCurrent ? 1 : 0), .text(v.lastEvent.timestamp.sqlText), .text(v.lastEvent.orderID),
            ])
        }
        writer.bulk(
            """
            INSERT INTO \(t("dim_customer")) (\(rows.columnList))
            SELECT \(rows.columns.map { "u.\($0.name)" }.joined(separator: ", ")) FROM {rows} WHERE true
            """, rows: rows, kind: .customerNew)
    }

    /// Points the already-loaded facts of rebuilt customers at the new version containing their
    /// timestamp. Runs before the old versions are deleted: a customer's facts are those pointing at
    /// one of its versions (FACT_ORDERS is indexed by CUSTOMER_SK, not by CUSTOMER_ID).
    func repointFacts(_ versions: [CustomerVersion], into writer: inout BatchWriter) {
        var rows = RowSet(
            [("customer_sk", .bigint), ("customer_id", .text), ("valid_from", .timestamp), ("valid_to", .timestamp)],
            capacity: versions.count)
        for v in versions {
            rows.append([
                .integer(v.surrogateKey), .text(v.customerID), .text(v.validFrom.sqlText),
                v.validTo.map { .text($0.sqlText) } ?? .null,
            ])
        }
        writer.bulk(
            """
            UPDATE \(t("fact_orders")) AS f SET customer_sk = u.customer_sk
            FROM {rows}, \(t("dim_customer")) AS d
            WHERE d.customer_id = u.customer_id AND f.customer_sk = d.customer_sk AND f.order_timestamp >= u.valid_from
              AND (u.valid_to IS NULL OR f.order_timestamp < u.valid_to) AND f.customer_sk <> u.customer_sk
            """, rows: rows, kind: .repoint)
    }

    func insertDates(_ dates: [CalendarDate], into writer: inout BatchWriter) {
        var rows = RowSet(
            [
                ("date_id", .date), ("day", .integer), ("month", .integer), ("year", .integer),
                ("quarter", .integer), ("weekday", .integer), ("is_weekend", .boolean),
            ], capacity: dates.count)
        for d in dates {
            rows.append([
                .text(d.text), .integer(Int64(d.day)), .integer(Int64(d.month)), .integer(Int64(d.year)),
                .integer(Int64(d.quarter)), .integer(Int64(d.weekday)), .integer(d.isWeekend ? 1 : 0),
            ])
        }
        insertMissing("dim_date", rows: rows, keys: ["date_id"], kind: .date, into: &writer)
    }

    /// FACT_ORDERS' columns in the order every fact insert writes them.
    static let factColumns: [(name: String, type: SQLColumnType)] = [
        ("order_id", .text), ("order_timestamp", .timestamp), ("customer_sk", .bigint), ("customer_id", .text),
        ("product_id", .text), ("date_id", .date), ("price", .numeric), ("quantity", .integer),
        ("total_amount", .numeric), ("region", .text), ("kafka_topic", .text), ("kafka_partition", .integer),
        ("kafka_offset", .bigint),
    ]

    /// `INSERT INTO fact_orders (…) SELECT u.… FROM {rows} WHERE true`.
    var insertFactsTemplate: String {
        let names = Self.factColumns.map(\.name)
        return """
            INSERT INTO \(t("fact_orders")) (\(names.joined(separator: ", ")))
            SELECT \(names.map { "u.\($0)" }.joined(separator: ", ")) FROM {rows} WHERE true
            """
    }

    func insertFacts(_ facts: [BatchPlan.Fact], into writer: inout BatchWriter) {
        guard !facts.isEmpty else { return }
        if dialect == .postgresql { return writer.append(postgresFactInsert(facts)) }
        writer.bulk(insertFactsTemplate, rows: factRows(facts), kind: .fact)
    }

    /// The facts as generic rows (SQLite's JSON, Snowflake's stage).
    func factRows(_ facts: [BatchPlan.Fact]) -> RowSet {
        var rows = RowSet(Self.factColumns, capacity: facts.count)
        for fact in facts {
            let e = fact.event
            rows.append([
                .text(e.orderID), .text(e.timestamp.sqlText), .integer(fact.customerKey), .text(e.customerID),
                .text(e.productID), .text(e.timestamp.date.text), .text(e.price.description), .integer(e.quantity),
                .text(e.totalAmount.description), .text(e.customerRegion), .text(fact.position.topic),
                .integer(Int64(fact.position.partition)), .integer(fact.position.offset),
            ])
        }
        return rows
    }

    func insertDeadLetters(_ letters: [DeadLetter], at time: Timestamp, into writer: inout BatchWriter) {
        var rows = RowSet(
            [
                ("topic", .text), ("kafka_partition", .integer), ("kafka_offset", .bigint), ("rejected_at", .timestamp),
                ("error_code", .text), ("error_detail", .text), ("payload", .text), ("payload_encoding", .text),
            ],
            capacity: letters.count)
        for letter in letters {
            let stored = letter.storedPayload
            rows.append([
                .text(letter.position.topic), .integer(Int64(letter.position.partition)),
                .integer(letter.position.offset),
                .text(time.sqlText), .text(letter.rejection.code.rawValue),
                .text(String(letter.rejection.detail.prefix(2000))),
                .text(stored.text), .text(stored.encoding),
            ])
        }
        insertMissing(
            "starsink_rejected", rows: rows, keys: ["topic", "kafka_partition", "kafka_offset"], kind: .rejected,
            into: &writer)
    }
}
