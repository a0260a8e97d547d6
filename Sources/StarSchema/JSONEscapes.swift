/// Decoding of JSON string escapes (`\n`, `\u00E9`, surrogate pairs) into UTF-8 bytes.
///
/// The scanner has already validated every escape, so `unescape` never meets a malformed
/// one in practice; it still checks bounds and substitutes U+FFFD rather than trap, because
/// it reads an unsafe buffer.
enum JSONEscapes {
    /// The UTF-8 bytes of the string contents in `range` (quotes excluded), escapes decoded.
    static func unescape(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < end else {
                output.append(byte)
                index += 1
                continue
            }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                let (scalar, consumed) = unicodeEscape(bytes, at: index, end: end)
                index += consumed
                appendUTF8(scalar, to: &output)
            default: output.append(escaped)  // \" \\ \/
            }
        }
        return output
    }

    /// Decodes the four hex digits after `\u` at `index`, and a following low surrogate
    /// escape when the first is a high surrogate. Returns the scalar and the bytes consumed.
    private static func unicodeEscape(
        _ bytes: UnsafeRawBufferPointer, at index: Int, end: Int
    ) -> (scalar: Unicode.Scalar, consumed: Int) {
        guard index + 4 <= end, let unit = hex4(bytes, at: index) else { return ("\u{FFFD}", 0) }
        if (0xD800...0xDBFF).contains(unit), index + 10 <= end,
            bytes[index + 4] == UInt8(ascii: "\\"), bytes[index + 5] == UInt8(ascii: "u"),
            let low = hex4(bytes, at: index + 6), (0xDC00...0xDFFF).contains(low)
        {
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 10)
        }
        return (Unicode.Scalar(unit) ?? "\u{FFFD}", 4)
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }

    /// The value of four hex digits at `index`, or nil when they are not all hex digits.
    static func hex4(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index >= 0, index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for position in index..<(index + 4) {
            guard let digit = hexDigit(bytes[position]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Upper-case hex with at least `digits` digits, for messages: `hex(0xD800, digits: 4)` is `D800`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
