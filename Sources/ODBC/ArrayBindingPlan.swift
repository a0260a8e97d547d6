import CODBC

/// How the columns of one `executeArray` call are bound and split into executions.
///
/// Pure computation, no ODBC call: it validates the input (so a malformed call fails before
/// anything is executed) and cuts the rows into chunks whose buffers fit the byte budget.
struct ArrayBindingPlan {
    /// The C type a whole column is bound as, the same in every chunk so that a prepared
    /// statement's parameter types never change between executions.
    enum Kind: Equatable {
        /// Only integers and NULLs: `SQL_C_SBIGINT` / `SQL_BIGINT`.
        case integer
        /// Any text, or only NULLs: `SQL_C_WCHAR` / `SQL_VARCHAR`, integers written in decimal.
        /// An all-NULL column is text, as `ParameterBuffers` binds a single NULL: a column of
        /// unknown type is bound as the type the server casts to any column type.
        case text
    }

    /// One execution: a range of rows and, per column, the widest value in that range.
    struct Chunk: Equatable {
        var rows: Range<Int>
        /// Per column, the longest value's UTF-16 units (0 for integer columns); a text column's
        /// element width is this plus one for the NUL.
        var textUnits: [Int]
        /// Bytes of every buffer of this chunk: values, indicators and the status array.
        var byteCount: Int
    }

    let kinds: [Kind]
    let chunks: [Chunk]

    /// Validates `columns` (column-major, equally long) and plans executions of at most
    /// `maxBufferBytes` each, in row order. A single row larger than the budget still gets an
    /// execution of its own: the budget bounds memory for many rows, it does not reject data.
    init(columns: [[ODBCValue]], maxBufferBytes: Int) throws(ODBCError) {
        let rowCount = columns.first?.count ?? 0
        if let mismatched = columns.indices.first(where: { columns[$0].count != rowCount }) {
            throw ODBCError(
                operation: "executeArray",
                message:
                    "column \(mismatched + 1) has \(columns[mismatched].count) values but column 1 has \(rowCount): "
                    + "every column must hold one value per row; nothing was executed")
        }
        guard columns.count <= Int(SQLUSMALLINT.max) else {
            throw ODBCError(
                operation: "executeArray",
                message: "\(columns.count) columns exceed ODBC's \(SQLUSMALLINT.max) parameters; nothing was executed")
        }
        kinds = columns.map { column in
            let hasText = column.contains { if case .text = $0 { true } else { false } }
            let hasInteger = column.contains { if case .integer = $0 { true } else { false } }
            return hasInteger && !hasText ? .integer : .text
        }
        guard rowCount > 0 else {
            chunks = []
            return
        }
        chunks = Self.split(columns, kinds: kinds, rowCount: rowCount, maxBufferBytes: maxBufferBytes)
    }

    /// Greedy, row by row: a row joins the current chunk unless the chunk's buffers, re-sized to
    /// the widest values including that row, would exceed the budget.
    private static func split(
        _ columns: [[ODBCValue]], kinds: [Kind], rowCount: Int, maxBufferBytes: Int
    ) -> [Chunk] {
        var chunks: [Chunk] = []
        var start = 0
        var widest = [Int](repeating: 0, count: columns.count)
        var candidate = widest
        for row in 0..<rowCount {
            for column in columns.indices where kinds[column] == .text {
                candidate[column] = max(widest[column], units(of: columns[column][row]))
            }
            let bytes = (row - start + 1) * rowBytes(kinds: kinds, textUnits: candidate)
            if bytes > maxBufferBytes, row > start {
                chunks.append(chunk(start..<row, kinds: kinds, textUnits: widest))
                start = row
                for column in columns.indices where kinds[column] == .text {
                    candidate[column] = units(of: columns[column][row])
                }
            }
            widest = candidate
        }
        chunks.append(chunk(start..<rowCount, kinds: kinds, textUnits: widest))
        return chunks
    }

    private static func chunk(_ rows: Range<Int>, kinds: [Kind], textUnits: [Int]) -> Chunk {
        Chunk(rows: rows, textUnits: textUnits, byteCount: rows.count * rowBytes(kinds: kinds, textUnits: textUnits))
    }

    /// One row's share of the buffers: each column's element and indicator, and its status entry.
    static func rowBytes(kinds: [Kind], textUnits: [Int]) -> Int {
        var bytes = MemoryLayout<SQLUSMALLINT>.size
        for (kind, units) in zip(kinds, textUnits) {
            bytes += MemoryLayout<SQLLEN>.size
            bytes += kind == .integer ? MemoryLayout<Int64>.size : (units + 1) * MemoryLayout<SQLWCHAR>.size
        }
        return bytes
    }

    /// A value's length in UTF-16 units as a text column binds it.
    static func units(of value: ODBCValue) -> Int {
        switch value {
        case .null: 0
        case .text(let text): text.utf16.count
        case .integer(let number): decimalDigits(number)
        }
    }

    /// Characters of `String(number)`, without building the string.
    static func decimalDigits(_ number: Int64) -> Int {
        var magnitude = number.magnitude
        var digits = number < 0 ? 2 : 1
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        return digits
    }
}
