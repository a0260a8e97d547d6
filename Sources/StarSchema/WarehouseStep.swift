/// One statement of a batch transaction, as the executor runs it.
package enum WarehouseStep: Sendable {
    /// A statement with one parameter set. `expectedRows` is the row count it must report (the offset
    /// fences): any other count means another writer moved the offsets, and the batch is dropped.
    case statement(BoundStatement, expectedRows: Int?)
    /// A plain `INSERT … VALUES (?, …)` executed once per row by column-wise ODBC array binding:
    /// the bulk path Snowflake's drivers offer (above `CLIENT_STAGE_ARRAY_BINDING_THRESHOLD` they
    /// upload the arrays to a temporary stage themselves).
    case array(ArrayStatement)
    /// Takes Snowflake's writer lock: an UPDATE of the one lock row, which must affect exactly that row.
    case lock(BoundStatement)

    package static func statement(_ statement: BoundStatement) -> WarehouseStep { .statement(statement, expectedRows: nil) }

    package var sql: String {
        switch self {
        case .statement(let statement, _), .lock(let statement): statement.sql
        case .array(let array): array.sql
        }
    }
}

/// An INSERT whose rows are bound as column arrays: `rows.columns[c].values[r]` is parameter c of row r.
package struct ArrayStatement: Sendable {
    package var sql: String
    package var rows: RowSet
    /// The most bytes one execution's column buffers may take; the executor splits larger arrays.
    package var maxBufferBytes: Int

    package init(sql: String, rows: RowSet, maxBufferBytes: Int = 16 << 20) {
        self.sql = sql
        self.rows = rows
        self.maxBufferBytes = maxBufferBytes
    }

    /// The parameter sets row by row, for printing (`starsink sql`).
    package var parameterSets: [[SQLValue]] {
        (0..<rows.count).map { row in rows.columns.map { $0.values[row] } }
    }
}

/// Where one partition's stored offset moves in a batch: from `expected` (nil when the partition
/// has no row yet) to `next`.
package struct OffsetMove: Sendable, Hashable {
    package var topic: String
    package var partition: Int32
    package var expected: Int64?
    package var next: Int64

    package init(topic: String, partition: Int32, expected: Int64?, next: Int64) {
        self.topic = topic
        self.partition = partition
        self.expected = expected
        self.next = next
    }
}
