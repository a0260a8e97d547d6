/// One valid order, as decoded from a Kafka message and normalised (`OrderEventDecoder`).
///
/// Every field has passed validation: strings are non-empty and within their length limits,
/// the timestamp is UTC, money is exact integer cents.
package struct OrderEvent: Sendable, Hashable {
    /// The fields live in one copy-on-write box. A batch copies each event into several groupings
    /// (by customer, by product, into its fact); as a plain struct of seven Strings every copy
    /// retained and released seven buffers, which measured a sixth of the daemon's CPU. Now a copy
    /// is one retain, and the value semantics are unchanged: a setter copies a shared box first.
    private final class Fields: @unchecked Sendable {
        // @unchecked: a box is mutated only through `unique()`, i.e. while nothing else refers to it.
        var orderID: String
        var timestamp: Timestamp
        var customerID: String
        var customerName: String
        var customerRegion: String
        var productID: String
        var productName: String
        var category: String
        var price: Money
        var quantity: Int64

        init(
            orderID: String, timestamp: Timestamp, customerID: String, customerName: String, customerRegion: String,
            productID: String, productName: String, category: String, price: Money, quantity: Int64
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

        func copy() -> Fields {
            Fields(
                orderID: orderID, timestamp: timestamp, customerID: customerID, customerName: customerName,
                customerRegion: customerRegion, productID: productID, productName: productName, category: category,
                price: price, quantity: quantity)
        }
    }

    private var fields: Fields

    package init(
        orderID: String, timestamp: Timestamp,
        customerID: String, customerName: String, customerRegion: String,
        productID: String, productName: String, category: String,
        price: Money, quantity: Int64
    ) {
        fields = Fields(
            orderID: orderID, timestamp: timestamp, customerID: customerID, customerName: customerName,
            customerRegion: customerRegion, productID: productID, productName: productName, category: category,
            price: price, quantity: quantity)
    }

    /// The box, made this value's own before a write.
    private mutating func unique() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    package var orderID: String {
        get { fields.orderID }
        set { unique().orderID = newValue }
    }
    package var timestamp: Timestamp {
        get { fields.timestamp }
        set { unique().timestamp = newValue }
    }
    package var customerID: String {
        get { fields.customerID }
        set { unique().customerID = newValue }
    }
    package var customerName: String {
        get { fields.customerName }
        set { unique().customerName = newValue }
    }
    package var customerRegion: String {
        get { fields.customerRegion }
        set { unique().customerRegion = newValue }
    }
    package var productID: String {
        get { fields.productID }
        set { unique().productID = newValue }
    }
    package var productName: String {
        get { fields.productName }
        set { unique().productName = newValue }
    }
    package var category: String {
        get { fields.category }
        set { unique().category = newValue }
    }
    package var price: Money {
        get { fields.price }
        set { unique().price = newValue }
    }
    package var quantity: Int64 {
        get { fields.quantity }
        set { unique().quantity = newValue }
    }

    package static func == (lhs: OrderEvent, rhs: OrderEvent) -> Bool {
        let a = lhs.fields, b = rhs.fields
        if a === b { return true }
        return a.orderID == b.orderID && a.timestamp == b.timestamp && a.customerID == b.customerID
            && a.customerName == b.customerName && a.customerRegion == b.customerRegion && a.productID == b.productID
            && a.productName == b.productName && a.category == b.category && a.price == b.price
            && a.quantity == b.quantity
    }

    package func hash(into hasher: inout Hasher) {
        let f = fields
        hasher.combine(f.orderID)
        hasher.combine(f.timestamp)
        hasher.combine(f.customerID)
        hasher.combine(f.customerName)
        hasher.combine(f.customerRegion)
        hasher.combine(f.productID)
        hasher.combine(f.productName)
        hasher.combine(f.category)
        hasher.combine(f.price)
        hasher.combine(f.quantity)
    }

    /// price × quantity, exact: both operands are bounded (price < 10^10 cents, quantity ≤ 10^6),
    /// so the product stays below 10^16 and cannot overflow Int64.
    package var totalAmount: Money { Money(cents: price.cents * quantity) }

    /// The order's position in a customer's or product's history: event time, then order id.
    /// Used everywhere a "latest" or "first" is chosen, so ties on timestamps break the same way.
    package var eventKey: EventKey { EventKey(timestamp: timestamp, orderID: orderID) }

    /// `key < eventKey` without building the event's key.
    package func isAfter(_ key: EventKey) -> Bool {
        if key.timestamp != fields.timestamp { return key.timestamp < fields.timestamp }
        return key.orderID.precedesInByteOrder(fields.orderID)
    }

    /// `a.eventKey < b.eventKey` without building two keys per comparison (sorts call it n log n times).
    package static func inEventOrder(_ a: OrderEvent, _ b: OrderEvent) -> Bool {
        let x = a.fields, y = b.fields
        if x.timestamp != y.timestamp { return x.timestamp < y.timestamp }
        return x.orderID.precedesInByteOrder(y.orderID)
    }
}
