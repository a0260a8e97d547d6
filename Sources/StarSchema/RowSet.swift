/// Rows for one bulk statement, held column by column.
///
/// Column-major because PostgreSQL's fast path binds one array literal per column
/// (`unnest(?::text[], …)`) and ODBC array binding (Snowflake's stage) binds one buffer per column;
/// SQLite's JSON rows read the same columns row by row.
package struct RowSet: Sendable {
    package struct Column: Sendable {
        package var name: String
        package var type: SQLColumnType
        package var values: [SQLValue]
    }

    package private(set) var columns: [Column]

    package init(_ columns: [(String, SQLColumnType)], capacity: Int = 0) {
        self.columns = columns.map { name, type in
            var values: [SQLValue] = []
            values.reserveCapacity(capacity)
            return Column(name: name, type: type, values: values)
        }
    }

    package var count: Int { columns.first?.values.count ?? 0 }
    package var isEmpty: Bool { count == 0 }

    /// Appends one row; `values` must follow the column order.
    package mutating func append(_ values: [SQLValue]) {
        for index in columns.indices { columns[index].values.append(values[index]) }
    }

    /// The column names joined for a column list, e.g. `order_id, price`.
    package var columnList: String { columns.map(\.name).joined(separator: ", ") }
}

/// A statement ready to execute: SQL text plus its parameters in order.
package struct BoundStatement: Sendable, Hashable {
    package var sql: String
    package var parameters: [SQLValue]

    package init(sql: String, parameters: [SQLValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension WarehouseDialect {
    /// Renders a bulk statement over `rows`. The template names the row source `{rows}` and reads its
    /// columns as `u.<name>`, e.g. `INSERT INTO t (a) SELECT u.a FROM {rows} WHERE true`.
    ///
    /// PostgreSQL: one statement, one array-literal parameter per column. SQLite: one statement, one
    /// parameter holding the rows as JSON, `WITH u(…) AS (SELECT … FROM json_each(?))`. Snowflake has
    /// neither form: its rows go through the stage instead (`BatchWriter`), and this returns nothing.
    package func bulk(_ template: String, rows: RowSet) -> [BoundStatement] {
        guard !rows.isEmpty else { return [] }
        switch self {
        case .postgresql:
            let source = Self.postgresUnnest(rows.columns.map { ($0.name, $0.type) })
            let parameters = rows.columns.map { SQLValue.text(PostgresArrayLiteral.encode($0.values, type: $0.type)) }
            return [BoundStatement(sql: template.replacingFirst("{rows}", with: source), parameters: parameters)]
        case .sqlite:
            // One parameter whatever the row count: the rows as one JSON array of arrays, taken apart
            // by SQLite's own C (`json_each`). Binding 13 parameters per row cost more than SQLite's
            // inserts themselves (callgrind: a third of the daemon's CPU in binding and conversion).
            let columns = rows.columns.enumerated().map { "json_extract(value, '$[\($0.offset)]')" }.joined(
                separator: ", ")
            let prefix = "WITH u(\(rows.columnList)) AS (SELECT \(columns) FROM json_each(?)) "
            return [
                BoundStatement(
                    sql: prefix + template.replacingFirst("{rows}", with: "u"), parameters: [.text(JSONText.rows(rows))]
                )
            ]
        case .snowflake:
            return []
        }
    }
}

extension WarehouseDialect {
    /// PostgreSQL's row source over one array parameter per column: `unnest(?::text[], …) AS u(a, …)`.
    static func postgresUnnest(_ columns: [(name: String, type: SQLColumnType)]) -> String {
        "unnest(" + columns.map { "?::\($0.type.postgresArrayCast)" }.joined(separator: ", ")
            + ") AS u(" + columns.map(\.name).joined(separator: ", ") + ")"
    }
}

/// PostgreSQL array literals (`{"a","b",NULL}`), the text form of one column array parameter.
package enum PostgresArrayLiteral {
    package static func encode(_ values: [SQLValue], type: SQLColumnType) -> String {
        var column = PostgresArrayColumn(capacity: values.count)
        for value in values { column.append(value, type: type) }
        return column.takeLiteral()
    }
}

extension [UInt8] {
    /// Appends `number` in decimal ASCII, without the String an interpolation would allocate
    /// (array literals and JSON rows write one per integer cell).
    mutating func appendDecimal(_ number: Int64) {
        if number < 0 { append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { append(buffer[index]) }
        }
    }
}

extension String {
    /// Replaces the first occurrence only (templates hold one `{rows}`).
    package func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
