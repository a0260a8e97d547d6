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
