/// Parsing of the ISO-8601 / RFC 3339 timestamps that order events carry.
///
/// Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`, with `T`, `t` or a space
/// between date and time and `Z` or `z` for UTC (RFC 3339 §5.6 allows the lower-case forms).
/// No zone means UTC. Up to 9 fraction digits are accepted and truncated (not rounded) to
/// microseconds, so an instant never moves to a later second or day. Hour 24 and leap
/// second 60 are rejected: neither can be stored in a SQL TIMESTAMP portably. Offsets are
/// applied, so the result is the UTC instant; it must fall within years 0001–9999.
extension Timestamp {
    /// Parses `text` as described above; nil if it is not such a timestamp.
    package init?(iso8601 text: String) {
        var text = text
        let result = text.withUTF8 { Timestamp.parseISO8601(UnsafeRawBufferPointer($0)) }
        guard case .success(let timestamp) = result else { return nil }
        self = timestamp
    }

    /// Parses UTF-8 bytes, explaining a failure in words fit for a dead-letter detail.
    static func parseISO8601(_ text: UnsafeRawBufferPointer) -> Result<Timestamp, TimestampSyntaxError> {
        var reader = ISO8601Reader(text: text)
        guard let year = reader.number(digits: 4), reader.skip("-"),
            let month = reader.number(digits: 2), reader.skip("-"),
            let day = reader.number(digits: 2), reader.skipSeparator(),
            let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2), reader.skip(":"),
            let second = reader.number(digits: 2)
        else { return .failure(.notISO8601) }

        var microsecond = 0
        if reader.skip(".") {
            let digits = reader.fraction(&microsecond)
            if digits == 0 { return .failure(.notISO8601) }
            if digits > 9 { return .failure(TimestampSyntaxError("has more than 9 fraction digits")) }
        }
        guard let offsetSeconds = reader.zoneOffsetSeconds(), reader.atEnd else { return .failure(.notISO8601) }

        guard (1...12).contains(month), CalendarDate.isValid(year: year, month: month, day: day) else {
            return .failure(TimestampSyntaxError("is not a calendar date"))
        }
        guard hour <= 23 else { return .failure(TimestampSyntaxError("has hour \(hour); hours run 00–23")) }
        guard minute <= 59 else { return .failure(TimestampSyntaxError("has minute \(minute); minutes run 00–59")) }
        guard second <= 59 else {
            return .failure(TimestampSyntaxError("has second \(second); leap seconds are not accepted"))
        }
        let local = Timestamp(
            date: CalendarDate(year: year, month: month, day: day),
            hour: hour, minute: minute, second: second, microsecond: microsecond)
        let utc = Timestamp(microseconds: local.microseconds - Int64(offsetSeconds) * 1_000_000)
        guard (1...9999).contains(utc.date.year) else {
            return .failure(TimestampSyntaxError("falls outside the years 0001–9999 in UTC"))
        }
        return .success(utc)
    }
}

/// Why a timestamp text was refused, phrased to follow the quoted text in a message.
struct TimestampSyntaxError: Error, Equatable {
    var problem: String

    init(_ problem: String) { self.problem = problem }

    static let notISO8601 = TimestampSyntaxError(
        "is not ISO-8601 (expected YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])")
}

/// A cursor over timestamp bytes; every read checks bounds.
private struct ISO8601Reader {
    let text: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index == text.count }

    private func digit(at position: Int) -> Int? {
        guard position < text.count else { return nil }
        let byte = text[position]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        return Int(byte - UInt8(ascii: "0"))
    }

    /// Exactly `digits` ASCII digits.
    mutating func number(digits: Int) -> Int? {
        var value = 0
        for position in index..<(index + digits) {
            guard let digit = digit(at: position) else { return nil }
            value = value * 10 + digit
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < text.count, text[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func skipSeparator() -> Bool { skip("T") || skip("t") || skip(" ") }

    /// Reads fraction digits, keeping the first six as microseconds; returns how many there were.
    mutating func fraction(_ microsecond: inout Int) -> Int {
        var count = 0
        while let digit = digit(at: index) {
            if count < 6 { microsecond = microsecond * 10 + digit }
            count += 1
            index += 1
        }
        for _ in min(count, 6)..<6 {
            microsecond *= 10
        }
        return count
    }

    /// Nothing (UTC), `Z`, `z`, `±HH:MM` or `±HHMM`; nil when malformed or out of range.
    mutating func zoneOffsetSeconds() -> Int? {
        if atEnd || skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2) else { return nil }
        _ = skip(":")
        guard let minutes = number(digits: 2), hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
