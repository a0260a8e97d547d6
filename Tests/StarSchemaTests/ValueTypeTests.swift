import StarSchema
import Testing

/// Money, Timestamp and CalendarDate: exact parsing, formatting and calendar arithmetic.
@Suite struct ValueTypeTests {
    @Test(
        arguments: [
            ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("-3.10", -310), ("0", 0), ("-0", 0), ("0.01", 1),
            ("99999999.99", 9_999_999_999), ("007.05", 705), ("999999999999999.99", 99_999_999_999_999_999),
        ] as [(String, Int64)])
    func moneyParsesPlainDecimals(text: String, cents: Int64) {
        #expect(Money(decimalText: text) == Money(cents: cents))
        #expect(Money(decimalText: Substring(text)) == Money(cents: cents))
    }

    @Test(arguments: [
        "", "-", ".", "1.234", "1e2", "+1", "1,5", " 1", "1 ", "1.2.3", "--1", "abc", "١٢",
        "9999999999999999999999",
    ])
    func moneyRejectsAnythingElse(text: String) {
        #expect(Money(decimalText: text) == nil)
    }

    @Test(
        arguments: [
            (0, "0.00"), (1, "0.01"), (10, "0.10"), (1250, "12.50"), (-5, "-0.05"), (-310, "-3.10"),
            (9_999_999_999, "99999999.99"), (Int64.min, "-92233720368547758.08"),
        ] as [(Int64, String)])
    func moneyFormatsWithTwoDecimals(cents: Int64, text: String) {
        #expect(Money(cents: cents).description == text)
    }

    @Test func moneyRoundTripsAndOrders() {
        for cents: Int64 in [-100_001, -1, 0, 7, 99, 100, 123_456_789] {
            #expect(Money(decimalText: Money(cents: cents).description) == Money(cents: cents))
        }
        #expect(Money(cents: 1) < Money(cents: 2))
        #expect(Money(cents: 150) + Money(cents: -50) == Money(cents: 100))
    }

    @Test(
        arguments: [
            (0, "1970-01-01 00:00:00", "1970-01-01T00:00:00Z"),
            (1, "1970-01-01 00:00:00.000001", "1970-01-01T00:00:00.000001Z"),
            (-1, "1969-12-31 23:59:59.999999", "1969-12-31T23:59:59.999999Z"),
            (1_795_860_900_250_000, "2026-11-28 10:15:00.250000", "2026-11-28T10:15:00.250000Z"),
            (951_825_600_000_000, "2000-02-29 12:00:00", "2000-02-29T12:00:00Z"),
            (-62_135_596_800_000_000, "0001-01-01 00:00:00", "0001-01-01T00:00:00Z"),
            (253_402_300_799_999_999, "9999-12-31 23:59:59.999999", "9999-12-31T23:59:59.999999Z"),
        ] as [(Int64, String, String)])
    func timestampFormats(microseconds: Int64, sql: String, iso: String) {
        let timestamp = Timestamp(microseconds: microseconds)
        #expect(timestamp.sqlText == sql)
        #expect(timestamp.iso8601 == iso)
        #expect(timestamp.description == iso)
        #expect(Timestamp(iso8601: iso) == timestamp)
        #expect(Timestamp(iso8601: sql) == timestamp)
    }

    @Test func timestampFromCivilFieldsAndBack() {
        let timestamp = Timestamp(
            date: CalendarDate(year: 2026, month: 11, day: 28), hour: 10, minute: 15, second: 7, microsecond: 42)
        #expect(timestamp.iso8601 == "2026-11-28T10:15:07.000042Z")
        #expect(timestamp.date == CalendarDate(year: 2026, month: 11, day: 28))
        #expect(Timestamp(microseconds: -1).date == CalendarDate(year: 1969, month: 12, day: 31))
        #expect(Timestamp(iso8601: "not a time") == nil)
    }

    @Test(arguments: [
        (0, 1970, 1, 1), (-1, 1969, 12, 31), (59, 1970, 3, 1), (10_956, 1999, 12, 31), (10_957, 2000, 1, 1),
        (11_016, 2000, 2, 29), (11_017, 2000, 3, 1), (19_782, 2024, 2, 29), (47_540, 2100, 2, 28), (47_541, 2100, 3, 1),
        (-25_508, 1900, 3, 1), (-25_509, 1900, 2, 28), (-719_162, 1, 1, 1), (2_932_896, 9999, 12, 31),
    ])
    func calendarDateCivilConversions(days: Int, year: Int, month: Int, day: Int) {
        let date = CalendarDate(year: year, month: month, day: day)
        #expect(date.daysSinceEpoch == days)
        #expect(CalendarDate(daysSinceEpoch: days) == date)
    }

