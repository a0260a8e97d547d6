extension ODBCConnection {
    /// Executes `sql` once per row of `columns` (column-major: `columns[c][r]`, all columns equally
    /// long) by column-wise array binding; see `ODBCStatement.executeArray(columns:maxBufferBytes:)`
    /// for the splitting, the errors and what each driver does.
    ///
    /// The statement is prepared once for all executions. Zero rows and unequal columns are
    /// settled before it is prepared: zero rows execute nothing, unequal columns throw.
    package func executeArray(
        _ sql: String, columns: [[ODBCValue]], maxBufferBytes: Int = 16 << 20
    ) throws(ODBCError) -> ODBCArrayResult {
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: maxBufferBytes)
        guard !plan.chunks.isEmpty else { return ODBCArrayResult(rowCount: 0, statuses: [], executions: 0) }
        let statement = try prepare(sql)
        defer { statement.close() }
        return try statement.executeArray(plan, columns: columns)
    }
}
