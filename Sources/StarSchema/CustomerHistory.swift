/// One version of a customer in DIM_CUSTOMER (SCD Type 2 on region, Type 1 on name).
package struct CustomerVersion: Sendable, Hashable {
    package var surrogateKey: Int64
    package var customerID: String
    package var name: String
    package var region: String
    package var validFrom: Timestamp
    /// nil while the version is open (the current one).
    package var validTo: Timestamp?
    /// The newest order (by event key) that falls inside this version.
    package var lastEvent: EventKey

    package var isCurrent: Bool { validTo == nil }

    package init(
        customerID: String, name: String, region: String,
        validFrom: Timestamp, validTo: Timestamp?, lastEvent: EventKey
    ) {
        self.surrogateKey = SurrogateKey.customer(customerID, validFrom: validFrom)
        self.customerID = customerID
        self.name = name
        self.region = region
        self.validFrom = validFrom
        self.validTo = validTo
        self.lastEvent = lastEvent
    }

    package func contains(_ timestamp: Timestamp) -> Bool {
        timestamp >= validFrom && (validTo.map { timestamp < $0 } ?? true)
    }
}

/// An order as customer history sees it: when, which order, and the region it was placed from.
package struct HistoryPoint: Sendable, Hashable {
    package var key: EventKey
    package var region: String

    package init(key: EventKey, region: String) {
        self.key = key
        self.region = region
    }
}

/// SCD Type 2 in event time, as a pure function of a customer's orders (DESIGN §3, issue 5).
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
            versions.append(CustomerVersion(
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
                versions.append(CustomerVersion(
                    customerID: current.customerID, name: current.name, region: event.customerRegion,
                    validFrom: event.timestamp, validTo: nil, lastEvent: event.eventKey))
            }
        }
        return versions
    }
}

/// Surrogate keys that are a deterministic function of the natural key and the version start, so
/// replays, re-partitioning and history rebuilds produce the same keys without a sequence.
package enum SurrogateKey {
    /// FNV-1a (64-bit) of `customer_id NUL valid_from-µs`, folded to a positive BIGINT.
    package static func customer(_ customerID: String, validFrom: Timestamp) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in customerID.utf8 { mix(byte) }
        mix(0)
        var micros = UInt64(bitPattern: validFrom.microseconds)
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: micros))
            micros >>= 8
        }
        // A final avalanche step spreads FNV's weak low bits before dropping the sign bit.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}
