import CODBC

extension ODBCStatement {
    /// Executes the statement once per row of `columns` (column-major: `columns[c][r]`, all columns
    /// equally long) by column-wise array binding (`SQL_PARAM_BIND_BY_COLUMN`,
    /// `SQL_ATTR_PARAMSET_SIZE`), split into executions whose buffers stay under `maxBufferBytes`,
    /// in row order. Zero rows execute nothing. Unequal columns throw before anything is executed.
    ///
    /// Any failed parameter set throws, whether the driver returned `SQL_ERROR` or went on and
    /// returned `SQL_SUCCESS_WITH_INFO` with some statuses `SQL_PARAM_ERROR`: the caller runs in a
    /// transaction and rolls it back. `ODBCError.failedRows` names the failed rows across the whole
    /// call. Sets before the failing one may have run (earlier executions, and within the failing
    /// one, see below): in autocommit mode their rows stay, on both drivers here.
    ///
    /// What the drivers here do (measured 2026-12-02; asserted in `ArrayBindingErrorTests`):
    /// - SQLite3 ODBC 0.9998 runs the sets one by one; `SQLRowCount` is the execution's total. It
    ///   never writes the status array; at the first failing set it stops with `SQL_ERROR` and
    ///   counts as processed only the sets before it, so the failed row is the one at index
    ///   `processed` (statuses are derived from that). Its `SQL_DIAG_ROW_NUMBER` is garbage and
    ///   is not read.
    /// - psqlODBC 13.02 splices each set's values into its own INSERT as quoted literals and joins
    ///   `BatchSize` (default 100) of them with `;` into one simple-query message (seen in the
    ///   server's statement log): one round trip and, in autocommit mode, one implicit transaction
    ///   per batch, but the server parses and plans every row. `SQLRowCount` is the first set's
    ///   count only; the others follow through `SQLMoreResults` (`SQL_PARC_BATCH`) and are summed
    ///   here. A failing set fails its whole batch (`BatchSize` sets): that batch's
    ///   sets are all `SQL_PARAM_ERROR` (the driver cannot tell which one), earlier batches
    ///   `SQL_PARAM_SUCCESS`, later ones `SQL_PARAM_UNUSED`; it stops with `SQL_ERROR` and gives no
    ///   `SQL_DIAG_ROW_NUMBER`. So `failedRows` is the failing batch, not one row. In manual-commit
    ///   mode with the default `Protocol=7.4-2`, the whole execute is rolled back to a savepoint
    ///   and the transaction stays usable; with `7.4-1` the transaction is rolled back.
    package func executeArray(columns: [[ODBCValue]], maxBufferBytes: Int = 16 << 20) throws(ODBCError)
        -> ODBCArrayResult
    {
        try executeArray(ArrayBindingPlan(columns: columns, maxBufferBytes: maxBufferBytes), columns: columns)
    }

    /// Runs every chunk of an already validated plan.
    func executeArray(_ plan: ArrayBindingPlan, columns: [[ODBCValue]]) throws(ODBCError) -> ODBCArrayResult {
        let driver = ArrayDriverTraits(connection)
        var result = ODBCArrayResult(rowCount: 0, statuses: [], executions: 0)
        result.statuses.reserveCapacity(columns.first?.count ?? 0)
        for chunk in plan.chunks {
            let (rowCount, statuses) = try executeChunk(chunk, of: plan, columns: columns, driver: driver)
            result.rowCount = result.rowCount < 0 || rowCount < 0 ? -1 : result.rowCount + rowCount
            result.statuses += statuses
            result.executions += 1
        }
        return result
    }

    private func executeChunk(
        _ chunk: ArrayBindingPlan.Chunk, of plan: ArrayBindingPlan, columns: [[ODBCValue]], driver: ArrayDriverTraits
    ) throws(ODBCError) -> (rowCount: Int, statuses: [ODBCParameterSetStatus]) {
        let stmt = try liveHandle()
        SQLFreeStmt(stmt, SQLUSMALLINT(SQL_CLOSE))
        SQLFreeStmt(stmt, SQLUSMALLINT(SQL_RESET_PARAMS))
        try applyTimeout(stmt)
        // Memory rule: the driver reads the bound arrays and writes the status array and processed
        // count during the execute call below. `buffers` owns them and stays alive, by
        // `withExtendedLifetime`, until every pointer has been unbound in the `defer`.
        let buffers = ColumnArrayBuffers(columns: columns, kinds: plan.kinds, chunk: chunk)
        return try withExtendedLifetime(buffers) { () throws(ODBCError) -> (Int, [ODBCParameterSetStatus]) in
            defer {
                // A handle that cannot be put back to one parameter set would run its next single
                // execute over freed memory: free it instead, so any later call fails with 08003.
                if !resetArrayAttributes(stmt) { close() }
            }
            let bindByColumn = SQLPOINTER(bitPattern: UInt(SQL_PARAM_BIND_BY_COLUMN))
            try setAttribute(stmt, SQL_ATTR_PARAM_BIND_TYPE, bindByColumn, "PARAM_BIND_TYPE")
            try setAttribute(
                stmt, SQL_ATTR_PARAMSET_SIZE, SQLPOINTER(bitPattern: UInt(buffers.rowCount)), "PARAMSET_SIZE")
            try setAttribute(stmt, SQL_ATTR_PARAM_STATUS_PTR, SQLPOINTER(buffers.statusArray), "PARAM_STATUS_PTR")
            try setAttribute(stmt, SQL_ATTR_PARAMS_PROCESSED_PTR, SQLPOINTER(buffers.processed), "PARAMS_PROCESSED_PTR")
            for column in plan.kinds.indices {
                try check(buffers.bind(column, to: stmt), "SQLBindParameter(\(column + 1))")
            }
            let rc = executeBound(stmt)
            if rc == SQLRETURN(SQL_INVALID_HANDLE) {
                throw ODBCError(operation: executeOperation, message: "invalid handle")
            }
            let outcome = try checkOutcome(rc, stmt, buffers: buffers, rows: chunk.rows, driver: driver)
            let rowCount = try self.rowCount(stmt, perParameterSet: driver.reportsRowCountPerSet)
            SQLFreeStmt(stmt, SQLUSMALLINT(SQL_CLOSE))
            return (rowCount, outcome.statuses)
        }
    }

