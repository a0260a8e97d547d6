/// A product's row in DIM_PRODUCT plus the little history Type 3 needs to stay exact when orders
/// arrive late (schema version 2).
///
/// Semantics (README, `sql/`): take the product's orders in (order_timestamp, order_id) order.
/// `CATEGORY` is the last order's category and `PRODUCT_NAME` its name; the final *run* is the
/// longest suffix of orders sharing that category. `PREVIOUS_CATEGORY` is the category of the
/// order just before that run, and `CATEGORY_CHANGED_AT` the timestamp of the run's first order;
/// both are NULL while the product never changed category. Equal timestamps are ordered by
/// order_id, like customers.
///
/// Only the final run and the end of the run before it can move when an order arrives late, so
/// the row keeps their boundaries (`runStart`, `previousRunEnd`) instead of every change point.
package struct ProductState: Sendable, Hashable {
    package var productID: String
    package var name: String
    package var category: String
    package var previousCategory: String?
    /// The first order of the final category run.
    package var runStart: EventKey
    /// The last order of the run before the final one; nil when the product never changed category.
    package var previousRunEnd: EventKey?
    /// The newest order (decides the Type 1 name and the current category).
    package var lastEvent: EventKey

    package init(
        productID: String, name: String, category: String, previousCategory: String? = nil,
        runStart: EventKey, previousRunEnd: EventKey? = nil, lastEvent: EventKey
    ) {
        self.productID = productID
        self.name = name
        self.category = category
        self.previousCategory = previousCategory
        self.runStart = runStart
        self.previousRunEnd = previousRunEnd
        self.lastEvent = lastEvent
    }

    /// The state of a product whose only order is `event`.
    package init(first event: OrderEvent) {
        self.init(
            productID: event.productID, name: event.productName, category: event.category,
            runStart: event.eventKey, lastEvent: event.eventKey)
    }

    package var categoryChangedAt: Timestamp? { previousCategory == nil ? nil : runStart.timestamp }

    /// What adding one order needs to know beyond the state.
    package enum Outcome: Sendable, Equatable {
        case applied
        /// The order splits the final run: the order right after it is needed, from the loaded facts.
        case needsNextOrder
    }

    /// Adds one order, whatever its position in time; adding an order already included changes nothing.
    ///
    /// - Parameter nextOrder: the smallest key greater than the order's among the product's other
    ///   orders, if known; asked only when the order falls inside the final run with another category.
    package mutating func add(_ key: EventKey, category: String, name: String, nextOrder: (EventKey) -> EventKey?)
        -> Outcome
    {
        if lastEvent < key {
            self.name = name
            if category != self.category {
                previousCategory = self.category
                previousRunEnd = lastEvent
                self.category = category
                runStart = key
            }
            lastEvent = key
            return .applied
        }
        if let end = previousRunEnd, !(end < key) { return .applied }  // before the last change: no visible effect
        if !(key < runStart) {
            // Inside the final run, which `key` now splits in two with itself as the previous run.
            guard category != self.category, key != runStart, key != lastEvent else { return .applied }
            guard let next = nextOrder(key) else { return .needsNextOrder }
            previousCategory = category
            previousRunEnd = key
            runStart = next
            return .applied
        }
        // Between the previous run's end and the final run's start.
        if category == self.category {
            runStart = key
        } else {
            previousCategory = category
            previousRunEnd = key
        }
        return .applied
    }
}
