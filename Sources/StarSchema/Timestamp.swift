/// An instant in UTC with microsecond precision (the precision of PostgreSQL's TIMESTAMP).
///
/// Stored as microseconds since 1970-01-01T00:00:00Z so that comparison, hashing and
/// formatting are integer work, with no Foundation calendars on the hot path.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var microseconds: Int64

    package init(microseconds: Int64) { self.microseconds = microseconds }

    package init(date: CalendarDate, hour: Int, minute: Int, second: Int, microsecond: Int = 0) {
        let days = Int64(date.daysSinceEpoch)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.microseconds = seconds * 1_000_000 + Int64(microsecond)
    }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// The UTC calendar day of this instant.
    package var date: CalendarDate {
        CalendarDate(daysSinceEpoch: Int(floorDiv(microseconds, 86_400_000_000)))
    }

    private var timeOfDay: (hour: Int, minute: Int, second: Int, micro: Int) {
        let micros = microseconds - floorDiv(microseconds, 86_400_000_000) * 86_400_000_000
        let seconds = Int(micros / 1_000_000)
        return (seconds / 3600, seconds / 60 % 60, seconds % 60, Int(micros % 1_000_000))
    }

    /// `2026-11-28 10:15:00` or `2026-11-28 10:15:00.250000`: the text form SQL TIMESTAMP
    /// columns accept and SQLite compares correctly as text.
    package var sqlText: String { format(separator: 32, zone: nil) }

    /// `2026-11-28T10:15:00Z` (with `.ffffff` when there are microseconds).
    package var iso8601: String { format(separator: 84, zone: 90) }

    package var description: String { iso8601 }

    /// Formats into a small byte buffer: this runs for several columns of every row of every batch,
    /// and string concatenation there showed in profiles.
    private func format(separator: UInt8, zone: UInt8?) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(to: &bytes, separator: separator, zone: zone)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `sqlText`'s bytes, for writers that build a whole column at once (`PostgresArrayColumn`).
    package func appendSQLText(to bytes: inout [UInt8]) { append(to: &bytes, separator: 32, zone: nil) }

    private func append(to bytes: inout [UInt8], separator: UInt8, zone: UInt8?) {
        let date = self.date
        let t = timeOfDay
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(48 + rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(date.year, 4)
        bytes.append(45)
        digits(date.month, 2)
        bytes.append(45)
        digits(date.day, 2)
        bytes.append(separator)
        digits(t.hour, 2)
        bytes.append(58)
        digits(t.minute, 2)
        bytes.append(58)
        digits(t.second, 2)
        if t.micro != 0 {
            bytes.append(46)
            digits(t.micro, 6)
        }
        if let zone { bytes.append(zone) }
    }
}

/// A day in the proleptic Gregorian calendar, the key of DIM_DATE.
package struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Howard Hinnant's civil_from_days: exact for every day, no tables.
    package init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Howard Hinnant's days_from_civil.
    package var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
    package var weekday: Int {
        let r = (daysSinceEpoch + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    package var quarter: Int { (month - 1) / 3 + 1 }
    package var isWeekend: Bool { weekday >= 6 }

    /// `2026-11-28`, built as bytes (it is the DATE_ID of every fact row).
    package var text: String {
        guard (0...9999).contains(year) else {
            let y = String(year)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + pad2(month) + "-" + pad2(day)
        }
        let bytes: [UInt8] = [
            UInt8(48 + year / 1000), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10), UInt8(48 + year % 10), 45,
            UInt8(48 + month / 10), UInt8(48 + month % 10), 45, UInt8(48 + day / 10), UInt8(48 + day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text`'s bytes without making the String (the fact insert writes one per row).
    package func appendText(to bytes: inout [UInt8]) {
        guard (0...9999).contains(year) else { return bytes.append(contentsOf: text.utf8) }
        bytes.append(UInt8(48 + year / 1000))
        bytes.append(UInt8(48 + year / 100 % 10))
        bytes.append(UInt8(48 + year / 10 % 10))
        bytes.append(UInt8(48 + year % 10))
        bytes.append(45)
        bytes.append(UInt8(48 + month / 10))
        bytes.append(UInt8(48 + month % 10))
        bytes.append(45)
        bytes.append(UInt8(48 + day / 10))
        bytes.append(UInt8(48 + day % 10))
    }

    package var description: String { text }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

private func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
