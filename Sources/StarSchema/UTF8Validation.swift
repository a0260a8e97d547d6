/// Strict UTF-8 checks over raw bytes, without building a `String`.
///
/// Follows Unicode's table of well-formed byte sequences (Unicode 15, table 3-7): overlong
/// forms, UTF-16 surrogates encoded as UTF-8 (`ED A0 80`), code points above U+10FFFF and
/// truncated sequences are all invalid. `String(decoding:)` would silently repair those with
/// U+FFFD; a warehouse row must hold exactly what the producer sent, so they are rejected.
enum UTF8Validation {
    /// The offset of the first byte that does not start a well-formed sequence, or nil when
    /// every byte is part of one.
    static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            // Orders are mostly ASCII: skip eight ASCII bytes at a time.
            if index + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 { return index }
            index += length
        }
        return nil
    }

    /// The length of the well-formed multi-byte sequence starting at `index`, or 0.
    private static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = bytes[index]
        let remaining = bytes.count - index
        func byte(_ offset: Int) -> UInt8 { offset < remaining ? bytes[index + offset] : 0 }
        func isContinuation(_ offset: Int) -> Bool { byte(offset) & 0xC0 == 0x80 }

        switch lead {
        case 0xC2...0xDF:
            return isContinuation(1) ? 2 : 0
        case 0xE0...0xEF:
            let second = byte(1)
            let secondRange: ClosedRange<UInt8> =
                switch lead {
                case 0xE0: 0xA0...0xBF  // below A0 would be overlong
                case 0xED: 0x80...0x9F  // A0 and above encode surrogates
                default: 0x80...0xBF
                }
            return secondRange.contains(second) && isContinuation(2) ? 3 : 0
        case 0xF0...0xF4:
            let second = byte(1)
            let secondRange: ClosedRange<UInt8> =
                switch lead {
                case 0xF0: 0x90...0xBF  // below 90 would be overlong
                case 0xF4: 0x80...0x8F  // 90 and above is beyond U+10FFFF
                default: 0x80...0xBF
                }
            return secondRange.contains(second) && isContinuation(2) && isContinuation(3) ? 4 : 0
        default:
            // 80–BF: a continuation without a lead; C0, C1: always overlong; F5–FF: never used.
            return 0
        }
    }

    /// The number of Unicode scalars in well-formed UTF-8: every byte that is not a
    /// continuation byte starts one.
    static func scalarCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }
}
