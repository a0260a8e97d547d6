extension WarehouseStatements {
    /// The DIM_PRODUCT columns, state columns included, as read and written.
    package static let productColumns: [(String, SQLColumnType)] = [
        ("product_id", .text), ("product_name", .text), ("category", .text), ("previous_category", .text),
        ("category_changed_at", .timestamp), ("last_event_at", .timestamp), ("last_order_id", .text),
        ("run_start_at", .timestamp), ("run_start_order_id", .text),
        ("previous_run_end_at", .timestamp), ("previous_run_end_order_id", .text),
    ]

    func productRows(_ states: [ProductState]) -> RowSet {
        var rows = RowSet(Self.productColumns, capacity: states.count)
        for p in states {
            rows.append([
                .text(p.productID), .text(p.name), .text(p.category), p.previousCategory.map(SQLValue.text) ?? .null,
                p.categoryChangedAt.map { .text($0.sqlText) } ?? .null, .text(p.lastEvent.timestamp.sqlText),
                .text(p.lastEvent.orderID),
                .text(p.runStart.timestamp.sqlText), .text(p.runStart.orderID),
                p.previousRunEnd.map { .text($0.timestamp.sqlText) } ?? .null,
                p.previousRunEnd.map { .text($0.orderID) } ?? .null,
            ])
        }
        return rows
    }

    /// Products the warehouse lacks, as this batch alone defines them (PostgreSQL, before the facts
    /// that reference them). Existing rows are left to `productWrites`.
    func insertNewProducts(_ states: [ProductState], into writer: inout BatchWriter) {
        insertMissing("dim_product", rows: productRows(states), keys: ["product_id"], kind: .product, into: &writer)
    }

    /// The current rows of the given products; on PostgreSQL locked in product_id order, so that
    /// two workers merging into the same product take turns and never deadlock on each other.
    /// `FOR NO KEY UPDATE`, not `FOR UPDATE`: PRODUCT_ID never changes, and the weaker lock does not
    /// wait for the `KEY SHARE` locks other workers' enforced foreign keys hold on these rows until
    /// they commit (`starsink bench --workers 3`, enforced keys: 9,997 orders/s with `FOR UPDATE`,
    /// 17,379 with this lock).
    package func lockProducts(_ productIDs: [String]) -> BoundStatement {
        let (condition, parameter) = membership("product_id", productIDs)
        let lock = dialect == .postgresql ? " ORDER BY product_id\(binaryCollation) FOR NO KEY UPDATE" : ""
        return BoundStatement(
            sql: """
                SELECT \(Self.productColumns.map(\.0).joined(separator: ", ")) FROM \(t("dim_product")) WHERE \(condition)\(lock)
                """, parameters: [parameter])
    }

    package func parseProductState(_ row: [String?]) -> ProductState? {
        guard row.count == 11, let productID = row[0], let name = row[1], let category = row[2],
            let lastAt = row[5].flatMap(Timestamp.init(sqlText:)), let lastOrder = row[6]
        else { return nil }
        let changedAt = row[4].flatMap(Timestamp.init(sqlText:))
        // Rows written before schema version 2 have no run boundaries: their change time stands in.
        let runStart =
            row[7].flatMap(Timestamp.init(sqlText:)).map { EventKey(timestamp: $0, orderID: row[8] ?? "") }
            ?? EventKey(timestamp: changedAt ?? lastAt, orderID: changedAt == nil ? lastOrder : "")
        let previousEnd = row[9].flatMap(Timestamp.init(sqlText:)).map {
            EventKey(timestamp: $0, orderID: row[10] ?? "")
        }
        return ProductState(
            productID: productID, name: name, category: category, previousCategory: row[3],
            runStart: runStart, previousRunEnd: row[3] == nil ? nil : (previousEnd ?? runStart),
            lastEvent: EventKey(timestamp: lastAt, orderID: lastOrder))
    }

    /// Every loaded order key of the given products: needed only when a late order splits a final run.
    package func productOrderKeys(_ productIDs: [String]) -> BoundStatement {
        let (condition, parameter) = membership("product_id", productIDs)
        return BoundStatement(
            sql: "SELECT product_id, order_timestamp, order_id FROM \(t("fact_orders")) WHERE \(condition)",
            parameters: [parameter])
    }

    package func parseProductOrderKey(_ row: [String?]) -> (productID: String, key: EventKey)? {
        guard row.count == 3, let productID = row[0], let at = row[1].flatMap(Timestamp.init(sqlText:)),
            let orderID = row[2]
        else { return nil }
        return (productID, EventKey(timestamp: at, orderID: orderID))
    }

    /// Writes the merged states of the batch's products (`ProductHistory.mergeBatch`): rows the
    /// warehouse has are updated, the others inserted. On Snowflake one MERGE does both.
    package func productWrites(_ changed: [ProductState], stored: Set<String>, into writer: inout BatchWriter) {
        guard dialect != .snowflake else {
            let rows = productRows(changed)
            writer.bulk(
                """
                MERGE INTO \(t("dim_product")) AS p USING {rows} ON p.product_id = u.product_id
                WHEN MATCHED THEN UPDATE SET
                    \(rows.columns.dropFirst().map { "\($0.name) = u.\($0.name)" }.joined(separator: ",\n    "))
                WHEN NOT MATCHED THEN INSERT (\(rows.columnList))
                    VALUES (\(rows.columns.map { "u.\($0.name)" }.joined(separator: ", ")))
                """, rows: rows, kind: .product)
            return
        }
        let rows = productRows(changed.filter { stored.contains($0.productID) })
        writer.bulk(
            """
            UPDATE \(t("dim_product")) AS p SET
                \(rows.columns.dropFirst().map { "\($0.name) = u.\($0.name)" }.joined(separator: ",\n    "))
            FROM {rows} WHERE p.product_id = u.product_id
            """, rows: rows, kind: .product)
        // A product without a row here was taken for an existing one (the worker's cache of known
        // products, after a row was deleted by hand), or this dialect reads products before writing:
        // insert it as merged rather than lose it.
        insertNewProducts(changed.filter { !stored.contains($0.productID) }, into: &writer)
    }
}
