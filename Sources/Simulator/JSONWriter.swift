import StarSchema

/// Writes JSON text straight into an array's uninitialised storage, without Foundation and
/// without per-append growth checks: the simulator's hot path writes every message through it.
///
/// Memory safety: `base` points at `capacity` bytes of the array being initialised by
/// `JSONWriter.bytes(capacity:_:)`, and the writer never escapes that closure. Every write checks
/// `count` against `capacity` and drops what does not fit, so an underestimated capacity
/// truncates the output (which the tests would catch) but never writes out of bounds.
struct JSONWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    /// Longest text of an Int64 or of money: sign, 19 digits, a point.
    static let maximumNumberLength = 21
    /// Longest timestamp: quotes, a year of up to 7 digits, fixed separators, microseconds, `Z`.
    static let maximumTimestampLength = 36

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// An array of at most `capacity` bytes filled by `body`.
    static func bytes(capacity: Int, _ body: (inout JSONWriter) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            var writer = JSONWriter(base: base, capacity: buffer.count)
            body(&writer)
            initialized = writer.count
        }
    }

    /// A string of at most `capacity` UTF-8 bytes filled by `body` (which must write valid UTF-8).
    static func string(capacity: Int, _ body: (inout JSONWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var writer = JSONWriter(base: base, capacity: buffer.count)
            body(&writer)
            return writer.count
        }
    }

    /// `value` as a JSON string literal, for the rare paths that want bytes rather than a writer.
    static func stringLiteral(_ value: String) -> [UInt8] {
        bytes(capacity: maximumStringLength(value)) { $0.string(value) }
    }

    /// An upper bound on `value`'s length as a JSON string literal, quotes included.
    static func maximumStringLength(_ value: String) -> Int {
        let counted = value.utf8.withContiguousStorageIfAvailable(escapedLength)
        return 2 + (counted ?? Array(value.utf8).withUnsafeBufferPointer(escapedLength))
    }

    private static func escapedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = bytes.count
        for byte in bytes where needsEscape(byte) {
            length += byte < 0x20 ? 5 : 1
        }
        return length
    }

    mutating func byte(_ byte: UInt8) {
        guard count < capacity else { return }
        base[count] = byte
        count += 1
    }

    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, count + bytes.count <= capacity else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { raw($0) }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7),
    /// everything else — including non-ASCII — passed through as UTF-8.
    mutating func string(_ value: String) {
        byte(UInt8(ascii: "\""))
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { escaped($0) }
        if done == nil { Array(value.utf8).withUnsafeBufferPointer { escaped($0) } }
        byte(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Most strings need no escaping: copy them in one go.
        guard bytes.contains(where: Self.needsEscape) else { return raw(bytes) }
        for value in bytes {
            guard Self.needsEscape(value) else {
                byte(value)
                continue
            }
            byte(UInt8(ascii: "\\"))
            switch value {
            case UInt8(ascii: "\""): byte(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): byte(UInt8(ascii: "\\"))
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x0C: byte(UInt8(ascii: "f"))
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0D: byte(UInt8(ascii: "r"))
            case 0x09: byte(UInt8(ascii: "t"))
            default:
                raw("u00")
                byte(Self.hexDigit(value >> 4))
                byte(Self.hexDigit(value & 0x0F))
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// A non-negative integer in decimal, left-padded with zeros to `minimumDigits`.
    mutating func decimal(_ value: UInt64, minimumDigits: Int = 1) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let width = max(digits, minimumDigits)
        guard count + width <= capacity else { return }
        var remaining = value
        for position in stride(from: count + width - 1, through: count, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += width
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        decimal(value.magnitude)
    }

    /// `12.50`: money as a JSON number with exactly two decimals.
    mutating func money(_ money: Money) {
        if money.cents < 0 { byte(UInt8(ascii: "-")) }
        decimal(money.cents.magnitude / 100)
        byte(UInt8(ascii: "."))
        decimal(money.cents.magnitude % 100, minimumDigits: 2)
    }

    /// `"2026-11-28T10:15:00Z"`, with `.ffffff` only when the instant has microseconds.
    mutating func timestamp(_ timestamp: Timestamp) {
        let microsPerDay: Int64 = 86_400_000_000
        var days = timestamp.microseconds / microsPerDay
        var within = timestamp.microseconds % microsPerDay
        if within < 0 {
            days -= 1
            within += microsPerDay
        }
        let date = CalendarDate(daysSinceEpoch: Int(days))
        let seconds = UInt64(within / 1_000_000)
        byte(UInt8(ascii: "\""))
        decimal(UInt64(max(0, date.year)), minimumDigits: 4)
        byte(UInt8(ascii: "-"))
        decimal(UInt64(date.month), minimumDigits: 2)
        byte(UInt8(ascii: "-"))
        decimal(UInt64(date.day), minimumDigits: 2)
        byte(UInt8(ascii: "T"))
        decimal(seconds / 3600, minimumDigits: 2)
        byte(UInt8(ascii: ":"))
        decimal(seconds / 60 % 60, minimumDigits: 2)
        byte(UInt8(ascii: ":"))
        decimal(seconds % 60, minimumDigits: 2)
        if within % 1_000_000 != 0 {
            byte(UInt8(ascii: "."))
            decimal(UInt64(within % 1_000_000), minimumDigits: 6)
        }
        raw("Z\"")
    }
}