    /// Decides the execution's outcome; throws with the failed rows unless every set succeeded.
    private func checkOutcome(
        _ rc: SQLRETURN, _ stmt: SQLHSTMT, buffers: ColumnArrayBuffers, rows: Range<Int>, driver: ArrayDriverTraits
    ) throws(ODBCError) -> ArrayExecutionOutcome {
        // SQL_NO_DATA: a searched UPDATE/DELETE that touched no row; not an error.
        let succeeded = starsink_sql_succeeded(rc) != 0 || rc == SQLRETURN(SQL_NO_DATA)
        // Records are read only when they are needed: reading row numbers costs a call per record.
        let records =
            succeeded && !buffers.rawStatuses.contains(SQLUSMALLINT(SQL_PARAM_ERROR))
            ? []
            : Diagnostics.records(
                handleType: SQL_HANDLE_STMT, handle: stmt, secrets: connection.secrets,
                executionRows: driver.reportsDiagnosticRowNumbers ? rows : nil)
        // Warnings (01xxx) may carry a row number too; only errors make a row failed.
        let reported = records.filter { !$0.sqlstate.hasPrefix("01") }.compactMap(\.rowNumber)
        let outcome = ArrayExecutionOutcome(
            raw: buffers.rawStatuses, processed: Int(buffers.processed.pointee), succeeded: succeeded,
            processedExcludesFailedSet: driver.countsOnlySucceededSetsAsProcessed,
            reportedSets: reported.map { $0 - rows.lowerBound })
        guard outcome.isFailure else {
            if rc == SQLRETURN(SQL_SUCCESS_WITH_INFO) {
                connection.logWarnings(executeOperation, handleType: SQL_HANDLE_STMT, handle: stmt)
            }
            return outcome
        }
        var error = ODBCError(operation: executeOperation, records: records)
        error.failedRows = outcome.failedSets.map { $0 + rows.lowerBound }
        throw error
    }

    /// The execution's affected rows: `SQLRowCount`, plus, for a driver that keeps one count per
    /// parameter set, the counts of every further result reached with `SQLMoreResults`.
    private func rowCount(_ stmt: SQLHSTMT, perParameterSet: Bool) throws(ODBCError) -> Int {
        var count: SQLLEN = -1
        try check(SQLRowCount(stmt, &count), "SQLRowCount")
        var total = Int(count)
        guard perParameterSet else { return total }
        while true {
            let rc = SQLMoreResults(stmt)
            if rc == SQLRETURN(SQL_NO_DATA) { return total }
            try check(rc, "SQLMoreResults")
            try check(SQLRowCount(stmt, &count), "SQLRowCount")
            total = total < 0 || count < 0 ? -1 : total + Int(count)
        }
    }

    private func setAttribute(_ stmt: SQLHSTMT, _ attribute: Int32, _ value: SQLPOINTER?, _ name: String)
        throws(ODBCError)
    {
        try check(SQLSetStmtAttrW(stmt, SQLINTEGER(attribute), value, 0), "SQLSetStmtAttr(\(name))")
    }

    /// Unbinds the arrays and restores single-row execution; false if the driver refused.
    private func resetArrayAttributes(_ stmt: SQLHSTMT) -> Bool {
        let results = [
            SQLFreeStmt(stmt, SQLUSMALLINT(SQL_RESET_PARAMS)),
            SQLSetStmtAttrW(stmt, SQLINTEGER(SQL_ATTR_PARAMSET_SIZE), SQLPOINTER(bitPattern: 1), 0),
            SQLSetStmtAttrW(stmt, SQLINTEGER(SQL_ATTR_PARAM_STATUS_PTR), nil, 0),
            SQLSetStmtAttrW(stmt, SQLINTEGER(SQL_ATTR_PARAMS_PROCESSED_PTR), nil, 0),
        ]
        return results.allSatisfy { starsink_sql_succeeded($0) != 0 }
    }
}
