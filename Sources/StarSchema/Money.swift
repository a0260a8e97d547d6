/// An exact amount of money in integer cents. Never passes through binary floating point.
package struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var cents: Int64

    package init(cents: Int64) { self.cents = cents }

    /// Parses a plain decimal such as `12`, `12.5`, `12.50`, `-3.10` (at most two decimals).
    /// Returns nil for anything else, including exponents and more than two decimals.
    package init?(decimalText text: some StringProtocol) {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDigit = false
        var inFraction = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                seenDigit = true
                if inFraction {
                    fractionDigits += 1
                    if fractionDigits > 2 { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    // 10^15 whole units is far beyond any accepted price; stop before overflow.
                    if whole > 999_999_999_999_999 { return nil }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                if inFraction { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard seenDigit else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let cents = whole * 100 + fraction
        self.cents = negative ? -cents : cents
    }

    /// `1234.50`, `-0.05`: always two decimals, as NUMERIC(…,2) columns want.
    package var description: String {
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `description`'s bytes without making the String (the fact insert writes two per row).
    package func appendText(to bytes: inout [UInt8]) {
        if cents < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = cents.magnitude
        bytes.appendDecimal(Int64(magnitude / 100))
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(48 + magnitude % 100 / 10))
        bytes.append(UInt8(48 + magnitude % 10))
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    package static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
}
