import StarSchema

/// The wire format of an order, as `OrderEventDecoder` reads it: one compact JSON object, fields in
/// the seed's order (`OrderField`'s), price as a number with exactly two decimals, the timestamp as
/// ISO-8601 UTC with `Z`.
package enum OrderJSON {
    /// The keys, punctuation and braces around the ten values.
    private static let framingLength = 160

    package static func encode(_ event: OrderEvent) -> [UInt8] {
        let capacity =
            framingLength + JSONWriter.maximumTimestampLength + 2 * JSONWriter.maximumNumberLength
            + JSONWriter.maximumStringLength(event.orderID) + JSONWriter.maximumStringLength(event.customerID)
            + JSONWriter.maximumStringLength(event.customerName) + JSONWriter.maximumStringLength(event.customerRegion)
            + JSONWriter.maximumStringLength(event.productID) + JSONWriter.maximumStringLength(event.productName)
            + JSONWriter.maximumStringLength(event.category)
        return JSONWriter.bytes(capacity: capacity) { out in
            out.raw(#"{"order_id":"#)
            out.string(event.orderID)
            out.raw(#","order_timestamp":"#)
            out.timestamp(event.timestamp)
            out.raw(#","customer_id":"#)
            out.string(event.customerID)
            out.raw(#","customer_name":"#)
            out.string(event.customerName)
            out.raw(#","customer_region":"#)
            out.string(event.customerRegion)
            out.raw(#","product_id":"#)
            out.string(event.productID)
            out.raw(#","product_name":"#)
            out.string(event.productName)
            out.raw(#","category":"#)
            out.string(event.category)
            out.raw(#","price":"#)
            out.money(event.price)
            out.raw(#","quantity":"#)
            out.integer(event.quantity)
            out.raw("}")
        }
    }
}
