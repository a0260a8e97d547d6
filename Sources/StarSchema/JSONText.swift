/// JSON text written byte by byte: the single parameter that SQLite's `json_each` and Snowflake's
/// `FLATTEN(PARSE_JSON(?))` expand (string arrays, row arrays), and the string literals of
/// starsink's own JSON output.
package enum JSONText {
    package static func array(_ values: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(values.count * 16 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// One JSON string literal, quotes included.
    package static func string(_ value: String) -> String {
        var out: [UInt8] = []
        appendString(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A row set as a JSON array of row arrays: text as strings, integers as numbers, NULL as null.
    package static func rows(_ rows: RowSet) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(rows.count * rows.columns.count * 12 + 2)
        for row in 0..<rows.count {
            if row > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            for (index, column) in rows.columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                switch column.values[row] {
                case .null: out.append(contentsOf: "null".utf8)
                case .integer(let number): out.appendDecimal(number)
                case .text(let text): appendString(text, to: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Byte by byte over UTF-8 (multi-byte sequences pass through: JSON is UTF-8); escapes the
    /// quote, the backslash and control characters.
    private static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case ..<0x20:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(contentsOf: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                default:
                    out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
