/// SCD Type 2 in event time, as a pure function of a customer's orders (README, Slowly changing
/// dimensions; issue 5).
///
/// Orders are taken in (order_timestamp, order_id) order; every change of region starts a version
/// whose VALID_FROM is the timestamp of the first order with the new region, and the previous
/// version ends there. Ties: when several orders share one timestamp, the last of them by
/// order_id decides the region from that instant (a version never has zero length). The result
/// depends only on the set of orders, never on arrival order or batch boundaries.
package enum CustomerHistory {
    /// Every version of one customer, oldest first, from all of its orders.
    package static func versions(customerID: String, name: String, orders: [HistoryPoint]) -> [CustomerVersion] {
        let sorted = orders.sorted { $0.key < $1.key }
        var starts: [(from: Timestamp, region: String)] = []
        for order in sorted where order.region != starts.last?.region {
            if let last = starts.last, last.from == order.key.timestamp {
                // Same instant as the open version's start: the later order wins that instant.
                starts.removeLast()
                if starts.last?.region == order.region { continue }
            }
            starts.append((order.key.timestamp, order.region))
        }
        var versions: [CustomerVersion] = []
        versions.reserveCapacity(starts.count)
        var orderIndex = 0
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].from : nil
            var lastEvent = sorted[orderIndex].key
            while orderIndex < sorted.count, end.map({ sorted[orderIndex].key.timestamp < $0 }) ?? true {
                lastEvent = sorted[orderIndex].key
                orderIndex += 1
            }
            versions.append(
                CustomerVersion(
                    customerID: customerID, name: name, region: start.region,
                    validFrom: start.from, validTo: end, lastEvent: lastEvent))
        }
        return versions
    }

    /// The fast path: appends orders to the customer's current version. `current.lastEvent` must be
    /// exact when an order changes the region; for orders of the current region it may be a lower
    /// bound. Returns nil when history must be rebuilt instead: a late order with another region or
    /// before the current version, or a change
    /// at an instant the current version already holds orders at (its start, which may merge with
    /// the version before, or its newest order's, whose facts then belong to the new version).
    package static func extend(current: CustomerVersion, with newer: [OrderEvent]) -> [CustomerVersion]? {
        var versions = [current]
        for event in newer {
            var open = versions[versions.count - 1]
            if !(open.lastEvent < event.eventKey) {
                // Not newer than the version's last known order. Of the same region and inside the
                // version, it changes no boundary (a stored current version's last event may be a
                // lower bound: starsink does not rewrite a version only because it got more orders).
                guard event.customerRegion == open.region, event.timestamp >= open.validFrom else { return nil }
                continue
            }
            if event.customerRegion == open.region {
                open.lastEvent = event.eventKey
                versions[versions.count - 1] = open
            } else {
                // A change at an instant that already has orders of the open version moves those
                // orders to the new version (the greatest order_id at an instant decides it): rebuild.
                guard event.timestamp != open.validFrom, event.timestamp != open.lastEvent.timestamp else { return nil }
                open.validTo = event.timestamp
                versions[versions.count - 1] = open
                versions.append(
                    CustomerVersion(
                        customerID: current.customerID, name: current.name, region: event.customerRegion,
                        validFrom: event.timestamp, validTo: nil, lastEvent: event.eventKey))
            }
        }
        return versions
    }
}
