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
