import StarSchema

/// The kinds of deliberately broken message the simulator sends, to exercise dead-lettering.
///
/// Each is built from a real order so that it looks like a plausible producer bug, not noise.
package enum InvalidMessageClass: String, CaseIterable, Sendable {
    /// JSON cut off mid-object (still valid UTF-8).
    case notJSON = "not_json"
    case emptyPayload = "empty_payload"
    /// `"price":"12.99"`: a string where a number belongs.
    case wrongType = "wrong_type"
    /// One required field left out (which one rotates).
    case missingField = "missing_field"
    case negativePrice = "negative_price"
    case zeroQuantity = "zero_quantity"
    /// `"price":12.995`
    case tooManyDecimals = "too_many_decimals"
    /// `"order_timestamp":"2026-13-45T99:00:00Z"`
    case badTimestamp = "bad_timestamp"
    /// Bytes that are not UTF-8 inside customer_name.
    case invalidUTF8 = "invalid_utf8"
    /// customer_name of 300 characters (the limit is 256).
    case overlongName = "overlong_name"
    /// The order wrapped in a JSON array.
    case jsonArray = "json_array"

    /// The dead-letter code a correct consumer gives this class (the rules `OrderEventDecoder` applies).
    package var expectedRejection: RejectionCode {
        switch self {
        case .notJSON: .invalidJSON
        case .emptyPayload: .emptyMessage
        case .wrongType: .wrongType
        case .missingField: .missingField
        case .negativePrice, .zeroQuantity: .outOfRange
        case .tooManyDecimals: .tooManyDecimals
        case .badTimestamp: .invalidTimestamp
        case .invalidUTF8: .invalidUTF8
        case .overlongName: .fieldTooLong
        case .jsonArray: .notAnObject
        }
    }

    /// The JSON keys of an order, in wire order; `missingField` leaves out `fields[variant % 10]`.
    package static let fields = [
        "order_id", "order_timestamp", "customer_id", "customer_name", "customer_region",
        "product_id", "product_name", "category", "price", "quantity",
    ]

    /// This class's broken rendering of `event`. `variant` picks among sub-cases (which field
    /// goes missing) so that a long run covers all of them.
    package func payload(for event: OrderEvent, variant: Int) -> [UInt8] {
        var document = JSONSurgery(bytes: OrderJSON.encode(event))
        switch self {
        case .notJSON:
            document.truncate(beforeKey: "price")
        case .emptyPayload:
            return []
        case .wrongType:
            document.replaceValue(of: "price", with: Array("\"\(event.price)\"".utf8))
        case .missingField:
            document.removeField(Self.fields[variant % Self.fields.count])
        case .negativePrice:
            document.replaceValue(of: "price", with: Array("-\(event.price)".utf8))
        case .zeroQuantity:
            document.replaceValue(of: "quantity", with: Array("0".utf8))
        case .tooManyDecimals:
            document.replaceValue(of: "price", with: Array("\(event.price)5".utf8))
        case .badTimestamp:
            document.replaceValue(of: "order_timestamp", with: Array("\"2026-13-45T99:00:00Z\"".utf8))
        case .invalidUTF8:
            // 0xC3 0x28 is a lead byte without its continuation; 0xFF never occurs in UTF-8.
            let name = Array("\"Jos".utf8) + [0xC3, 0x28, 0xFF] + Array(" Bad\"".utf8)
            document.replaceValue(of: "customer_name", with: name)
        case .overlongName:
            let long = String(repeating: "Maximilian ", count: 28).prefix(300)
            document.replaceValue(of: "customer_name", with: JSONWriter.stringLiteral(String(long)))
        case .jsonArray:
            return [UInt8(ascii: "[")] + document.bytes + [UInt8(ascii: "]")]
        }
        return document.bytes
    }
}
