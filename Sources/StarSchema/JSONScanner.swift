/// A strict RFC 8259 scanner for one JSON text whose top level is expected to be an object.
///
/// It does not build a tree: the top-level members come back one at a time as byte ranges
/// into the payload, and nested values (in fields the caller ignores) are validated and
/// skipped. Numbers stay as their exact text. The payload must already be valid UTF-8, so
/// string contents are only checked for control characters and escapes.
///
/// Memory safety: the scanner holds an `UnsafeRawBufferPointer` it does not own, so it must
/// not outlive the caller's `withUnsafeBytes` scope; it is a non-escaping local of `decode`.
/// Every read is preceded by an `offset < bytes.count` check (subscripting a raw buffer is
/// unchecked in release builds).
struct JSONScanner {
    /// The JSON type of a value.
    enum Kind: Equatable {
        case string, number, object, array, boolean, null
    }

    /// Where one value lies in the payload. For strings the range excludes the quotes.
    struct Token {
        var kind: Kind
        var range: Range<Int>
        /// Whether a string contains backslash escapes and so needs unescaping.
        var hasEscapes: Bool
    }

    /// Containers nested deeper than this are rejected, keeping recursion shallow on the
    /// small stacks of Dispatch worker threads (RFC 8259 §9 allows such a limit).
    static let maximumDepth = 64

    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    private var membersSeen = 0
    private var objectClosed = false

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes leading whitespace and the opening `{` of the top-level object. Returns false,
    /// consuming nothing but whitespace, when the text starts with something else.
    mutating func beginObject() -> Bool {
        skipWhitespace()
        guard current == UInt8(ascii: "{") else { return false }
        offset += 1
        return true
    }

    /// The next top-level member, or nil after the closing `}`.
    mutating func nextMember() throws(JSONSyntaxError) -> (key: Token, value: Token)? {
        guard !objectClosed else { return nil }
        skipWhitespace()
        if current == UInt8(ascii: "}") && membersSeen == 0 {
            offset += 1
            objectClosed = true
            return nil
        }
        if membersSeen > 0 {
            switch current {
            case UInt8(ascii: "}"):
                offset += 1
                objectClosed = true
                return nil
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            default:
                throw error("expected ',' or '}' after an object member")
            }
        }
        let member = try readMember(depth: 1)
        membersSeen += 1
        return member
    }

    /// Requires that only whitespace follows the value just read.
    mutating func finish() throws(JSONSyntaxError) {
        skipWhitespace()
        if offset < bytes.count { throw error("unexpected characters after the JSON value") }
    }

    /// Reads any value (validating containers completely) and returns where it lies.
    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> Token {
        skipWhitespace()
        guard let first = current else { throw error("expected a value, found the end of the message") }
        let start = offset
        switch first {
        case UInt8(ascii: "\""):
            return try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
            return Token(kind: .object, range: start..<offset, hasEscapes: false)
        case UInt8(ascii: "["):
            try skipArray(depth: depth + 1)
            return Token(kind: .array, range: start..<offset, hasEscapes: false)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return Token(kind: .boolean, range: start..<offset, hasEscapes: false)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return Token(kind: .boolean, range: start..<offset, hasEscapes: false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return Token(kind: .null, range: start..<offset, hasEscapes: false)
        default:
            throw error("expected a value")
        }
    }

    private mutating func readMember(depth: Int) throws(JSONSyntaxError) -> (key: Token, value: Token) {
        guard current == UInt8(ascii: "\"") else { throw error("expected a string as object key") }
        let key = try readString()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
        offset += 1
        let value = try readValue(depth: depth)
        return (key, value)
    }

    private mutating func skipObject(depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            _ = try readMember(depth: depth)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return
            default: throw error("expected ',' or '}' after an object member")
            }
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            _ = try readValue(depth: depth)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return
            default: throw error("expected ',' or ']' after an array element")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= bytes.count else { throw error("expected a value") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: length)
        for (index, byte) in expected.enumerated() where bytes[offset + index] != byte {
            throw error("expected a value")
        }
        offset += length
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func readNumber() throws(JSONSyntaxError) -> Token {
        let start = offset
        if current == UInt8(ascii: "-") { offset += 1 }
        switch current {
        case UInt8(ascii: "0"):
            offset += 1
        case .some(UInt8(ascii: "1")...UInt8(ascii: "9")):
            skipDigits()
        default:
            throw error("expected a digit in a number")
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard skipDigits() else { throw error("expected a digit after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() else { throw error("expected a digit in the exponent") }
        }
        return Token(kind: .number, range: start..<offset, hasEscapes: false)
    }

    /// Skips ASCII digits; returns whether there was at least one.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = offset
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            offset += 1
        }
        return offset > start
    }

    private mutating func readString() throws(JSONSyntaxError) -> Token {
        offset += 1
        let start = offset
        var hasEscapes = false
        while offset < bytes.count {
            if offset + 8 <= bytes.count,
                !Self.mayEndPlainRun(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            {
                offset += 8
                continue
            }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let token = Token(kind: .string, range: start..<offset, hasEscapes: hasEscapes)
                offset += 1
                return token
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try skipEscape()
            } else if byte < 0x20 {
                throw error("control character \(JSONEscapes.hex(UInt32(byte), digits: 2)) must be escaped in a string")
            } else {
                offset += 1
            }
        }
        throw error("unterminated string")
    }

    /// Whether any of eight bytes may be a quote, a backslash or a control character (SWAR:
    /// exact when it says no, which lets plain string runs be skipped a word at a time).
    private static func mayEndPlainRun(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highBits != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// Validates one escape starting at the backslash, including surrogate pairing.
    private mutating func skipEscape() throws(JSONSyntaxError) {
        let start = offset
        guard offset + 1 < bytes.count else { throw error("unterminated escape") }
        switch bytes[offset + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            offset += 2
            return
        case UInt8(ascii: "u"):
            break
        default:
            throw error("invalid escape")
        }
        guard let unit = JSONEscapes.hex4(bytes, at: offset + 2) else {
            throw error("\\u must be followed by 4 hex digits")
        }
        offset += 6
        switch unit {
        case 0xD800...0xDBFF:
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u"),
                let low = JSONEscapes.hex4(bytes, at: offset + 2), (0xDC00...0xDFFF).contains(low)
            else { throw loneSurrogate(unit, at: start) }
            offset += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(unit, at: start)
        default:
            return
        }
    }

    private func error(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, problem: problem, isLoneSurrogate: false)
    }

    private func loneSurrogate(_ unit: UInt32, at start: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            offset: start,
            problem: "\\u\(JSONEscapes.hex(unit, digits: 4)) is a lone surrogate, not a Unicode character",
            isLoneSurrogate: true)
    }
}
