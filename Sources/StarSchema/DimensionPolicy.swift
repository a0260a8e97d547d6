/// How a dimension attribute changes: overwritten everywhere (Type 1) or kept as history (Type 2).
package enum SCDType: String, Sendable, CaseIterable {
    case type1
    case type2
}

/// Which customer attributes keep history (`dimensions.*` in the configuration).
///
/// Only `customer_region` can be Type 2: a late order rebuilds history from the loaded facts, and
/// FACT_ORDERS keeps each order's region but not its customer name.
package struct DimensionPolicy: Sendable, Equatable {
    package var customerRegion: SCDType = .type2
    package var customerName: SCDType = .type1

    package init(customerRegion: SCDType = .type2) { self.customerRegion = customerRegion }

    /// The region as customer history tracks it: the order's own with Type 2, one constant with
    /// Type 1, so that a customer then has a single version carrying its latest region.
    func trackedRegion(_ region: String) -> String { customerRegion == .type2 ? region : "" }
}
