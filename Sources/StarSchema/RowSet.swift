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
            let source = "unnest("
                + rows.columns.map { "?::\($0.type.postgresArrayCast)" }.joined(separator: ", ")
                + ") AS u(\(rows.columnList))"
            let parameters = rows.columns.map { SQLValue.text(PostgresArrayLiteral.encode($0.values, type: $0.type)) }
            return [BoundStatement(sql: template.replacingFirst("{rows}", with: source), parameters: parameters)]
        case .sqlite:
            // One parameter whatever the row count: the rows as one JSON array of arrays, taken apart
            // by SQLite's own C (`json_each`). Binding 13 parameters per row cost more than SQLite's
            // inserts themselves (callgrind: a third of the daemon's CPU in binding and conversion).
            let columns = rows.columns.enumerated().map { "json_extract(value, '$[\($0.offset)]')" }.joined(separator: ", ")
            let prefix = "WITH u(\(rows.columnList)) AS (SELECT \(columns) FROM json_each(?)) "
            return [BoundStatement(sql: prefix + template.replacingFirst("{rows}", with: "u"), parameters: [.text(JSONText.rows(rows))])]
        case .snowflake:
            return []
        }
    }
}

/// PostgreSQL array literals (`{"a","b",NULL}`), the text form of one column array parameter.
package enum PostgresArrayLiteral {
    /// Built as bytes, then made a String once: this is the hottest client-side loop of a batch.
    package static func encode(_ values: [SQLValue], type: SQLColumnType) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(values.count * 16)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case .null:
                out.append(contentsOf: [78, 85, 76, 76])
            case .integer(let number):
                if type == .boolean {
                    out.append(number != 0 ? UInt8(ascii: "t") : UInt8(ascii: "f"))
                } else {
                    out.appendDecimal(number)
                }
            case .text(let text):
                appendQuoted(text, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Double-quotes every element, escaping `"` and `\`: then commas, braces, spaces and the word
    /// NULL inside values are data, never syntax.
    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Almost no value holds a quote or a backslash: copy those in one block.
            guard bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension [UInt8] {
    /// Appends `number` in decimal ASCII, without the String an interpolation would allocate
    /// (array literals and JSON rows write one per integer cell).
    mutating func appendDecimal(_ number: Int64) {
        if number < 0 { append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
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
