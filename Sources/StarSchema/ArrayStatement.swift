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
