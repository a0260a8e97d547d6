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

    package static func statement(_ statement: BoundStatement) -> WarehouseStep {
        .statement(statement, expectedRows: nil)
    }

    package var sql: String {
        switch self {
        case .statement(let statement, _), .lock(let statement): statement.sql
        case .array(let array): array.sql
        }
    }
}
