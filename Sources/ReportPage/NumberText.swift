import StarSchema

/// How numbers read on the page: thousands grouped with commas, money with two decimals, and short
/// axis labels (`12k`, `1.5M`). Grouping is the only change from the CSV text, so a reader (or a
/// test) that drops the commas gets the CSV value back.
package enum NumberText {
    package static func money(_ money: Money) -> String {
        let text = money.description
        guard let point = text.firstIndex(of: ".") else { return text }
        let whole = Int64(text[..<point]) ?? 0
        let sign = text.hasPrefix("-") && whole == 0 ? "-" : ""
        return sign + whole.groupedDigits + text[point...]
    }

    package static func cell(_ value: ReportTable.Value) -> String {
        switch value {
        case .text(let text): text
        case .integer(let number): number.groupedDigits
        case .money(let amount): money(amount)
        }
    }

    /// An axis or bar label: at most three significant figures with k / M suffixes.
    package static func short(_ value: Double) -> String {
        let magnitude = abs(value)
        switch magnitude {
        case ..<1_000: return trimmed(value, decimals: magnitude < 10 && magnitude != magnitude.rounded() ? 1 : 0)
        case ..<1_000_000: return trimmed(value / 1_000, decimals: magnitude < 100_000 ? 1 : 0) + "k"
        default: return trimmed(value / 1_000_000, decimals: magnitude < 100_000_000 ? 1 : 0) + "M"
        }
    }

    /// An SVG coordinate: one decimal is finer than a pixel and keeps the page small.
    package static func coordinate(_ value: Double) -> String { trimmed(value, decimals: 1) }

    private static func trimmed(_ value: Double, decimals: Int) -> String {
        let factor = decimals == 0 ? 1.0 : 10.0
        let scaled = Int64((value * factor).rounded())
        if decimals == 0 || scaled % 10 == 0 { return String(scaled / Int64(factor)) }
        let sign = scaled < 0 ? "-" : ""
        return "\(sign)\(scaled.magnitude / 10).\(scaled.magnitude % 10)"
    }
}
