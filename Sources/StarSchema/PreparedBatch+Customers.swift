extension PreparedBatch {
    /// DIM_CUSTOMER's part of the plan: new customers, extended current versions, Type 1
    /// corrections, and full rebuilds for customers with late orders.
    ///
    /// With `customer_region: type1` history tracks a constant instead of the region (one version
    /// per customer, from its first order) and every version carries the latest region, like the name.
    ///
    /// - Returns: every version of each customer in the batch that a new fact may point at.
    func planCustomers(
        _ byCustomer: [String: [OrderEvent]],
        currentCustomers: [String: CustomerVersion],
        policy: DimensionPolicy,
        loadHistory: ([String]) throws -> [String: [HistoryPoint]],
        loadLastEvents: ([String]) throws -> [String: EventKey],
        into plan: inout BatchPlan
    ) rethrows -> [String: [CustomerVersion]] {
        func tracked(_ event: OrderEvent) -> OrderEvent {
            let region = policy.trackedRegion(event.customerRegion)
            guard region != event.customerRegion else { return event }  // Type 2 regions: no copy of the box
            var copy = event
            copy.customerRegion = region
            return copy
        }
        func point(_ event: OrderEvent) -> HistoryPoint {
            HistoryPoint(key: event.eventKey, region: policy.trackedRegion(event.customerRegion))
        }
        /// Type 1 attributes come from the newest order overall: the batch's or the stored one.
        func latest(_ newest: OrderEvent, _ current: CustomerVersion?) -> (name: String, region: String) {
            guard let current, current.lastEvent > newest.eventKey else {
                return (newest.customerName, newest.customerRegion)
            }
            return (current.name, current.region)
        }
        func stamped(_ versions: [CustomerVersion], _ attributes: (name: String, region: String)) -> [CustomerVersion] {
            versions.map { version in
                var version = version
                version.name = attributes.name
                if policy.customerRegion == .type1 { version.region = attributes.region }
                return version
            }
        }

        // A stored current version's last event is only a lower bound (it is not rewritten for orders
        // that change nothing). Where it decides something — a new region or name — the exact one
        // comes from the version's loaded facts.
        let customerIDs = byCustomer.keys.sorted(by: { $0.precedesInByteOrder($1) })
        let changing = customerIDs.filter { customerID in
            guard let current = currentCustomers[customerID] else { return false }
            return byCustomer[customerID]!.contains {
                $0.customerName != current.name || $0.customerRegion != current.region
            }
        }
        var currentCustomers = currentCustomers
        if !changing.isEmpty {
            for (customerID, key) in try loadLastEvents(changing) {
                guard var current = currentCustomers[customerID], current.lastEvent < key else { continue }
                current.lastEvent = key
                currentCustomers[customerID] = current
            }
        }

        var versionsByCustomer: [String: [CustomerVersion]] = [:]
        versionsByCustomer.reserveCapacity(byCustomer.count)
        var late: [String] = []
        for customerID in customerIDs {
            let unsorted = byCustomer[customerID]!
            let orders = unsorted.count < 2 ? unsorted : unsorted.sorted(by: OrderEvent.inEventOrder)
            let newest = orders[orders.count - 1]
            guard let current = currentCustomers[customerID] else {
                let versions = stamped(
                    CustomerHistory.versions(
                        customerID: customerID, name: newest.customerName, orders: orders.map(point)),
                    latest(newest, nil))
                plan.customerInserts += versions
                versionsByCustomer[customerID] = versions
                continue
            }
            var trackedCurrent = current
            trackedCurrent.region = policy.trackedRegion(current.region)
            guard let extended = CustomerHistory.extend(current: trackedCurrent, with: orders.map(tracked)) else {
                late.append(customerID)
                continue
            }
            let attributes = latest(newest, current)
            let versions = stamped(extended, attributes)
            if attributes.name != current.name
                || (policy.customerRegion == .type1 && attributes.region != current.region)
            {
                plan.customerCorrections.append(
                    (customerID, attributes.name, policy.customerRegion == .type1 ? attributes.region : nil))
            }
            // Only a closed version is rewritten; more orders in the current one change no column a
            // fact or report reads (its last event is re-derived from the facts when it matters).
            if versions[0].validTo != current.validTo {
                plan.customerUpdates.append(versions[0])
            }
            plan.customerInserts += versions.dropFirst()
            versionsByCustomer[customerID] = versions
        }

        if !late.isEmpty {
            let histories = try loadHistory(late)
            for customerID in late {
                let orders = byCustomer[customerID]!
                let newest = orders.max { $0.eventKey < $1.eventKey }!
                let loaded = (histories[customerID] ?? []).map {
                    HistoryPoint(key: $0.key, region: policy.trackedRegion($0.region))
                }
                let points = loaded + orders.map(point)
                let versions = stamped(
                    CustomerHistory.versions(customerID: customerID, name: "", orders: points),
                    latest(newest, currentCustomers[customerID]))
                plan.rebuiltCustomers.append(customerID)
                plan.customerInserts += versions
                plan.repointVersions += versions
                versionsByCustomer[customerID] = versions
            }
        }
        return versionsByCustomer
    }
}
