/// Where a message came from: the lineage stored with facts and dead letters.
package struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var topic: String
    package var partition: Int32
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    package static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.topic, lhs.partition, lhs.offset) < (rhs.topic, rhs.partition, rhs.offset)
    }

    /// `orders/3@1200`
    package var description: String { "\(topic)/\(partition)@\(offset)" }
}

/// One consumed message after decoding: the event, or why it is a dead letter.
package struct LoadRecord: Sendable {
    package var position: SourcePosition
    package var payload: [UInt8]
    package var outcome: Result<OrderEvent, EventRejection>
    /// The message's Kafka timestamp (milliseconds since the epoch), for produce-to-commit latency.
    package var producedAtMilliseconds: Int64?

    package init(position: SourcePosition, payload: [UInt8], outcome: Result<OrderEvent, EventRejection>, producedAtMilliseconds: Int64? = nil) {
        self.position = position
        self.payload = payload
        self.outcome = outcome
        self.producedAtMilliseconds = producedAtMilliseconds
    }
}

/// A message that will not become a fact, with the reason, bound for STARSINK_REJECTED and the DLQ topic.
package struct DeadLetter: Sendable, Hashable {
    package var position: SourcePosition
    package var rejection: EventRejection
    package var payload: [UInt8]

    package init(position: SourcePosition, rejection: EventRejection, payload: [UInt8]) {
        self.position = position
        self.rejection = rejection
        self.payload = payload
    }

    /// The payload as stored: UTF-8 text when it is valid UTF-8 without NUL (which SQL text
    /// columns refuse), else base64; the second value names the encoding.
    package var storedPayload: (text: String, encoding: String) {
        if !payload.contains(0), let text = String(validating: payload, as: UTF8.self) {
            return (text, "utf8")
        }
        return (Base64.encode(payload), "base64")
    }
}

/// A fact row already in the warehouse, read back to tell a replay from a conflicting duplicate.
package struct ExistingFact: Sendable, Hashable {
    package var orderID: String
    package var timestamp: Timestamp
    package var customerID: String
    package var productID: String
    package var price: Money
    package var quantity: Int64
    package var region: String
    package var position: SourcePosition

    package init(
        orderID: String, timestamp: Timestamp, customerID: String, productID: String,
        price: Money, quantity: Int64, region: String, position: SourcePosition
    ) {
        self.orderID = orderID
        self.timestamp = timestamp
        self.customerID = customerID
        self.productID = productID
        self.price = price
        self.quantity = quantity
        self.region = region
        self.position = position
    }

    /// The first field in which `event` differs from this row, or nil when it is the same order.
    /// Content is what the fact row keeps; names and categories live in the dimensions.
    package func difference(from event: OrderEvent) -> String? {
        if timestamp != event.timestamp { return "order_timestamp \(timestamp) vs \(event.timestamp)" }
        if customerID != event.customerID { return "customer_id differs" }
        if productID != event.productID { return "product_id differs" }
        if price != event.price { return "price \(price) vs \(event.price)" }
        if quantity != event.quantity { return "quantity \(quantity) vs \(event.quantity)" }
        if region != event.customerRegion { return "customer_region differs" }
        return nil
    }
}

/// Standard base64 (RFC 4648), for payloads that are not text.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
