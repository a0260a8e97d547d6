extension PreparedBatch {
    /// Plans the batch's writes from what the warehouse holds now.
    ///
    /// - Parameters:
    ///   - existingFacts: rows of FACT_ORDERS whose order ids occur in this batch.
    ///   - currentCustomers: the current DIM_CUSTOMER version of each customer in the batch that has one.
    ///   - knownDates: dates already in DIM_DATE (a cache: dates never change).
    ///   - knownProducts: products already in DIM_PRODUCT (a cache: rows are never deleted); only
    ///     the others are defined for insertion.
    ///   - policy: which customer attributes keep Type 2 history.
    ///   - loadHistory: every loaded order of the given customers, called only for late events.
    ///   - loadLastEvents: the newest loaded order of each given customer's current version, called only
    ///     for customers whose region or name the batch changes.
    package func plan(
        existingFacts: [String: ExistingFact],
        currentCustomers: [String: CustomerVersion],
        knownDates: Set<CalendarDate>,
        knownProducts: Set<String> = [],
        policy: DimensionPolicy = DimensionPolicy(),
        loadLastEvents: ([String]) throws -> [String: EventKey],
        loadHistory: ([String]) throws -> [String: [HistoryPoint]]
    ) rethrows -> BatchPlan {
        var plan = BatchPlan()
        plan.deadLetters = deadLetters
        plan.duplicates = duplicatesInBatch
        var fresh: [(position: SourcePosition, event: OrderEvent, payload: [UInt8])] = []
        // Usually none of the batch's orders is loaded yet: then no order id is hashed again.
        if existingFacts.isEmpty { fresh = events } else { fresh.reserveCapacity(events.count) }
        for item in events where !existingFacts.isEmpty {
            if let existing = existingFacts[item.event.orderID] {
                if let difference = existing.difference(from: item.event) {
                    plan.deadLetters.append(
                        Self.conflict(
                            item.event.orderID, earlier: existing.position,
                            record: LoadRecord(
                                position: item.position, payload: item.payload, outcome: .success(item.event)),
                            difference: difference))
                } else {
                    plan.duplicates += 1
                }
            } else {
                fresh.append(item)
            }
        }

        // Sized up front: growing them rehashed every key several times a batch (1.5% of the daemon's CPU).
        var byCustomer: [String: [OrderEvent]] = [:]
        byCustomer.reserveCapacity(fresh.count)
        var byProduct: [String: [OrderEvent]] = [:]
        byProduct.reserveCapacity(min(fresh.count, 1 << 12))
        var dates = Set<CalendarDate>()
        var lastDate: CalendarDate?
        for item in fresh {
            byCustomer[item.event.customerID, default: []].append(item.event)
            byProduct[item.event.productID, default: []].append(item.event)
            // Orders arrive roughly in time order: most share the previous order's date.
            let date = item.event.timestamp.date
            guard date != lastDate else { continue }
            lastDate = date
            if !knownDates.contains(date) { dates.insert(date) }
        }
        plan.newDates = dates.sorted()
        plan.productOrders = byProduct
        plan.products = byProduct.keys.filter { !knownProducts.contains($0) }.sorted(by: { $0.precedesInByteOrder($1) })
            .compactMap { try? ProductHistory.merge(stored: nil, orders: byProduct[$0]!, loadedKeys: nil).get() }

        let versionsByCustomer = try planCustomers(
            byCustomer, currentCustomers: currentCustomers, policy: policy,
            loadHistory: loadHistory, loadLastEvents: loadLastEvents, into: &plan)

        plan.facts.reserveCapacity(fresh.count)
        for item in fresh {
            let versions = versionsByCustomer[item.event.customerID]!
            let version = versions.last { $0.validFrom <= item.event.timestamp } ?? versions[0]
            plan.facts.append(
                BatchPlan.Fact(event: item.event, position: item.position, customerKey: version.surrogateKey))
        }
        return plan
    }

    /// Plans against current versions whose last events are exact (tests, tools): nothing to load.
    package func plan(
        existingFacts: [String: ExistingFact], currentCustomers: [String: CustomerVersion],
        knownDates: Set<CalendarDate>,
        knownProducts: Set<String> = [], policy: DimensionPolicy = DimensionPolicy(),
        loadHistory: ([String]) throws -> [String: [HistoryPoint]]
    ) rethrows -> BatchPlan {
        try plan(
            existingFacts: existingFacts, currentCustomers: currentCustomers, knownDates: knownDates,
            knownProducts: knownProducts, policy: policy, loadLastEvents: { _ in [:] }, loadHistory: loadHistory)
    }
}
