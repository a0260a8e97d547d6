import CODBC

/// Reads diagnostic records and turns failed return codes into `ODBCError`s.
enum Diagnostics {
    /// Every record on the handle, messages scrubbed of the given secrets.
    static func records(handleType: Int32, handle: SQLHANDLE?, secrets: [String] = []) -> [ODBCError.DiagnosticRecord] {
        guard let handle else { return [] }
        var records: [ODBCError.DiagnosticRecord] = []
        var number: SQLSMALLINT = 1
        // A driver returns SQL_NO_DATA past the last record; the cap guards against one that never does.
        while number <= 64 {
            guard let record = record(number, handleType: handleType, handle: handle, secrets: secrets) else { break }
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
            let message = WideText.string(from: text[..<min(Int(length), capacity - 1)])
            return ODBCError.DiagnosticRecord(
                sqlstate: WideText.string(from: state[..<5]),
                nativeCode: Int(native),
                message: ConnectionString.scrub(message, secrets: secrets))
        }
    }

    static func error(
        _ operation: String, handleType: Int32, handle: SQLHANDLE?, secrets: [String] = []
    ) -> ODBCError {
        ODBCError(operation: operation, records: records(handleType: handleType, handle: handle, secrets: secrets))
    }
}

/// Conversion between Swift strings and ODBC's wide characters (UTF-16 code units in unixODBC).
enum WideText {
    static func units(_ string: String) -> [SQLWCHAR] { Array(string.utf16) }

    /// Decodes UTF-16, stopping at a NUL; ill-formed sequences become U+FFFD rather than failing.
    static func string(from units: some Collection<SQLWCHAR>) -> String {
        let end = units.firstIndex(of: 0) ?? units.endIndex
        return String(decoding: units[units.startIndex..<end], as: UTF16.self)
    }
}
