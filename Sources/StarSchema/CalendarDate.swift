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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(to: &bytes)
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

private func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
