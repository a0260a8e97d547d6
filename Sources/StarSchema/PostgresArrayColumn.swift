/// One column of a PostgreSQL bulk statement as an array literal (`{"a","b",NULL}`), written value
/// by value straight into bytes and made a String once.
///
/// Every element but integers and booleans is double-quoted with `"` and `\` escaped: then commas,
/// braces, spaces and the word NULL inside values are data, never syntax. The fact insert fills its
/// thirteen columns through typed appends (timestamps, dates and money formatted in place); going
/// through a `RowSet` of `SQLValue`s first cost a String per timestamp and a retain and release per cell.
package struct PostgresArrayColumn {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isEmpty = true

    /// `capacity`: the expected number of elements (a guess of the bytes needed is made from it).
    package init(capacity: Int = 0) {
        bytes.reserveCapacity(2 + capacity * 16)
    }

    /// Hands over the literal, `{…}`, and leaves the column empty: its buffer, often megabytes, is
    /// moved out rather than copied.
    package mutating func takeLiteral() -> String {
        var out = bytes
        self = PostgresArrayColumn()
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    package mutating func appendNull() {
        separate()
        bytes.append(contentsOf: [78, 85, 76, 76])
    }

    package mutating func append(_ number: Int64) {
        separate()
        bytes.appendDecimal(number)
    }

    package mutating func append(boolean: Bool) {
        separate()
        bytes.append(boolean ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    package mutating func append(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Almost no value holds a quote or a backslash: copy those in one block.
            guard utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Quoted `Timestamp.sqlText` (it holds a space).
    package mutating func append(_ timestamp: Timestamp) { appendQuoted(timestamp.appendSQLText) }

    /// Quoted `CalendarDate.text`.
    package mutating func append(_ date: CalendarDate) { appendQuoted(date.appendText) }

    /// Quoted `Money.description`.
    package mutating func append(_ money: Money) { appendQuoted(money.appendText) }

    /// An element that writes its own bytes, none of them a quote or a backslash.
    private mutating func appendQuoted(_ write: (inout [UInt8]) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A `SQLValue` as its column type writes it (booleans travel as integers 0 and 1).
    package mutating func append(_ value: SQLValue, type: SQLColumnType) {
        switch value {
        case .null: appendNull()
        case .integer(let number) where type == .boolean: append(boolean: number != 0)
        case .integer(let number): append(number)
        case .text(let text): append(text)
        }
    }

    private mutating func separate() {
        if isEmpty { isEmpty = false } else { bytes.append(UInt8(ascii: ",")) }
    }
}
