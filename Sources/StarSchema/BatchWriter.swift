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
            steps.append(
                .array(
                    ArrayStatement(sql: Snowflake.insert(into: Snowflake.stage, columns: stage.columns), rows: stage)))
        }
        if !rejectedStage.isEmpty {
            steps.append(.statement(BoundStatement(sql: "DELETE FROM \(Snowflake.rejectedStage)")))
            // About 1 MiB per execution, the statement size Snowflake recommends.
            steps.append(
                .array(
                    ArrayStatement(
                        sql: Snowflake.insert(into: Snowflake.rejectedStage, columns: rejectedStage.columns),
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
    package mutating func bulk(
        _ template: String, rows: RowSet, kind: Snowflake.StageKind,
        parameters: [SQLValue] = [], expectedRows: Int? = nil
    ) {
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
