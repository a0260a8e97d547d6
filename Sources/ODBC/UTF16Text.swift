import CODBC

/// UTF-16 from the driver to a Swift `String` in one pass.
///
/// Result sets arrive as `SQL_C_WCHAR` (see `ParameterBuffers` for why), mostly ASCII and
/// mostly short. `String(decoding:as: UTF16.self)` takes the generic transcoding path and was
/// a quarter of the daemon's CPU when reading product rows; narrowing ASCII units straight into
/// the string's own storage costs a fraction of that.
enum UTF16Text {
    static func string(_ units: UnsafeBufferPointer<SQLWCHAR>) -> String {
        // Each UTF-16 unit becomes at most three UTF-8 bytes (a surrogate pair: four for two units).
        String(unsafeUninitializedCapacity: units.count * 3) { utf8 in
            var count = 0
            var index = 0
            let end = units.count
            while index < end {
                let unit = UInt32(units[index])
                index += 1
                if unit < 0x80 {
                    utf8[count] = UInt8(truncatingIfNeeded: unit)
                    count += 1
                    continue
                }
                var scalar = unit
                if unit & 0xFC00 == 0xD800, index < end, UInt32(units[index]) & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((unit & 0x3FF) << 10) + (UInt32(units[index]) & 0x3FF)
                    index += 1
                } else if unit & 0xF800 == 0xD800 {
                    scalar = 0xFFFD  // a lone surrogate: replaced, like String(decoding:) does
                }
                count += encode(scalar, into: utf8.baseAddress! + count)
            }
            return count
        }
    }

    private static func encode(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case ..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case ..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
