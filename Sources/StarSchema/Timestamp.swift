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

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
