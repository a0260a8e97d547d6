import CODBC

/// How the drivers here differ in array execution beyond what the status array shows, decided
/// once per `executeArray` call. The SQLite3 driver is recognised by its DBMS name, as
/// `ODBCError.Category` recognises its messages: it is the one driver here that needs exceptions.
struct ArrayDriverTraits {
    /// `SQLGetInfo(SQL_PARAM_ARRAY_ROW_COUNTS) == SQL_PARC_BATCH`: one row count per parameter set,
    /// each reached by `SQLMoreResults` (psqlODBC). Otherwise `SQLRowCount` is the total
    /// (SQL_PARC_NO_BATCH; the SQLite3 driver answers 0, neither, and gives the total: measured).
    let reportsRowCountPerSet: Bool
    /// The driver counts in `SQL_ATTR_PARAMS_PROCESSED_PTR` only the sets that succeeded, where
    /// ODBC counts the failed set too. Measured for the SQLite3 ODBC driver 0.9998, which also
    /// writes no status array, so this count is the only way to find its failed row.
    let countsOnlySucceededSetsAsProcessed: Bool
    /// `SQL_DIAG_ROW_NUMBER` means something. Through unixODBC 2.3.11 the SQLite3 ODBC driver
    /// 0.9998 leaves it uninitialised: measured values 8, 0xFFFFFFFE and eight-digit garbage for
    /// the same failure at set 7, so a plausible number cannot be told from a real one.
    let reportsDiagnosticRowNumbers: Bool

    init(_ connection: ODBCConnection) {
        reportsRowCountPerSet = connection.infoInteger(SQL_PARAM_ARRAY_ROW_COUNTS) == SQLUINTEGER(SQL_PARC_BATCH)
        let isSQLite = connection.dbmsName == "SQLite"
        countsOnlySucceededSetsAsProcessed = isSQLite
        reportsDiagnosticRowNumbers = !isSQLite
    }
}
