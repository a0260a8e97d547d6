import ODBC

/// Text values every driver must store and return unchanged.
enum RoundTripCases {
    static let texts: [String] = [
        "plain", "", " leading and trailing ", "Zoë", "東京", "😀 emoji 👩‍👩‍👧", "it's \"quoted\"",
        #"back\slash \\ \n not a newline"#, "line\nbreak\ttab", "'; DROP TABLE x; --", "?", "$1",
        "2026-01-25 19:57:24.123456",
    ]

    /// A 1 MB value with multi-byte characters spread through it (and across chunk edges).
    static let large: String = {
        let unit = "abcdefghij" + "Zoë東京😀" + String(repeating: "x", count: 100)
        var text = String(repeating: unit, count: 1_000_000 / unit.utf8.count + 1)
        text += "END"
        return text
    }()

    static let integers: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min + 1, 9_007_199_254_740_993]
}
