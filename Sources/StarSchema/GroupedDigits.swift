extension BinaryInteger {
    /// `1,234,567`: thousands grouped with commas whatever the locale, for the numbers people read —
    /// the demo's progress and summary lines, the report page, the benchmark's tables.
    package var groupedDigits: String {
        let digits = String(magnitude, radix: 10)
        var text = self < 0 ? "-" : ""
        text.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
