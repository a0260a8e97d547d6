/// The SQL one batch transaction runs, per dialect: reads that inform the plan, then the bulk
/// writes that carry it out. Every value is a bound parameter; only checked identifiers
/// (the schema) reach the SQL text.
package struct WarehouseStatements: Sendable {
    package var target: WarehouseTarget

    package init(target: WarehouseTarget) { self.target = target }

    package var dialect: WarehouseDialect { target.dialect }
    func t(_ name: String) -> String { target.table(name) }

    /// A byte-order comparison, matching `EventKey`'s order (PostgreSQL's default collation is not).
    var binaryCollation: String { dialect == .postgresql ? " COLLATE \"C\"" : "" }
    var trueValue: String { dialect == .sqlite ? "1" : "TRUE" }
    var falseValue: String { dialect == .sqlite ? "0" : "FALSE" }

    /// `column IN <the given texts>` with the whole list as ONE parameter.
    func membership(_ column: String, _ values: [String]) -> (sql: String, parameter: SQLValue) {
        switch dialect {
        case .postgresql:
            return (
                "\(column) = ANY(?::text[])", .text(PostgresArrayLiteral.encode(values.map(SQLValue.text), type: .text))
            )
        case .sqlite:
            return ("\(column) IN (SELECT value FROM json_each(?))", .text(JSONText.array(values)))
        case .snowflake:
            return (
                "\(column) IN (SELECT value::VARCHAR FROM TABLE(FLATTEN(PARSE_JSON(?))))", .text(JSONText.array(values))
            )
        }
    }

    // MARK: Reads

    package func existingFacts(_ orderIDs: [String]) -> BoundStatement {
        let (condition, parameter) = membership("order_id", orderIDs)
        return BoundStatement(
            sql: """
                SELECT order_id, order_timestamp, customer_id, product_id, price, quantity, region,
                       kafka_topic, kafka_partition, kafka_offset
                FROM \(t("fact_orders")) WHERE \(condition)
                """, parameters: [parameter])
    }

    package func parseExistingFact(_ row: [String?]) -> ExistingFact? {
        guard row.count == 10, let orderID = row[0], let timestamp = row[1].flatMap(Timestamp.init(sqlText:)),
            let customerID = row[2], let productID = row[3], let price = row[4].flatMap(Money.init(decimalText:)),
            let quantity = row[5].flatMap({ Int64($0) }), let region = row[6], let topic = row[7],
            let partition = row[8].flatMap({ Int32($0) }), let offset = row[9].flatMap({ Int64($0) })
        else { return nil }
        return ExistingFact(
            orderID: orderID, timestamp: timestamp, customerID: customerID, productID: productID, price: price,
            quantity: quantity, region: region,
            position: SourcePosition(topic: topic, partition: partition, offset: offset))
    }

    /// The current version of each customer; on PostgreSQL the rows are locked (in customer_id
    /// order) so two workers never split the same history at once.
    package func currentCustomers(_ customerIDs: [String]) -> BoundStatement {
        let (condition, parameter) = membership("customer_id", customerIDs)
        let lock = dialect == .postgresql ? " ORDER BY customer_id\(binaryCollation) FOR UPDATE" : ""
        return BoundStatement(
            sql: """
                SELECT customer_id, customer_name, customer_region, valid_from, last_event_at, last_order_id
                FROM \(t("dim_customer")) WHERE is_current = \(trueValue) AND \(condition)\(lock)
                """, parameters: [parameter])
    }

    package func parseCustomerVersion(_ row: [String?]) -> CustomerVersion? {
        guard row.count == 6, let customerID = row[0], let name = row[1], let region = row[2],
            let validFrom = row[3].flatMap(Timestamp.init(sqlText:)),
            let lastAt = row[4].flatMap(Timestamp.init(sqlText:)), let lastOrder = row[5]
        else { return nil }
        return CustomerVersion(
            customerID: customerID, name: name, region: region, validFrom: validFrom, validTo: nil,
            lastEvent: EventKey(timestamp: lastAt, orderID: lastOrder))
    }

    /// Every loaded order of the given customers, for rebuilding their history after a late event.
    /// Facts are found through the customers' versions (FACT_ORDERS is indexed by CUSTOMER_SK).
    ///
    /// - Parameter currentVersionOnly: only the orders of each customer's current version: their newest
    ///   is the version's exact last event, needed when a batch changes the customer's region or name
    ///   (stored current versions keep a lower bound).
    package func customerHistory(_ customerIDs: [String], currentVersionOnly: Bool = false) -> BoundStatement {
        let (condition, parameter) = membership("d.customer_id", customerIDs)
        let current = currentVersionOnly ? "d.is_current = \(trueValue) AND " : ""
        return BoundStatement(
            sql: """
                SELECT d.customer_id, f.order_timestamp, f.order_id, f.region
                FROM \(t("dim_customer")) AS d JOIN \(t("fact_orders")) AS f ON f.customer_sk = d.customer_sk
                WHERE \(current)\(condition)
                """, parameters: [parameter])
    }

    package func parseHistoryRow(_ row: [String?]) -> (customerID: String, point: HistoryPoint)? {
        guard row.count == 4, let customerID = row[0], let timestamp = row[1].flatMap(Timestamp.init(sqlText:)),
            let orderID = row[2], let region = row[3]
        else { return nil }
        return (customerID, HistoryPoint(key: EventKey(timestamp: timestamp, orderID: orderID), region: region))
    }

    // MARK: Offsets

    package func storedOffsets(group: String, topic: String) -> BoundStatement {
        BoundStatement(
            sql:
                "SELECT kafka_partition, next_offset FROM \(t("starsink_offsets")) WHERE consumer_group = ? AND topic = ?",
            parameters: [.text(group), .text(topic)])
    }

    /// Claims a partition's first offset row. Affects 0 rows if another writer got there first.
    package func insertOffset(group: String, topic: String, partition: Int32, next: Int64, now: Timestamp)
        -> BoundStatement
    {
        BoundStatement(
            sql: """
                INSERT INTO \(t("starsink_offsets")) (consumer_group, topic, kafka_partition, next_offset, updated_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (consumer_group, topic, kafka_partition) DO NOTHING
                """,
            parameters: [.text(group), .text(topic), .integer(Int64(partition)), .integer(next), .text(now.sqlText)])
    }

    /// Moves a partition's offset from `expected` to `next`. Affects 0 rows when someone else moved it
    /// since this worker read it: the fence that keeps a stale writer from loading a batch twice.
    package func advanceOffset(
        group: String, topic: String, partition: Int32, expected: Int64, next: Int64, now: Timestamp
    ) -> BoundStatement {
        BoundStatement(
            sql: """
                UPDATE \(t("starsink_offsets")) SET next_offset = ?, updated_at = ?
                WHERE consumer_group = ? AND topic = ? AND kafka_partition = ? AND next_offset = ?
                """,
            parameters: [
                .integer(next), .text(now.sqlText), .text(group), .text(topic), .integer(Int64(partition)),
                .integer(expected),
            ])
    }

    /// Moves every partition's stored offset, each fenced: the statement must affect exactly the
    /// rows it names, or another writer moved them since this worker read them.
    package func offsetWrites(_ moves: [OffsetMove], group: String, now: Timestamp, into writer: inout BatchWriter) {
        guard dialect == .snowflake else {
            for move in moves {
                let statement =
                    if let expected = move.expected {
                        advanceOffset(
                            group: group, topic: move.topic, partition: move.partition, expected: expected,
                            next: move.next, now: now)
                    } else {
                        insertOffset(
                            group: group, topic: move.topic, partition: move.partition, next: move.next, now: now)
                    }
                writer.append(statement, expectedRows: 1)
            }
            return
        }
        // Snowflake: two set-based statements whatever the number of partitions. Writers take turns on
        // the lock row, so the row counts are exact: no other transaction can move an offset in between.
        var advances = RowSet([
            ("topic", .text), ("kafka_partition", .integer), ("expected_offset", .bigint),
            ("next_offset", .bigint), ("updated_at", .timestamp),
        ])
        var claims = RowSet([
            ("topic", .text), ("kafka_partition", .integer), ("next_offset", .bigint), ("updated_at", .timestamp),
        ])
        for move in moves {
            if let expected = move.expected {
                advances.append([
                    .text(move.topic), .integer(Int64(move.partition)), .integer(expected), .integer(move.next),
                    .text(now.sqlText),
                ])
            } else {
                claims.append([
                    .text(move.topic), .integer(Int64(move.partition)), .integer(move.next), .text(now.sqlText),
                ])
            }
        }
        writer.bulk(
            """
            UPDATE \(t("starsink_offsets")) AS o SET next_offset = u.next_offset, updated_at = u.updated_at
            FROM {rows} WHERE o.consumer_group = ? AND o.topic = u.topic AND o.kafka_partition = u.kafka_partition
              AND o.next_offset = u.expected_offset
            """, rows: advances, kind: .offsetAdvance, parameters: [.text(group)], expectedRows: advances.count)
        writer.bulk(
            """
            INSERT INTO \(t("starsink_offsets")) (consumer_group, topic, kafka_partition, next_offset, updated_at)
            SELECT ?, u.topic, u.kafka_partition, u.next_offset, u.updated_at FROM {rows}
            WHERE NOT EXISTS (SELECT 1 FROM \(t("starsink_offsets")) AS o
                              WHERE o.consumer_group = ? AND o.topic = u.topic AND o.kafka_partition = u.kafka_partition)
            """, rows: claims, kind: .offsetNew, parameters: [.text(group), .text(group)], expectedRows: claims.count)
    }

    // MARK: Session and transaction set-up

    /// Run once per connection before its first batch, outside any transaction: Snowflake's
    /// temporary staging tables (in the starsink schema, made the session's current one).
    package var sessionSetup: [String] {
        guard dialect == .snowflake else { return [] }
        return ["USE SCHEMA \(target.qualifiedSchema)"] + Snowflake.stageDefinitions
    }

    /// The first statements of every batch transaction. Snowflake has no row locks and enforces no
    /// key, so writers take turns: each transaction first updates the one lock row, and Snowflake
    /// holds that table's lock until commit. Reads, plan and writes then see every earlier batch;
    /// decoding and planning of other workers go on meanwhile. The row must exist.
    package func beginSteps(holder: String, now: Timestamp) -> [WarehouseStep] {
        guard dialect == .snowflake else { return [] }
        return [
            .lock(
                BoundStatement(
                    sql:
                        "UPDATE \(t("starsink_lock")) SET holder = ?, acquired_at = CAST(? AS TIMESTAMP_NTZ) WHERE lock_name = 'writer'",
                    parameters: [.text(holder), .text(now.sqlText)]))
        ]
    }
}
