import CODBC

/// Conversion between Swift strings and ODBC's wide characters (`SQLWCHAR`: UTF-16 code units in
/// unixODBC), one implementation each way for every caller: SQL text, connection strings,
/// parameters, column arrays, result values, diagnostics.
///
/// Both directions go code unit by code unit over raw buffers. Result sets arrive as `SQL_C_WCHAR`
/// and parameters are bound as `SQL_C_WCHAR` (see `ParameterBuffers` for why), mostly ASCII:
/// `String(decoding:as: UTF16.self)` takes the generic transcoding path and was a quarter of the
/// daemon's CPU when reading product rows, and the generic `String.utf16` view costs several times
/// more per byte than narrowing or widening ASCII in place.
enum UTF16Text {
    /// UTF-16 from the driver to a Swift `String` in one pass; ill-formed sequences (lone surrogates)
    /// become U+FFFD, as `String(decoding:as:)` does, rather than failing.
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

    /// A buffer the driver filled and NUL-terminated (diagnostics, `SQLGetInfo`): the units before
    /// the first NUL, or all of them when there is none.
    static func string(upToNUL units: ArraySlice<SQLWCHAR>) -> String {
        units.withUnsafeBufferPointer { buffer in
            string(UnsafeBufferPointer(rebasing: buffer[..<(buffer.firstIndex(of: 0) ?? buffer.endIndex)]))
        }
    }

    /// A string's UTF-16 code units, without a terminating NUL (callers pass the length).
    static func units(_ string: String) -> [SQLWCHAR] {
        var string = string
        return string.withUTF8 { utf8 in
            // UTF-16 never needs more units than UTF-8 has bytes.
            [SQLWCHAR](unsafeUninitializedCapacity: max(utf8.count, 1)) { buffer, initialized in
                initialized = transcode(utf8, into: buffer.baseAddress!)
            }
        }
    }

    /// UTF-8 to UTF-16 in one pass, ASCII byte by byte; returns the number of units written.
    /// Column-array parameters are megabytes of mostly ASCII. The input is a Swift string's storage,
    /// so it is valid UTF-8; `output` must have room for `utf8.count` units.
    static func transcode(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<SQLWCHAR>) -> Int {
        var count = 0
        var index = 0
        let end = utf8.count
        while index < end {
            let lead = UInt32(utf8[index])
            if lead < 0x80 {
                output[count] = SQLWCHAR(lead)
                count += 1
                index += 1
                continue
            }
            var scalar: UInt32
            if lead < 0xE0 {
                scalar = (lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                scalar = (lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                index += 3
            } else {
                scalar =
                    (lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12
                    | UInt32(utf8[index + 2] & 0x3F) << 6 | UInt32(utf8[index + 3] & 0x3F)
                index += 4
            }
            if scalar >= 0x10000 {
                scalar -= 0x10000
                output[count] = SQLWCHAR(0xD800 + (scalar >> 10))
                output[count + 1] = SQLWCHAR(0xDC00 + (scalar & 0x3FF))
                count += 2
            } else {
                output[count] = SQLWCHAR(scalar)
                count += 1
            }
        }
        return count
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
