/// One valid order, as decoded from a Kafka message and normalised (DESIGN §2).
///
/// Every field has passed validation: strings are non-empty and within their length limits,
/// the timestamp is UTC, money is exact integer cents.
package struct OrderEvent: Sendable, Hashable {
    package var orderID: String
    package var timestamp: Timestamp
    package var customerID: String
    package var customerName: String
    package var customerRegion: String
    package var productID: String
    package var productName: String
    package var category: String
    package var price: Money
    package var quantity: Int64

    package init(
        orderID: String, timestamp: Timestamp,
        customerID: String, customerName: String, customerRegion: String,
        productID: String, productName: String, category: String,
        price: Money, quantity: Int64
    ) {
        self.orderID = orderID
        self.timestamp = timestamp
        self.customerID = customerID
        self.customerName = customerName
        self.customerRegion = customerRegion
        self.productID = productID
        self.productName = productName
        self.category = category
        self.price = price
        self.quantity = quantity
    }

    /// price × quantity, exact: both operands are bounded (price < 10^10 cents, quantity ≤ 10^6),
    /// so the product stays below 10^16 and cannot overflow Int64.
    package var totalAmount: Money { Money(cents: price.cents * quantity) }

    /// The order's position in a customer's or product's history: event time, then order id.
    /// Used everywhere a "latest" or "first" is chosen, so ties on timestamps break the same way.
    package var eventKey: EventKey { EventKey(timestamp: timestamp, orderID: orderID) }
}

/// (order_timestamp, order_id): the total order on events that SCD decisions use.
package struct EventKey: Sendable, Hashable, Comparable {
    package var timestamp: Timestamp
    package var orderID: String

    package init(timestamp: Timestamp, orderID: String) {
        self.timestamp = timestamp
        self.orderID = orderID
    }

    package static func < (lhs: EventKey, rhs: EventKey) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        return lhs.orderID.precedesInByteOrder(rhs.orderID)
    }
}