    @Test func calendarDateRoundTripsEveryDayOfFourCenturies() {
        // 1900–2300 covers the 100- and 400-year leap rules in both directions from 1970.
        var expected = CalendarDate(year: 1900, month: 1, day: 1)
        var days = expected.daysSinceEpoch
        while expected.year < 2300 {
            let date = CalendarDate(daysSinceEpoch: days)
            guard date == expected, date.daysSinceEpoch == days else {
                Issue.record("day \(days): \(date) ≠ \(expected)")
                return
            }
            let nextDay = CalendarDate.isValid(year: expected.year, month: expected.month, day: expected.day + 1)
            let nextMonth =
                expected.month == 12
                ? CalendarDate(year: expected.year + 1, month: 1, day: 1)
                : CalendarDate(year: expected.year, month: expected.month + 1, day: 1)
            expected =
                nextDay ? CalendarDate(year: expected.year, month: expected.month, day: expected.day + 1) : nextMonth
            days += 1
        }
        #expect(days == CalendarDate(year: 2300, month: 1, day: 1).daysSinceEpoch)
    }

    @Test(arguments: [
        (2024, 2, 29, true), (2000, 2, 29, true), (1900, 2, 29, false), (2026, 2, 29, false),
        (2026, 4, 31, false), (2026, 12, 31, true), (2026, 13, 1, false), (2026, 0, 1, false),
        (2026, 1, 0, false), (0, 1, 1, false), (10_000, 1, 1, false), (9999, 12, 31, true),
    ])
    func calendarDateValidity(year: Int, month: Int, day: Int, valid: Bool) {
        #expect(CalendarDate.isValid(year: year, month: month, day: day) == valid)
    }

    @Test(arguments: [
        (1970, 1, 1, 4, 1, false), (2026, 11, 28, 6, 4, true), (2026, 11, 29, 7, 4, true), (2026, 11, 30, 1, 4, false),
        (2024, 2, 29, 4, 1, false), (2000, 1, 1, 6, 1, true), (1969, 12, 31, 3, 4, false), (2026, 4, 1, 3, 2, false),
        (2026, 6, 30, 2, 2, false), (2026, 7, 1, 3, 3, false), (2026, 9, 30, 3, 3, false), (1, 1, 1, 1, 1, false),
    ])
    func calendarDateWeekdayQuarterWeekend(year: Int, month: Int, day: Int, weekday: Int, quarter: Int, weekend: Bool) {
        let date = CalendarDate(year: year, month: month, day: day)
        #expect(date.weekday == weekday)
        #expect(date.quarter == quarter)
        #expect(date.isWeekend == weekend)
    }

    @Test func calendarDateTextAndOrder() {
        #expect(CalendarDate(year: 2026, month: 3, day: 7).text == "2026-03-07")
        #expect(CalendarDate(year: 33, month: 12, day: 25).description == "0033-12-25")
        #expect(CalendarDate(year: 2025, month: 12, day: 31) < CalendarDate(year: 2026, month: 1, day: 1))
        #expect(CalendarDate(year: 2026, month: 1, day: 31) < CalendarDate(year: 2026, month: 2, day: 1))
    }
}

/// The byte order that tie-breaks and lock orders rely on.
@Suite struct ByteOrderTests {
    @Test func matchesUTF8LexicographicOrder() {
        let samples = [
            "", "a", "ab", "abc", "abd", "b", "B", "o-10", "o-9", "é", "e\u{301}", "ö", "z", "日本", "日", "😀", "\u{FFFD}",
            "ORD-0001", "ORD-0001-a", "ORD-00010",
        ]
        for a in samples {
            for b in samples {
                #expect(a.precedesInByteOrder(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) vs \(b)")
            }
        }
    }

    @Test func ordersEventKeysByTimeThenOrderIDBytes() {
        let at = Timestamp(microseconds: 1_000_000)
        #expect(EventKey(timestamp: at, orderID: "B") < EventKey(timestamp: at, orderID: "a"))
        #expect(EventKey(timestamp: at, orderID: "é") > EventKey(timestamp: at, orderID: "z"))
        #expect(!(EventKey(timestamp: at, orderID: "x") < EventKey(timestamp: at, orderID: "x")))
        #expect(EventKey(timestamp: Timestamp(microseconds: 0), orderID: "z") < EventKey(timestamp: at, orderID: "a"))
    }
}
