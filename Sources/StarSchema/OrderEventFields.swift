/// The known top-level members of one order payload, and their validation into typed values.
///
/// Each accessor applies one field's rules and throws the rejection a dead letter carries:
/// every field is required; strings are non-empty, at most 64 Unicode scalars (order_id) or 256;
/// order_timestamp is ISO-8601; price is a number ≥ 0 below 10^8 with at most 2 decimals; quantity
/// a whole number from 1 to 1,000,000. Details name the field and never echo more than ~40
/// characters of input.
///
/// Memory safety: holds the caller's payload buffer without owning it; it lives only
/// inside `OrderEventDecoder.decode`.
struct OrderEventFields {
    private let payload: UnsafeRawBufferPointer
    private var tokens: [JSONScanner.Token?]

    init(payload: UnsafeRawBufferPointer) {
        self.payload = payload
        self.tokens = Array(repeating: nil, count: OrderField.allCases.count)
    }

    /// Records a member; returns false if the field was already present.
    mutating func record(_ token: JSONScanner.Token, for field: OrderField) -> Bool {
        guard tokens[field.rawValue] == nil else { return false }
        tokens[field.rawValue] = token
        return true
    }

    /// A required string field, unescaped, non-empty and within its length limit.
    func string(_ field: OrderField) throws(EventRejection) -> String {
        let token = try present(field, as: .string)
        guard token.hasEscapes else {
            return try Self.checkedString(field, UnsafeRawBufferPointer(rebasing: payload[token.range])).get()
        }
        let unescaped = JSONEscapes.unescape(payload, token.range)
        // Raw control bytes are already invalid JSON; an escaped \u0000 is valid JSON but no SQL
        // text column can store it, so it is refused here rather than by the warehouse.
        if unescaped.contains(0) {
            throw EventRejection(
                .forbiddenCharacter, "\(field.name): contains U+0000 (NUL), which SQL text cannot store")
        }
        return try unescaped.withUnsafeBytes { Self.checkedString(field, $0) }.get()
    }

    private static func checkedString(_ field: OrderField, _ bytes: UnsafeRawBufferPointer) -> Result<
        String, EventRejection
    > {
        if bytes.isEmpty { return .failure(EventRejection(.emptyField, "\(field.name): empty string")) }
        // A scalar takes at least one byte, so only long byte runs need counting.
        if bytes.count > field.maximumLength {
            let length = UTF8Validation.scalarCount(bytes)
            if length > field.maximumLength {
                return .failure(
                    EventRejection(
                        .fieldTooLong,
                        "\(field.name): \(length) characters (Unicode scalars); the limit is \(field.maximumLength)"))
            }
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// `order_timestamp`, normalised to UTC.
    func timestamp() throws(EventRejection) -> Timestamp {
        let field = OrderField.orderTimestamp
        let token = try present(field, as: .string)
        let unescaped = token.hasEscapes ? JSONEscapes.unescape(payload, token.range) : []
        let result =
            token.hasEscapes
            ? unescaped.withUnsafeBytes { Self.parsedTimestamp($0) }
            : Self.parsedTimestamp(UnsafeRawBufferPointer(rebasing: payload[token.range]))
        return try result.get()
    }

    private static func parsedTimestamp(_ bytes: UnsafeRawBufferPointer) -> Result<Timestamp, EventRejection> {
        if bytes.isEmpty { return .failure(EventRejection(.emptyField, "order_timestamp: empty string")) }
        return Timestamp.parseISO8601(bytes).mapError { error in
            EventRejection(.invalidTimestamp, "order_timestamp: \(excerpt(bytes, quoted: true)) \(error.problem)")
        }
    }

    /// `price`: 0 ≤ price < 10^8 with at most two decimal places once trailing zeros are
    /// dropped (`12.500` is 12.50 and accepted; `12.345` is not).
    func price() throws(EventRejection) -> Money {
        let field = OrderField.price
        let text = UnsafeRawBufferPointer(rebasing: payload[try present(field, as: .number).range])
        let number = JSONNumberText(text)
        if number.isNegative && !number.isZero {
            throw EventRejection(.outOfRange, "price: \(Self.excerpt(text)) is negative")
        }
        if number.highestPower >= 8 {
            throw EventRejection(.outOfRange, "price: \(Self.excerpt(text)) is not below 100000000")
        }
        if number.decimalPlaces > 2 {
            throw EventRejection(.tooManyDecimals, "price: \(Self.excerpt(text)) has more than 2 decimals")
        }
        guard let cents = number.scaled(byPowerOfTen: 2) else {
            // Unreachable after the checks above; a rejection is still better than a trap.
            throw EventRejection(.outOfRange, "price: \(Self.excerpt(text)) cannot be represented in cents")
        }
        return Money(cents: cents)
    }

    /// `quantity`: a whole number (`3`, `3.0` and `3e0` alike) in 1…1,000,000.
    func quantity() throws(EventRejection) -> Int64 {
        let field = OrderField.quantity
        let text = UnsafeRawBufferPointer(rebasing: payload[try present(field, as: .number).range])
        let number = JSONNumberText(text)
        guard number.isWholeNumber else {
            throw EventRejection(.notAnInteger, "quantity: \(Self.excerpt(text)) is not a whole number")
        }
        guard !number.isNegative || number.isZero, number.highestPower < 7,
            let value = number.scaled(byPowerOfTen: 0), (1...1_000_000).contains(value)
        else {
            throw EventRejection(.outOfRange, "quantity: \(Self.excerpt(text)) is outside 1…1000000")
        }
        return value
    }

    /// The member's token if present, not null, and of the expected JSON type.
    private func present(_ field: OrderField, as kind: JSONScanner.Kind) throws(EventRejection) -> JSONScanner.Token {
        guard let token = tokens[field.rawValue] else {
            throw EventRejection(.missingField, "\(field.name): required field is missing")
        }
        if token.kind == .null {
            throw EventRejection(.missingField, "\(field.name): is null; \(Self.describe(kind)) is required")
        }
        guard token.kind == kind else {
            throw EventRejection(
                .wrongType, "\(field.name): expected \(Self.describe(kind)), got \(Self.describe(token.kind))")
        }
        return token
    }

    private static func describe(_ kind: JSONScanner.Kind) -> String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .boolean: "a boolean"
        case .null: "null"
        }
    }

    /// At most 40 Unicode scalars of valid UTF-8 input for a message, with control
    /// characters escaped so a detail stays one readable line.
    static func excerpt(_ bytes: UnsafeRawBufferPointer, quoted: Bool = false) -> String {
        let limit = 40
        var text = quoted ? "\"" : ""
        var count = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if count == limit {
                text += "…"
                break
            }
            switch scalar.value {
            case 0..<0x20, 0x7F: text += "\\u" + JSONEscapes.hex(scalar.value, digits: 4)
            case 0x22 where quoted: text += "\\\""
            case 0x5C where quoted: text += "\\\\"
            default: text.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return quoted ? text + "\"" : text
    }
}
