/// The exact value of a JSON number, read from its text without binary floating point.
///
/// A number is described by the powers of ten of its most and least significant non-zero
/// digits, after applying the exponent: `12.500` and `1.25e1` both span 10^1 … 10^-1, so both
/// have one decimal place. That makes the range and decimal-place rules exact for any text,
/// however long its digits or exponent (`1e-999999999` is tiny and has many decimals).
///
/// Memory safety: holds the caller's buffer without owning it; used only inside `decode`.
struct JSONNumberText {
    private let text: UnsafeRawBufferPointer
    let isNegative: Bool
    /// True for every spelling of zero (`0`, `-0.00`, `0e5`).
    let isZero: Bool
    /// Power of ten of the most significant non-zero digit (0 for 7, 2 for 123, -1 for 0.5).
    let highestPower: Int
    /// Power of ten of the least significant non-zero digit (0 for 120, -2 for 1.25).
    let lowestPower: Int

    private let integerDigits: Range<Int>
    private let fractionDigits: Range<Int>
    private let firstSignificant: Int
    private let lastSignificant: Int

    /// Exponents are clamped to this magnitude; beyond it every rule's answer is the same.
    private static let exponentLimit = 1_000_000_000

    /// Reads text that matched the JSON number grammar; anything else yields a value that
    /// is simply wrong, never a trap.
    init(_ text: UnsafeRawBufferPointer) {
        self.text = text
        var index = 0
        isNegative = text.first == UInt8(ascii: "-")
        if isNegative { index = 1 }
        func skipDigits() {
            while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) { index += 1 }
        }
        let integerStart = index
        skipDigits()
        integerDigits = integerStart..<index
        var fractionStart = index
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            skipDigits()
        }
        fractionDigits = fractionStart..<index
        var exponent = 0
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var negativeExponent = false
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                negativeExponent = text[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
                exponent = min(exponent * 10 + Int(text[index] - UInt8(ascii: "0")), Self.exponentLimit)
                index += 1
            }
            if negativeExponent { exponent = -exponent }
        }

        let digitCount = integerDigits.count + fractionDigits.count
        var first = -1
        var last = -1
        for position in 0..<digitCount where Self.digit(text, integerDigits, fractionDigits, position) != 0 {
            if first < 0 { first = position }
            last = position
        }
        firstSignificant = first
        lastSignificant = last
        isZero = first < 0
        // Digit at position p (counting from the first integer digit) has power intCount - 1 - p.
        let unitPosition = integerDigits.count - 1
        highestPower = isZero ? 0 : unitPosition - first + exponent
        lowestPower = isZero ? 0 : unitPosition - last + exponent
    }

    private static func digit(
        _ text: UnsafeRawBufferPointer, _ integerDigits: Range<Int>, _ fractionDigits: Range<Int>, _ position: Int
    ) -> Int {
        let offset =
            position < integerDigits.count
            ? integerDigits.lowerBound + position
            : fractionDigits.lowerBound + position - integerDigits.count
        return Int(text[offset] &- UInt8(ascii: "0"))
    }

    /// How many decimal places the value really has: trailing zeros do not count.
    var decimalPlaces: Int { isZero ? 0 : max(0, -lowestPower) }

    /// Whether the value is an integer (`3`, `3.0`, `3e2`, but not `3.5` or `3e-1`).
    var isWholeNumber: Bool { isZero || lowestPower >= 0 }

    /// value × 10^power when that is an integer of magnitude below 10^18, else nil.
    func scaled(byPowerOfTen power: Int) -> Int64? {
        if isZero { return 0 }
        guard lowestPower + power >= 0, highestPower + power <= 17 else { return nil }
        var value: Int64 = 0
        for position in firstSignificant...lastSignificant {
            value = value * 10 + Int64(Self.digit(text, integerDigits, fractionDigits, position))
        }
        for _ in 0..<(lowestPower + power) {
            value *= 10
        }
        return isNegative ? -value : value
    }
}
