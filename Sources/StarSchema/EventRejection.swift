/// Why a message became a dead letter. The code is stable (operators alert on it); the detail
/// is for people and names the field and the problem.
package struct EventRejection: Error, Sendable, Hashable {
    package var code: RejectionCode
    package var detail: String

    package init(_ code: RejectionCode, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

/// Stable dead-letter codes, stored in STARSINK_REJECTED.ERROR_CODE and the DLQ header.
package enum RejectionCode: String, Sendable, CaseIterable {
    /// The message has no bytes at all.
    case emptyMessage = "empty_message"
    /// The payload is larger than the accepted maximum.
    case messageTooLarge = "message_too_large"
    /// The payload is not valid UTF-8.
    case invalidUTF8 = "invalid_utf8"
    /// The payload is not JSON, or JSON with trailing garbage.
    case invalidJSON = "invalid_json"
    /// Valid JSON, but not an object.
    case notAnObject = "not_an_object"
    /// A required field is absent or null.
    case missingField = "missing_field"
    /// A field has the wrong JSON type (e.g. price as a string).
    case wrongType = "wrong_type"
    /// A string field is empty.
    case emptyField = "empty_field"
    /// A string field is longer than its limit.
    case fieldTooLong = "field_too_long"
    /// A number is outside its range (negative price, quantity 0, …).
    case outOfRange = "out_of_range"
    /// price has more than two decimals.
    case tooManyDecimals = "too_many_decimals"
    /// quantity is not a whole number.
    case notAnInteger = "not_an_integer"
    /// A string holds U+0000, which SQL text columns cannot store.
    case forbiddenCharacter = "forbidden_character"
    /// order_timestamp is not ISO-8601 or not a real instant.
    case invalidTimestamp = "invalid_timestamp"
    /// The same order_id arrived earlier with different content.
    case duplicateConflict = "duplicate_conflict"
    /// The warehouse refused the record itself (data or constraint error on that row alone).
    case warehouseRejected = "warehouse_rejected"
}

extension EventRejection {
    /// The dead-letter reason of a record the warehouse refused on its own (the batch was split down
    /// to it): the same text from the daemon and from `dead-letters replay`, so a replay that is
    /// refused the same way leaves the stored reason as it was.
    package static func warehouseRefused(sqlstate: String, message: String) -> EventRejection {
        EventRejection(
            .warehouseRejected, "the warehouse refused this record: SQLSTATE \(sqlstate): \(message.prefix(500))")
    }
}
