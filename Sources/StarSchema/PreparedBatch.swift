/// A polled batch after decoding and in-batch deduplication: what the worker must look up in the
/// warehouse before it can plan the writes.
package struct PreparedBatch: Sendable {
    /// Valid events, one per order id, in arrival order.
    package private(set) var events: [(position: SourcePosition, event: OrderEvent, payload: [UInt8])] = []
    /// Invalid messages and in-batch conflicting duplicates.
    package private(set) var deadLetters: [DeadLetter] = []
    /// Identical re-sends of an order already in this batch: no-ops.
    package private(set) var duplicatesInBatch = 0

    package init(records: [LoadRecord]) {
        var firstSeen: [String: Int] = [:]
        firstSeen.reserveCapacity(records.count)
        events.reserveCapacity(records.count)
        for record in records {
            switch record.outcome {
            case .failure(let rejection):
                deadLetters.append(DeadLetter(position: record.position, rejection: rejection, payload: record.payload))
            case .success(let event):
                if let index = firstSeen[event.orderID] {
                    let earlier = events[index]
                    if earlier.event == event {
                        duplicatesInBatch += 1
                    } else {
                        deadLetters.append(
                            Self.conflict(
                                event.orderID, earlier: earlier.position, record: record,
                                difference: Self.difference(earlier.event, event)))
                    }
                } else {
                    firstSeen[event.orderID] = events.count
                    events.append((record.position, event, record.payload))
                }
            }
        }
    }

    /// Every order id to look for in FACT_ORDERS.
    package var orderIDs: [String] { events.map(\.event.orderID) }

    /// Every customer whose current version the plan needs, sorted (locks are taken in this order).
    package var customerIDs: [String] { Set(events.map(\.event.customerID)).sorted(by: { $0.precedesInByteOrder($1) }) }

    static func conflict(_ orderID: String, earlier: SourcePosition, record: LoadRecord, difference: String)
        -> DeadLetter
    {
        DeadLetter(
            position: record.position,
            rejection: EventRejection(
                .duplicateConflict,
                "order_id \(orderID.prefix(64)) was already loaded from \(earlier) with different content (\(difference)); this copy is at \(record.position)"
            ),
            payload: record.payload)
    }

    static func difference(_ a: OrderEvent, _ b: OrderEvent) -> String {
        if a.timestamp != b.timestamp { return "order_timestamp \(a.timestamp) vs \(b.timestamp)" }
        if a.price != b.price { return "price \(a.price) vs \(b.price)" }
        if a.quantity != b.quantity { return "quantity \(a.quantity) vs \(b.quantity)" }
        if a.customerID != b.customerID { return "customer_id differs" }
        if a.productID != b.productID { return "product_id differs" }
        if a.customerRegion != b.customerRegion { return "customer_region differs" }
        if a.customerName != b.customerName { return "customer_name differs" }
        if a.productName != b.productName { return "product_name differs" }
        return "category differs"
    }
}
