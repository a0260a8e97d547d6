/// Decodes and validates Kafka message payloads (one JSON object of `OrderField`s each, UTF-8) into
/// `OrderEvent`s.
///
/// The checks run in a fixed order, so one payload always earns the same rejection:
/// size, UTF-8 validity of every byte, complete JSON syntax (RFC 8259, including values of
/// unknown fields, which are otherwise ignored), duplicate known keys, then the fields in
/// `OrderField` order, each by the rules in `OrderEventFields`. Decisions those rules leave open:
/// - a `\uD800`-style escape without its surrogate partner is `invalid_utf8`: the text is
///   grammatical JSON but names no Unicode character, so it cannot be stored as UTF-8;
/// - lengths count Unicode scalars after unescaping; strings are kept exactly (no trimming,
///   no normalisation);
/// - numbers are judged by exact decimal value: `12.500` and `1.25e1` are prices with two
///   and one decimals, `3.0` and `3e0` are whole quantities, `-0` is a price of 0.00;
/// - containers nested deeper than 64 levels are `invalid_json`.
///
/// Runs on any thread; it keeps no state and uses no Foundation.
package enum OrderEventDecoder {
    /// An order is ~300 bytes; anything this large is not one, and is refused before parsing.
    package static let maximumPayloadBytes = 65_536

    /// Decodes and validates one Kafka message payload. Never traps on any input.
    package static func decode(_ payload: UnsafeRawBufferPointer) -> Result<OrderEvent, EventRejection> {
        Result { () throws(EventRejection) in try decodeOrThrow(payload) }
    }

    /// Decodes and validates one Kafka message payload. Never traps on any input.
    package static func decode(_ payload: [UInt8]) -> Result<OrderEvent, EventRejection> {
        payload.withUnsafeBytes { decode($0) }
    }

    private static func decodeOrThrow(_ payload: UnsafeRawBufferPointer) throws(EventRejection) -> OrderEvent {
        guard !payload.isEmpty else { throw EventRejection(.emptyMessage, "the message has no bytes") }
        guard payload.count <= maximumPayloadBytes else {
            throw EventRejection(
                .messageTooLarge, "the message is \(payload.count) bytes; the limit is \(maximumPayloadBytes)")
        }
        if let offset = UTF8Validation.firstInvalidOffset(in: payload) {
            let shown = payload[offset..<min(offset + 4, payload.count)]
                .map { JSONEscapes.hex(UInt32($0), digits: 2) }.joined(separator: " ")
            throw EventRejection(.invalidUTF8, "invalid UTF-8 at byte \(offset): \(shown)")
        }
        let fields = try members(of: payload)
        // Arguments are evaluated left to right, so the first failing field in `OrderField`
        // order is the one reported.
        return OrderEvent(
            orderID: try fields.string(.orderID),
            timestamp: try fields.timestamp(),
            customerID: try fields.string(.customerID),
            customerName: try fields.string(.customerName),
            customerRegion: try fields.string(.customerRegion),
            productID: try fields.string(.productID),
            productName: try fields.string(.productName),
            category: try fields.string(.category),
            price: try fields.price(),
            quantity: try fields.quantity())
    }

    /// Scans the whole payload as one JSON object and collects the known members.
    private static func members(of payload: UnsafeRawBufferPointer) throws(EventRejection) -> OrderEventFields {
        var scanner = JSONScanner(payload)
        guard scanner.beginObject() else { throw notAnObjectRejection(payload) }
        var fields = OrderEventFields(payload: payload)
        var duplicate: OrderField?
        do {
            while let (key, value) = try scanner.nextMember() {
                guard let field = knownField(key, in: payload) else { continue }
                if !fields.record(value, for: field), duplicate == nil { duplicate = field }
            }
            try scanner.finish()
        } catch {
            throw rejection(error)
        }
        // Reported only once the whole text is known to be JSON: syntax errors come first.
        if let duplicate {
            throw EventRejection(.invalidJSON, "\(duplicate.name): duplicate key (appears more than once)")
        }
        return fields
    }

    private static func knownField(_ key: JSONScanner.Token, in payload: UnsafeRawBufferPointer) -> OrderField? {
        guard key.hasEscapes else { return OrderField.named(UnsafeRawBufferPointer(rebasing: payload[key.range])) }
        // `"price"` spelled with escapes is still the key `price` (RFC 8259 §8.3).
        return JSONEscapes.unescape(payload, key.range).withUnsafeBytes { OrderField.named($0) }
    }

    /// The payload does not start with `{`: say what it is instead, or why it is not JSON.
    private static func notAnObjectRejection(_ payload: UnsafeRawBufferPointer) -> EventRejection {
        if payload.starts(with: [0xEF, 0xBB, 0xBF]) {
            return EventRejection(.invalidJSON, "invalid JSON: starts with a byte order mark (U+FEFF)")
        }
        var scanner = JSONScanner(payload)
        do {
            let value = try scanner.readValue(depth: 0)
            try scanner.finish()
            return EventRejection(.notAnObject, "the message is JSON \(value.kind), not an object")
        } catch {
            return rejection(error)
        }
    }

    private static func rejection(_ error: JSONSyntaxError) -> EventRejection {
        if error.isLoneSurrogate {
            return EventRejection(.invalidUTF8, "invalid UTF-8 at byte \(error.offset): \(error.problem)")
        }
        return EventRejection(.invalidJSON, "invalid JSON at byte \(error.offset): \(error.problem)")
    }
}
