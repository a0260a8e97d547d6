/// Snowflake's staging tables and the text form of staged values.
package enum Snowflake {
    /// What a stage row holds; literal constants in the SQL, never input.
    package enum StageKind: String, Sendable {
        case fact, date, product, rejected
        case customerNew = "customer_new"
        case customerUpdate = "customer_update"
        case customerCorrection = "customer_fix"
        case customerRebuilt = "customer_rebuilt"
        case repoint
        case offsetAdvance = "offset_advance"
        case offsetNew = "offset_new"
    }

    /// Session temporary tables, unqualified: they live in the session's current schema (`USE SCHEMA`).
    package static let stage = "starsink_stage"
    package static let rejectedStage = "starsink_stage_rejected"
    /// The widest row set staged (FACT_ORDERS) has 13 columns.
    static let stageWidth = 13

    static func stageColumn(_ index: Int) -> String { index < 9 ? "c0\(index + 1)" : "c\(index + 1)" }

    static let stageColumns: [(String, SQLColumnType)] =
        [("kind", .text)] + (0..<stageWidth).map { (stageColumn($0), SQLColumnType.text) }
    static let rejectedStageColumns: [(String, SQLColumnType)] = (0..<8).map { (stageColumn($0), SQLColumnType.text) }

    /// The session's staging tables (DDL: run once per connection, outside a batch transaction,
    /// since Snowflake commits the open transaction before any DDL).
    static var stageDefinitions: [String] {
        let stageColumns = stageColumns.dropFirst().map { "\($0.0) VARCHAR" }.joined(separator: ", ")
        let rejectedColumns = rejectedStageColumns.map { "\($0.0) VARCHAR" }.joined(separator: ", ")
        return [
            "CREATE TEMPORARY TABLE IF NOT EXISTS \(stage) (kind VARCHAR(16) NOT NULL, \(stageColumns))",
            "CREATE TEMPORARY TABLE IF NOT EXISTS \(rejectedStage) (\(rejectedColumns))",
        ]
    }

    static func insert(into table: String, columns: [RowSet.Column]) -> String {
        "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// Every staged value is text, so one array-bound statement carries every kind of row; the
    /// statements reading the stage cast it back. Booleans are staged as `true`/`false`.
    static func stagedText(_ value: SQLValue, type: SQLColumnType) -> SQLValue {
        switch value {
        case .null, .text: value
        case .integer(let number) where type == .boolean: .text(number != 0 ? "true" : "false")
        case .integer(let number): .text(String(number))
        }
    }
}
