import CODBC

/// Owns the memory of one array execution (one chunk of an `executeArray` call): per column a
/// contiguous value array and an indicator array, plus the status array and the processed count
/// the driver writes back.
///
/// Memory rule: as with `ParameterBuffers`, ODBC keeps only the pointers passed to
/// `SQLBindParameter` and `SQLSetStmtAttr(PARAM_STATUS_PTR / PARAMS_PROCESSED_PTR)` and reads or
/// writes through them during the execute call. An instance must therefore outlive that call and
/// the reading of `statuses` after it; `ODBCStatement.executeChunk` holds it in
/// `withExtendedLifetime` and unbinds every pointer before releasing it. All memory is allocated
/// here, never borrowed from Swift arrays whose storage could move.
final class ColumnArrayBuffers {
    let rowCount: Int
    private let kinds: [ArrayBindingPlan.Kind]
    /// Per column: bytes from one element to the next (`BufferLength` for column-wise binding).
    private let strides: [Int]
    private let values: [UnsafeMutableRawPointer]
    private let indicators: [UnsafeMutablePointer<SQLLEN>]
    /// `SQL_ATTR_PARAM_STATUS_PTR`, pre-filled with `ArrayExecutionOutcome.unwritten`.
    let statusArray: UnsafeMutablePointer<SQLUSMALLINT>
    /// `SQL_ATTR_PARAMS_PROCESSED_PTR`.
    let processed: UnsafeMutablePointer<SQLULEN>

    init(columns: [[ODBCValue]], kinds: [ArrayBindingPlan.Kind], chunk: ArrayBindingPlan.Chunk) {
        rowCount = chunk.rows.count
        self.kinds = kinds
        strides = zip(kinds, chunk.textUnits).map { kind, units in
            kind == .integer ? MemoryLayout<Int64>.size : (units + 1) * MemoryLayout<SQLWCHAR>.size
        }
        values = strides.map {
            UnsafeMutableRawPointer.allocate(byteCount: max($0 * chunk.rows.count, 1), alignment: 8)
        }
        indicators = kinds.map { _ in UnsafeMutablePointer<SQLLEN>.allocate(capacity: chunk.rows.count) }
        statusArray = .allocate(capacity: chunk.rows.count)
        statusArray.initialize(repeating: ArrayExecutionOutcome.unwritten, count: chunk.rows.count)
        processed = .allocate(capacity: 1)
        processed.initialize(to: 0)
        for column in kinds.indices {
            switch kinds[column] {
            case .integer: fillIntegers(column, from: columns[column][chunk.rows])
            case .text: fillTexts(column, from: columns[column][chunk.rows])
            }
        }
    }

    deinit {
        for pointer in values { pointer.deallocate() }
        for pointer in indicators { pointer.deallocate() }
        statusArray.deallocate()
        processed.deallocate()
    }

    /// Binds column `index` (0-based) as parameter `index + 1`; returns the driver's return code.
    func bind(_ index: Int, to statement: SQLHSTMT) -> SQLRETURN {
        let number = SQLUSMALLINT(index + 1)
        let input = SQLSMALLINT(SQL_PARAM_INPUT)
        switch kinds[index] {
        case .integer:
            return SQLBindParameter(
                statement, number, input, SQLSMALLINT(SQL_C_SBIGINT), SQLSMALLINT(SQL_BIGINT), 0, 0,
                values[index], SQLLEN(strides[index]), indicators[index])
        case .text:
            // Column size in characters: the widest value of this chunk, never the declared
            // column size (names may be 256 characters but are usually 20).
            let characters = max(strides[index] / MemoryLayout<SQLWCHAR>.size - 1, 1)
            return SQLBindParameter(
                statement, number, input, SQLSMALLINT(SQL_C_WCHAR), SQLSMALLINT(SQL_VARCHAR),
                SQLULEN(characters), 0, values[index], SQLLEN(strides[index]), indicators[index])
        }
    }

    /// The status array as the driver left it.
    var rawStatuses: [SQLUSMALLINT] { Array(UnsafeBufferPointer(start: statusArray, count: rowCount)) }

    private func fillIntegers(_ column: Int, from cells: ArraySlice<ODBCValue>) {
        let output = values[column].bindMemory(to: Int64.self, capacity: rowCount)
        for (row, cell) in zip(0..., cells) {
            // The plan makes any column holding text a text column, so only integers and NULLs arrive here.
            if case .integer(let number) = cell {
                output[row] = number
                indicators[column][row] = SQLLEN(MemoryLayout<Int64>.size)
            } else {
                output[row] = 0
                indicators[column][row] = SQLLEN(SQL_NULL_DATA)
            }
        }
    }

    private func fillTexts(_ column: Int, from cells: ArraySlice<ODBCValue>) {
        let width = strides[column] / MemoryLayout<SQLWCHAR>.size
        let output = values[column].bindMemory(to: SQLWCHAR.self, capacity: width * rowCount)
        for (row, cell) in zip(0..., cells) {
            let element = output + row * width
            var text: String
            switch cell {
            case .null:
                element[0] = 0
                indicators[column][row] = SQLLEN(SQL_NULL_DATA)
                continue
            case .text(let value): text = value
            case .integer(let number): text = String(number)
            }
            // The plan sized `width` from this chunk's longest value plus one unit for the NUL.
            let units = text.withUTF8 { UTF16Text.transcode($0, into: element) }
            element[units] = 0
            indicators[column][row] = SQLLEN(units * MemoryLayout<SQLWCHAR>.size)
        }
    }
}
