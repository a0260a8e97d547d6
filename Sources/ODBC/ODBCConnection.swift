import CODBC
import Logging

/// One ODBC connection (an `SQLHDBC`), opened with `SQLDriverConnect`.
///
/// Threading rule: a connection and the statements prepared on it are used by ONE thread at
/// a time — in starsink, the owning worker's serial Dispatch queue (the supervisor's and the
/// commands' own connections stay on the main thread). The class keeps no lock; callers
/// serialise. That rule is what makes the `@unchecked Sendable` below safe: it only lets a
/// connection be handed to the queue that will own it.
///
/// Every call blocks until the driver returns, so never call it on Swift's cooperative pool
/// in production code.
package final class ODBCConnection: @unchecked Sendable {
    private var handle: SQLHDBC?
    private let environment: ODBCEnvironment
    private let logger: Logger
    /// Secret values of the connection string, scrubbed from every driver message.
    let secrets: [String]
    /// Statements still alive, freed before the connection when it closes.
    private var statements: [ObjectIdentifier: WeakStatement] = [:]

    /// `SQL_ATTR_QUERY_TIMEOUT` for every statement executed from now on; 0 means none.
    package var queryTimeoutSeconds: Int = 0
    /// `SQLGetInfo(SQL_DBMS_NAME)`, read once at connect, e.g. "PostgreSQL" or "SQLite".
    package private(set) var dbmsName: String = ""

    package init(connectionString: String, loginTimeoutSeconds: Int = 10, logger: Logger) throws(ODBCError) {
        environment = try ODBCEnvironment.shared.get()
        secrets = ConnectionString.secrets(in: connectionString)
        var logger = logger
        logger[metadataKey: "odbc.connection"] = "\(maskingSecrets(connectionString))"
        self.logger = logger

        var dbc: SQLHDBC?
        let rc = SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), environment.handle, &dbc)
        guard starsink_sql_succeeded(rc) != 0, let dbc else {
            throw Diagnostics.error("SQLAllocHandle(DBC)", handleType: SQL_HANDLE_ENV, handle: environment.handle)
        }
        if loginTimeoutSeconds > 0 {
            let timeout = SQLPOINTER(bitPattern: UInt(loginTimeoutSeconds))
            _ = SQLSetConnectAttrW(dbc, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), timeout, 0)
        }
        var text = UTF16Text.units(connectionString)
        var outLength: SQLSMALLINT = 0
        let connected = SQLDriverConnectW(
            dbc, nil, &text, SQLSMALLINT(clamping: text.count), nil, 0, &outLength, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        guard starsink_sql_succeeded(connected) != 0 else {
            let error = Diagnostics.error("SQLDriverConnect", handleType: SQL_HANDLE_DBC, handle: dbc, secrets: secrets)
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc)
            throw error
        }
        handle = dbc
        dbmsName = info(SQL_DBMS_NAME)
        logger.debug("ODBC connected", metadata: ["odbc.dbms": "\(dbmsName)"])
    }

    deinit { close() }

    package var isClosed: Bool { handle == nil }

    package func setAutocommit(_ enabled: Bool) throws(ODBCError) {
        let value = SQLPOINTER(bitPattern: UInt(enabled ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF))
        let dbc = try openHandle("SQLSetConnectAttr(AUTOCOMMIT)")
        try check(SQLSetConnectAttrW(dbc, SQLINTEGER(SQL_ATTR_AUTOCOMMIT), value, 0), "SQLSetConnectAttr(AUTOCOMMIT)")
    }

    package func commit() throws(ODBCError) { try endTransaction(SQL_COMMIT, "SQLEndTran(COMMIT)") }

    package func rollback() throws(ODBCError) { try endTransaction(SQL_ROLLBACK, "SQLEndTran(ROLLBACK)") }

    /// Runs a statement once; returns `SQLRowCount` (-1 when the driver does not know).
    @discardableResult
    package func execute(_ sql: String, _ parameters: [ODBCValue] = []) throws(ODBCError) -> Int {
        let statement = try ODBCStatement(connection: self, sql: sql, prepared: false)
        defer { statement.close() }
        return try statement.execute(parameters)
    }

    /// Runs a query once; returns every row with every column as text (`nil` for SQL NULL).
    package func query(_ sql: String, _ parameters: [ODBCValue] = []) throws(ODBCError) -> [[String?]] {
        let statement = try ODBCStatement(connection: self, sql: sql, prepared: false)
        defer { statement.close() }
        return try statement.query(parameters)
    }

    /// Prepares a statement once for many executions with different parameters.
    package func prepare(_ sql: String) throws(ODBCError) -> ODBCStatement {
        try ODBCStatement(connection: self, sql: sql, prepared: true)
    }

    /// Frees every statement, disconnects and frees the handle. Idempotent.
    package func close() {
        guard let dbc = handle else { return }
        for statement in statements.values { statement.value?.close() }
        statements.removeAll()
        var rc = SQLDisconnect(dbc)
        if starsink_sql_succeeded(rc) == 0 {
            // 25000: a manual-commit transaction is open; roll it back, then disconnect.
            _ = SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), dbc, SQLSMALLINT(SQL_ROLLBACK))
            rc = SQLDisconnect(dbc)
            if starsink_sql_succeeded(rc) == 0 {
                let error = Diagnostics.error(
                    "SQLDisconnect", handleType: SQL_HANDLE_DBC, handle: dbc, secrets: secrets)
                logger.debug("ODBC disconnect failed", metadata: ["odbc.error": "\(error)"])
            }
        }
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc)
        handle = nil
        logger.debug("ODBC connection closed")
    }

    /// The live handle, or an error naming the operation if the connection was closed.
    func openHandle(_ operation: String) throws(ODBCError) -> SQLHDBC {
        guard let handle else {
            throw ODBCError(operation: operation, sqlstate: "08003", message: "connection is closed")
        }
        return handle
    }

    func register(_ statement: ODBCStatement) {
        statements[ObjectIdentifier(statement)] = WeakStatement(value: statement)
    }

    func unregister(_ statement: ODBCStatement) {
        statements[ObjectIdentifier(statement)] = nil
    }

    func logWarnings(_ operation: String, handleType: Int32, handle: SQLHANDLE?) {
        guard logger.logLevel <= .debug else { return }
        let records = Diagnostics.records(handleType: handleType, handle: handle, secrets: secrets)
        for record in records {
            logger.debug(
                "ODBC warning",
                metadata: [
                    "odbc.operation": "\(operation)", "odbc.sqlstate": "\(record.sqlstate)",
                    "odbc.message": "\(record.message)",
                ])
        }
    }

    private func endTransaction(_ completion: Int32, _ operation: String) throws(ODBCError) {
        let dbc = try openHandle(operation)
        try check(SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), dbc, SQLSMALLINT(completion)), operation)
    }

    private func check(_ rc: SQLRETURN, _ operation: String) throws(ODBCError) {
        if starsink_sql_succeeded(rc) != 0 { return }
        throw Diagnostics.error(operation, handleType: SQL_HANDLE_DBC, handle: handle, secrets: secrets)
    }

    /// A numeric `SQLGetInfo` value; nil if the driver does not answer.
    func infoInteger(_ type: Int32) -> SQLUINTEGER? {
        guard let handle else { return nil }
        var value: SQLUINTEGER = 0
        var length: SQLSMALLINT = 0
        let rc = SQLGetInfoW(handle, SQLUSMALLINT(type), &value, SQLSMALLINT(MemoryLayout<SQLUINTEGER>.size), &length)
        return starsink_sql_succeeded(rc) != 0 ? value : nil
    }

    private func info(_ type: Int32) -> String {
        guard let handle else { return "" }
        var buffer = [SQLWCHAR](repeating: 0, count: 256)
        var length: SQLSMALLINT = 0
        let rc = SQLGetInfoW(handle, SQLUSMALLINT(type), &buffer, SQLSMALLINT(buffer.count * 2), &length)
        guard starsink_sql_succeeded(rc) != 0 else { return "" }
        return UTF16Text.string(upToNUL: buffer[...])
    }
}

/// A statement the connection must free on close without keeping it alive.
struct WeakStatement {
    weak var value: ODBCStatement?
}
