/// Collects one batch's writes as the steps its dialect runs.
///
/// PostgreSQL and SQLite carry each bulk statement's rows in its own parameters (one array literal per
/// column, or one JSON text). Snowflake cannot: a statement there is a round trip of 50–200 ms, it has
/// no `unnest`, and its grammar allows neither `WITH … INSERT` nor `VALUES` as a CTE body. There every
/// row of the batch goes into ONE array-bound `INSERT` into the session's temporary stage table
/// (`starsink_stage`, all text, one `kind` per row set), and each write is a set-based statement that
/// reads its rows back from the stage with explicit casts. Dead letters have a stage of their own: their
/// payloads can be a mebibyte each, and a column-wise array is as wide as its longest value.
package struct BatchWriter: Sendable {
    package let statements: WarehouseStatements
    private var writes: [WarehouseStep] = []
    private var stage: RowSet
    private var rejectedStage: RowSet

    package init(_ statements: WarehouseStatements) {
        self.statements = statements
        stage = RowSet(Snowflake.stageColumns)
        rejectedStage = RowSet(Snowflake.rejectedStageColumns)
    }

    /// The steps in the order they must run: on Snowflake the stage is filled first.
    package var steps: [WarehouseStep] {
        guard statements.dialect == .snowflake else { return writes }
        var steps: [WarehouseStep] = []
        if !stage.isEmpty {
            steps.append(.statement(BoundStatement(sql: "DELETE FROM \(Snowflake.stage)")))
            steps.append(.array(ArrayStatement(sql: Snowflake.insert(into: Snowflake.stage, columns: stage.columns), rows: stage)))
        }
        if !rejectedStage.isEmpty {
            steps.append(.statement(BoundStatement(sql: "DELETE FROM \(Snowflake.rejectedStage)")))
            // About 1 MiB per execution, the statement size Snowflake recommends.
            steps.append(.array(ArrayStatement(sql: Snowflake.insert(into: Snowflake.rejectedStage, columns: rejectedStage.columns),
                                               rows: rejectedStage, maxBufferBytes: 1 << 20)))
        }
        return steps + writes
    }

    package mutating func append(_ step: WarehouseStep) { writes.append(step) }

    package mutating func append(_ statement: BoundStatement, expectedRows: Int? = nil) {
        writes.append(.statement(statement, expectedRows: expectedRows))
    }

    /// Adds a bulk statement over `rows`. The template names the row source `{rows}` and reads its
    /// columns as `u.<name>`; `parameters` are bound after the rows' own (Snowflake: instead of them).
    /// Nothing is added when `rows` is empty.
    package mutating func bulk(_ template: String, rows: RowSet, kind: Snowflake.StageKind,
                               parameters: [SQLValue] = [], expectedRows: Int? = nil) {
        guard !rows.isEmpty else { return }
        guard statements.dialect == .snowflake else {
            for var statement in statements.dialect.bulk(template, rows: rows) {
                statement.parameters += parameters
                writes.append(.statement(statement, expectedRows: expectedRows))
            }
            return
        }
        let source = stageRows(rows, kind: kind)
        let sql = template.replacingFirst("{rows}", with: source)
        writes.append(.statement(BoundStatement(sql: sql, parameters: parameters), expectedRows: expectedRows))
    }

    /// Appends `rows` to the stage and returns the subquery that reads them back, typed.
    private mutating func stageRows(_ rows: RowSet, kind: Snowflake.StageKind) -> String {
        let dedicated = kind == .rejected
        let width = dedicated ? rejectedStage.columns.count : stage.columns.count - 1
        precondition(rows.columns.count <= width, "a stage kind has more columns than the stage")  // our own row sets, not input
        for row in 0..<rows.count {
            var values = rows.columns.map { Snowflake.stagedText($0.values[row], type: $0.type) }
            values += Array(repeating: SQLValue.null, count: width - values.count)
            if dedicated { rejectedStage.append(values) } else { stage.append([.text(kind.rawValue)] + values) }
        }
        let casts = rows.columns.enumerated().map { index, column in
            "CAST(s.\(Snowflake.stageColumn(index)) AS \(column.type.snowflakeType)) AS \(column.name)"
        }.joined(separator: ", ")
        let filter = dedicated ? "" : " WHERE s.kind = '\(kind.rawValue)'"
        return "(SELECT \(casts) FROM \(dedicated ? Snowflake.rejectedStage : Snowflake.stage) AS s\(filter)) AS u"
    }
}

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
        return ["CREATE TEMPORARY TABLE IF NOT EXISTS \(stage) (kind VARCHAR(16) NOT NULL, \(stageColumns))",
                "CREATE TEMPORARY TABLE IF NOT EXISTS \(rejectedStage) (\(rejectedColumns))"]
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

extension SQLColumnType {
    /// The type a staged text value is cast to on Snowflake. TIMESTAMP_NTZ explicitly: a bare
    /// TIMESTAMP follows the account's TIMESTAMP_TYPE_MAPPING and may carry a time zone.
    var snowflakeType: String {
        switch self {
        case .text: "VARCHAR"
        case .bigint: "BIGINT"
        case .integer: "INTEGER"
        case .timestamp: "TIMESTAMP_NTZ"
        case .date: "DATE"
        case .numeric: "NUMBER(18,2)"
        case .boolean: "BOOLEAN"
        }
    }
}
