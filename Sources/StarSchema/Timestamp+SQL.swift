extension Timestamp {
    /// Parses the text warehouses return for TIMESTAMP columns: `2026-11-28 10:15:00`,
    /// `2026-11-28 10:15:00.25`, also with `T` and a trailing `Z` or `+00`/`+00:00`.
    package init?(sqlText text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
            let day = number(8..<10), bytes[10] == 32 || bytes[10] == 84,
            let hour = number(11..<13), bytes[13] == 58, let minute = number(14..<16), bytes[16] == 58,
            let second = number(17..<19), CalendarDate.isValid(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var micro = 0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micro = micro * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micro *= 10 }
        }
        let rest = String(decoding: bytes[index...], as: UTF8.self)
        guard ["", "Z", "+00", "+00:00"].contains(rest) else { return nil }
        self.init(
            date: CalendarDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second,
            microsecond: micro)
    }
}
