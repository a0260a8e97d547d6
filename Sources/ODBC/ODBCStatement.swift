import CODBC

/// A statement handle (`SQLHSTMT`) for one SQL text, executable many times with new parameters.
///
/// Threading rule: the owning connection's — one thread at a time (see `ODBCConnection`).
/// The statement keeps its connection alive; closing the connection frees the statement too,
/// after which every call fails with SQLSTATE 08003.
package final class ODBCStatement: @unchecked Sendable {
    private var handle: SQLHSTMT?
    let connection: ODBCConnection
    private let sql: [SQLWCHAR]
    private let prepared: Bool
    private var appliedTimeout = 0

    init(connection: ODBCConnection, sql: String, prepared: Bool) throws(ODBCError) {
        self.connection = connection
        self.sql = UTF16Text.units(sql)
        self.prepared = prepared
        let dbc = try connection.openHandle("SQLAllocHandle(STMT)")
        var stmt: SQLHSTMT?
        let rc = SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_STMT), dbc, &stmt)
        guard starsink_sql_succeeded(rc) != 0, let stmt else {
            throw Diagnostics.error(
                "SQLAllocHandle(STMT)", handleType: SQL_HANDLE_DBC, handle: dbc, secrets: connection.secrets)
        }
        handle = stmt
        connection.register(self)
        if prepared {
            var text = self.sql
            try check(SQLPrepareW(stmt, &text, SQLINTEGER(text.count)), "SQLPrepare")
        }
    }

    deinit {
        close()
    }

    /// Executes with the given parameters; returns `SQLRowCount` (-1 when unknown).
    @discardableResult
    package func execute(_ parameters: [ODBCValue]) throws(ODBCError) -> Int {
        let stmt = try run(parameters)
        defer { SQLFreeStmt(stmt, SQLUSMALLINT(SQL_CLOSE)) }
        var count: SQLLEN = -1
        try check(SQLRowCount(stmt, &count), "SQLRowCount")
        return Int(count)
    }

    /// Executes with the given parameters; returns every row, every column as text.
    package func query(_ parameters: [ODBCValue]) throws(ODBCError) -> [[String?]] {
        let stmt = try run(parameters)
        defer { SQLFreeStmt(stmt, SQLUSMALLINT(SQL_CLOSE)) }
        return try ResultReader(statement: stmt, check: check).readAll()
    }

    /// Frees the handle. Idempotent; the connection calls it before disconnecting.
    func close() {
        guard let stmt = handle else { return }
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_STMT), stmt)
        handle = nil
        connection.unregister(self)
    }

    /// Binds, executes, and returns the handle positioned on the result (if any).
    private func run(_ parameters: [ODBCValue]) throws(ODBCError) -> SQLHSTMT {
        let stmt = try liveHandle()
        SQLFreeStmt(stmt, SQLUSMALLINT(SQL_CLOSE))
        SQLFreeStmt(stmt, SQLUSMALLINT(SQL_RESET_PARAMS))
        try applyTimeout(stmt)
        // Memory rule: the driver reads bound parameter buffers during SQLExecute /
        // SQLExecDirect, not during SQLBindParameter. `buffers` owns them and must stay alive
        // until the execute call below has returned; `withExtendedLifetime` guarantees it.
        let buffers = ParameterBuffers(parameters)
        return try withExtendedLifetime(buffers) { () throws(ODBCError) -> SQLHSTMT in
            for index in parameters.indices {
                try check(buffers.bind(index, to: stmt), "SQLBindParameter(\(index + 1))")
            }
            let rc = executeBound(stmt)
            // SQL_NO_DATA: a searched UPDATE/DELETE that touched no row; not an error.
            if rc != SQLRETURN(SQL_NO_DATA) {
                try check(rc, executeOperation)
            }
            return stmt
        }
    }

    /// The handle, or SQLSTATE 08003 if the connection has already freed it.
    func liveHandle() throws(ODBCError) -> SQLHSTMT {
        guard let handle else {
            throw ODBCError(
                operation: executeOperation, sqlstate: "08003",
                message: "statement is closed (its connection was closed)")
        }
        return handle
    }

    /// The ODBC function `executeBound` calls, for error messages.
    var executeOperation: String { prepared ? "SQLExecute" : "SQLExecDirect" }

    /// Executes the statement with whatever parameters are bound; returns the driver's code unchecked.
    func executeBound(_ stmt: SQLHSTMT) -> SQLRETURN {
        if prepared { return SQLExecute(stmt) }
        var text = sql
        return SQLExecDirectW(stmt, &text, SQLINTEGER(text.count))
    }

    func applyTimeout(_ stmt: SQLHSTMT) throws(ODBCError) {
        let timeout = max(0, connection.queryTimeoutSeconds)
        guard timeout != appliedTimeout else { return }
        let value = SQLPOINTER(bitPattern: UInt(timeout))
        try check(SQLSetStmtAttrW(stmt, SQLINTEGER(SQL_ATTR_QUERY_TIMEOUT), value, 0), "SQLSetStmtAttr(QUERY_TIMEOUT)")
        appliedTimeout = timeout
    }

    /// Throws the statement's diagnostics if `rc` is not a success; logs warnings.
    func check(_ rc: SQLRETURN, _ operation: String) throws(ODBCError) {
        if rc == SQLRETURN(SQL_SUCCESS) { return }
        if rc == SQLRETURN(SQL_SUCCESS_WITH_INFO) {
            connection.logWarnings(operation, handleType: SQL_HANDLE_STMT, handle: handle)
            return
        }
        if rc == SQLRETURN(SQL_INVALID_HANDLE) {
            throw ODBCError(operation: operation, message: "invalid handle")
        }
        throw Diagnostics.error(operation, handleType: SQL_HANDLE_STMT, handle: handle, secrets: connection.secrets)
    }
}
