import CODBC

/// The process-wide ODBC environment handle (ODBC 3 behaviour), created on first use.
///
/// Thread safety: unixODBC serialises work on an environment handle internally, and after
/// `init` we only allocate connection handles from it, so one handle serves every thread.
/// It is never freed: connections may live until exit, and the OS reclaims it.
final class ODBCEnvironment: @unchecked Sendable {
    static let shared = Result { () throws(ODBCError) in try ODBCEnvironment() }

    let handle: SQLHENV

    private init() throws(ODBCError) {
        var env: SQLHENV?
        let rc = SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env)
        guard starsink_sql_succeeded(rc) != 0, let env else {
            throw ODBCError(operation: "SQLAllocHandle(ENV)", message: "cannot allocate an ODBC environment (rc \(rc))")
        }
        let version = SQLPOINTER(bitPattern: UInt(SQL_OV_ODBC3))
        let set = SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), version, 0)
        guard starsink_sql_succeeded(set) != 0 else {
            let error = Diagnostics.error("SQLSetEnvAttr(ODBC_VERSION)", handleType: SQL_HANDLE_ENV, handle: env)
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), env)
            throw error
        }
        handle = env
    }
}
