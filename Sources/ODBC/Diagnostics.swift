import CODBC

/// Reads diagnostic records and turns failed return codes into `ODBCError`s.
enum Diagnostics {
    /// Every record on the handle, messages scrubbed of the given secrets. With `executionRows`
    /// (the rows of an array execution, numbered across the whole call), each record's
    /// `SQL_DIAG_ROW_NUMBER` is read and mapped into that range.
    static func records(
        handleType: Int32, handle: SQLHANDLE?, secrets: [String] = [], executionRows: Range<Int>? = nil
    ) -> [ODBCError.DiagnosticRecord] {
        guard let handle else { return [] }
        var records: [ODBCError.DiagnosticRecord] = []
        var number: SQLSMALLINT = 1
        // A driver returns SQL_NO_DATA past the last record; the cap guards against one that never does.
        while number <= 64 {
            guard var record = record(number, handleType: handleType, handle: handle, secrets: secrets) else { break }
            if let executionRows {
                record.rowNumber = rowNumber(number, handleType: handleType, handle: handle, rows: executionRows)
            }
            records.append(record)
            number += 1
        }
        return records
    }

    private static func record(
        _ number: SQLSMALLINT, handleType: Int32, handle: SQLHANDLE, secrets: [String]
    ) -> ODBCError.DiagnosticRecord? {
        var state = [SQLWCHAR](repeating: 0, count: 6)
        var native: SQLINTEGER = 0
        var capacity = 1024
        while true {
            var text = [SQLWCHAR](repeating: 0, count: capacity)
            var length: SQLSMALLINT = 0
            let rc = SQLGetDiagRecW(
                SQLSMALLINT(handleType), handle, number, &state, &native, &text, SQLSMALLINT(capacity), &length)
            guard starsink_sql_succeeded(rc) != 0 else { return nil }
            // Truncated: ask again with room for the whole message (length excludes the NUL).
            if Int(length) >= capacity, capacity < Int(SQLSMALLINT.max) {
                capacity = min(Int(length) + 1, Int(SQLSMALLINT.max))
                continue
            }
            let message = UTF16Text.string(upToNUL: text[..<min(Int(length), capacity - 1)])
            return ODBCError.DiagnosticRecord(
                sqlstate: UTF16Text.string(upToNUL: state[..<5]),
                nativeCode: Int(native),
                message: ConnectionString.scrub(message, secrets: secrets))
        }
    }

    /// The record's parameter set as a row of `rows`; nil for `SQL_NO_ROW_NUMBER`,
    /// `SQL_ROW_NUMBER_UNKNOWN`, a driver without the field, or a number outside the execution.
    ///
    /// Measured through unixODBC 2.3.11: psqlODBC 13.02 gives no row number; the SQLite3 ODBC
    /// driver 0.9998 writes only the low 32 bits of the `SQLLEN`, and garbage (so it is not asked,
    /// see `ArrayDriverTraits`). Hence the 32-bit read, and the range check as a last guard.
    private static func rowNumber(
        _ number: SQLSMALLINT, handleType: Int32, handle: SQLHANDLE, rows: Range<Int>
    ) -> Int? {
        var row: SQLLEN = 0
        var length: SQLSMALLINT = 0
        let rc = SQLGetDiagFieldW(
            SQLSMALLINT(handleType), handle, number, SQLSMALLINT(SQL_DIAG_ROW_NUMBER), &row,
            SQLSMALLINT(MemoryLayout<SQLLEN>.size), &length)
        let set = Int(Int32(truncatingIfNeeded: row))  // 1-based within the execution
        guard starsink_sql_succeeded(rc) != 0, set >= 1, set <= rows.count else { return nil }
        return rows.lowerBound + set - 1
    }

    static func error(
        _ operation: String, handleType: Int32, handle: SQLHANDLE?, secrets: [String] = []
    ) -> ODBCError {
        ODBCError(operation: operation, records: records(handleType: handleType, handle: handle, secrets: secrets))
    }
}
