import CODBC

/// Reads a result set column by column with `SQLGetData`, as text.
///
/// Values are fetched as `SQL_C_WCHAR` in chunks until the driver says the value is complete,
/// so values of any length arrive whole; the UTF-16 units are decoded only once the value is
/// complete, so a surrogate pair split across two chunks still decodes.
struct ResultReader {
    let statement: SQLHSTMT
    let check: (SQLRETURN, String) throws(ODBCError) -> Void

    /// Code units per `SQLGetData` call, including the NUL the driver appends.
    private static let chunkUnits = 32 * 1024

    func readAll() throws(ODBCError) -> [[String?]] {
        var columnCount: SQLSMALLINT = 0
        try check(SQLNumResultCols(statement, &columnCount), "SQLNumResultCols")
        guard columnCount > 0 else { return [] }
        let chunk = UnsafeMutablePointer<SQLWCHAR>.allocate(capacity: Self.chunkUnits)
        chunk.initialize(repeating: 0, count: Self.chunkUnits)
        defer { chunk.deallocate() }
        var rows: [[String?]] = []
        while true {
            let rc = SQLFetch(statement)
            if rc == SQLRETURN(SQL_NO_DATA) { break }
            try check(rc, "SQLFetch")
            var row: [String?] = []
            row.reserveCapacity(Int(columnCount))
            for column in 1...columnCount {
                row.append(try value(column: SQLUSMALLINT(column), chunk: chunk))
            }
            rows.append(row)
        }
        return rows
    }

    private func value(column: SQLUSMALLINT, chunk: UnsafeMutablePointer<SQLWCHAR>) throws(ODBCError) -> String? {
        var units: [SQLWCHAR] = []
        let byteCapacity = SQLLEN(Self.chunkUnits * MemoryLayout<SQLWCHAR>.size)
        while true {
            var indicator: SQLLEN = 0
            let rc = SQLGetData(statement, column, SQLSMALLINT(SQL_C_WCHAR), chunk, byteCapacity, &indicator)
            if rc == SQLRETURN(SQL_NO_DATA) { break }  // every part already read
            try check(rc == SQLRETURN(SQL_SUCCESS_WITH_INFO) ? SQLRETURN(SQL_SUCCESS) : rc, "SQLGetData(\(column))")
            if indicator == SQLLEN(SQL_NULL_DATA) { return nil }
            if indicator != SQLLEN(SQL_NO_TOTAL), Int(indicator) / MemoryLayout<SQLWCHAR>.size < Self.chunkUnits {
                let last = UnsafeBufferPointer(start: chunk, count: Int(indicator) / MemoryLayout<SQLWCHAR>.size)
                // Nearly every value fits one chunk: decode it in place, without collecting units.
                if units.isEmpty { return UTF16Text.string(last) }
                units.append(contentsOf: last)
                break
            }
            // Truncated (01004), or of unknown length: the chunk holds as many whole units as fit
            // before the driver's NUL; read on while the driver reports truncation.
            let available = UnsafeBufferPointer(start: chunk, count: Self.chunkUnits - 1)
            units.append(contentsOf: available[..<(available.firstIndex(of: 0) ?? available.endIndex)])
            if indicator == SQLLEN(SQL_NO_TOTAL), rc == SQLRETURN(SQL_SUCCESS) { break }
        }
        return units.withUnsafeBufferPointer(UTF16Text.string)
    }
}
