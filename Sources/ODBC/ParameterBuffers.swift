import CODBC

/// Owns the memory of one execution's bound parameters: the values and their length indicators.
///
/// Memory rule: ODBC keeps only the pointers passed to `SQLBindParameter` and reads them at
/// execute time, so an instance must outlive the execute call (see `ODBCStatement.run`).
/// Buffers are allocated here, never borrowed from Swift arrays whose storage could move.
///
/// Encoding: text is bound as `SQL_C_WCHAR` (UTF-16), which both drivers convert to UTF-8
/// losslessly whatever the process locale. `SQL_C_CHAR` with UTF-8 bytes also round-trips
/// today (measured: both drivers, C locale), but psqlODBC's Unicode driver converts
/// `SQL_C_CHAR` from the *current locale* to UTF-8, so it would break if anything in the
/// process called `setlocale` with a non-UTF-8 locale.
/// The SQL type is `SQL_VARCHAR`: a timestamp text bound as `SQL_TYPE_TIMESTAMP` loses its
/// time of day in psqlODBC, while `SQL_VARCHAR` lets the server cast the text to the
/// column's type (TIMESTAMP, NUMERIC, DATE, INTEGER all tested).
final class ParameterBuffers {
    private var storage: [UnsafeMutableRawPointer] = []
    private let values: [ODBCValue]
    private let indicators: UnsafeMutablePointer<SQLLEN>

    init(_ values: [ODBCValue]) {
        self.values = values
        indicators = .allocate(capacity: max(values.count, 1))
        indicators.initialize(repeating: 0, count: max(values.count, 1))
    }

    deinit {
        for pointer in storage { pointer.deallocate() }
        indicators.deallocate()
    }

    /// Binds parameter `index` (0-based) of `statement`; returns the driver's return code.
    func bind(_ index: Int, to statement: SQLHSTMT) -> SQLRETURN {
        let number = SQLUSMALLINT(index + 1)
        let input = SQLSMALLINT(SQL_PARAM_INPUT)
        switch values[index] {
        case .null:
            indicators[index] = SQLLEN(SQL_NULL_DATA)
            let buffer = allocate(byteCount: 2)
            return SQLBindParameter(
                statement, number, input, SQLSMALLINT(SQL_C_WCHAR), SQLSMALLINT(SQL_VARCHAR), 1, 0,
                buffer, 0, indicators + index)
        case .integer(let value):
            let buffer = allocate(byteCount: MemoryLayout<Int64>.size)
            buffer.storeBytes(of: value, as: Int64.self)
            indicators[index] = SQLLEN(MemoryLayout<Int64>.size)
            return SQLBindParameter(
                statement, number, input, SQLSMALLINT(SQL_C_SBIGINT), SQLSMALLINT(SQL_BIGINT), 0, 0,
                buffer, 0, indicators + index)
        case .text(let text):
            // UTF-16 never needs more units than UTF-8 has bytes; one spare unit keeps the buffer
            // non-empty for "" and NUL-terminated for drivers that look.
            var text = text
            let capacity = text.utf8.count + 1
            let buffer = allocate(byteCount: capacity * MemoryLayout<SQLWCHAR>.size)
            let typed = buffer.bindMemory(to: SQLWCHAR.self, capacity: capacity)
            let units = text.withUTF8 { UTF16Text.transcode($0, into: typed) }
            typed[units] = 0
            let byteCount = units * MemoryLayout<SQLWCHAR>.size
            indicators[index] = SQLLEN(byteCount)
            return SQLBindParameter(
                statement, number, input, SQLSMALLINT(SQL_C_WCHAR), SQLSMALLINT(SQL_VARCHAR),
                SQLULEN(max(units, 1)), 0, buffer, SQLLEN(byteCount), indicators + index)
        }
    }

    private func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 8)
        storage.append(pointer)
        return pointer
    }
}
