/// Type 3 for a batch: the stored states (read under lock) merged with the batch's new orders.
package enum ProductHistory {
    /// Applies `orders` to `stored` (nil for products the warehouse does not have yet).
    ///
    /// Orders are added newest first: then the order after a split point is always either a loaded
    /// fact or an order of this batch, never an order still to be added, so `loadedKeys` (every
    /// loaded order of a product, fetched only for products that split) answers it.
    ///
    /// - Returns: the merged state, or the product ids whose loaded order keys are needed first.
    package static func merge(stored: ProductState?, orders: [OrderEvent], loadedKeys: [EventKey]?) -> Result<
        ProductState, NeedsKeys
    > {
        if let state = mergeNewerOfOneCategory(stored: stored, orders: orders) { return .success(state) }
        return mergeOneByOne(stored: stored, orders: orders, loadedKeys: loadedKeys)
    }

    /// The general merge: the orders added one by one, newest first.
    static func mergeOneByOne(stored: ProductState?, orders: [OrderEvent], loadedKeys: [EventKey]?) -> Result<
        ProductState, NeedsKeys
    > {
        let sorted = orders.count < 2 ? orders : orders.sorted { OrderEvent.inEventOrder($1, $0) }
        guard let first = sorted.first else { return stored.map { .success($0) } ?? .failure(NeedsKeys()) }
        var state = stored ?? ProductState(first: first)
        // A new product never splits (every order added is older than the final run's start); a
        // stored one needs its loaded orders, since one of them may lie between the split and the batch's.
        let known: [EventKey]? = stored == nil ? [] : loadedKeys.map { $0 + sorted.map(\.eventKey) }
        // Only when the warehouse lost facts the row has seen: the newest order is a safe bound.
        let fallback = state.lastEvent
        for event in sorted {
            let outcome = state.add(event.eventKey, category: event.category, name: event.productName) { key in
                guard let known else { return nil }
                return known.reduce(nil) { best, candidate in
                    key < candidate && (best.map { candidate < $0 } ?? true) ? candidate : best
                }
                    ?? fallback
            }
            if outcome == .needsNextOrder { return .failure(NeedsKeys()) }
        }
        return .success(state)
    }

    /// The common case without sorting: every order is newer than the row's last one and of the row's
    /// category (a new product: all of one category). Only the name and the last event move then, and a
    /// new product's run starts at its oldest order: what adding them one by one gives, in one pass.
    static func mergeNewerOfOneCategory(stored: ProductState?, orders: [OrderEvent]) -> ProductState? {
        guard var newest = orders.first else { return nil }
        var oldest = newest
        let category = stored?.category ?? newest.category
        for event in orders {
            guard event.category == category else { return nil }
            if let last = stored?.lastEvent, !event.isAfter(last) { return nil }
            if OrderEvent.inEventOrder(newest, event) { newest = event }
            if OrderEvent.inEventOrder(event, oldest) { oldest = event }
        }
        guard var state = stored else {
            var state = ProductState(first: newest)
            state.runStart = oldest.eventKey
            return state
        }
        state.name = newest.productName
        state.lastEvent = newest.eventKey
        return state
    }

    /// The merge needs the product's loaded order keys.
    package struct NeedsKeys: Error, Sendable {}

    /// Type 1 name and Type 3 category of a batch's products: merges each product's new orders into
    /// its stored state and returns the states that changed (new products included).
    ///
    /// - Parameter loadKeys: every loaded order key of the given products; called only when a late
    ///   order splits a product's final run.
    package static func mergeBatch<Failure: Error>(
        _ productOrders: [String: [OrderEvent]], stored: [String: ProductState],
        loadKeys: ([String]) throws(Failure) -> [String: [EventKey]]
    ) throws(Failure) -> [ProductState] {
        let productIDs = productOrders.keys.sorted { $0.precedesInByteOrder($1) }
        var loadedKeys: [String: [EventKey]] = [:]
        var pending = productIDs
        var changed: [ProductState] = []
        while !pending.isEmpty {
            var needKeys: [String] = []
            for productID in pending {
                switch merge(
                    stored: stored[productID], orders: productOrders[productID]!, loadedKeys: loadedKeys[productID])
                {
                case .success(let state): if state != stored[productID] { changed.append(state) }
                case .failure: needKeys.append(productID)
                }
            }
            guard !needKeys.isEmpty else { break }
            let keys = try loadKeys(needKeys)
            for productID in needKeys { loadedKeys[productID] = keys[productID] ?? [] }
            pending = needKeys
        }
        return changed.sorted { $0.productID.precedesInByteOrder($1.productID) }
    }
}
