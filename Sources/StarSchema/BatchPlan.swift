/// Everything one batch transaction writes, decided in memory before any write is sent.
package struct BatchPlan: Sendable {
    /// A fact to insert, with the customer version valid at its timestamp.
    package struct Fact: Sendable {
        package var event: OrderEvent
        package var position: SourcePosition
        package var customerKey: Int64
    }

    package var facts: [Fact] = []
    package var deadLetters: [DeadLetter] = []
    /// Existing current versions that were closed or whose last event moved.
    package var customerUpdates: [CustomerVersion] = []
    package var customerInserts: [CustomerVersion] = []
    /// Type 1 corrections: every version of the customer takes this name (and this region, when
    /// the region is configured as Type 1).
    package var customerCorrections: [(customerID: String, name: String, region: String?)] = []
    /// Customers whose history is rebuilt: their versions are deleted and `customerInserts` holds the new ones.
    package var rebuiltCustomers: [String] = []
    /// Versions of rebuilt customers, used to re-point the facts already loaded for them.
    package var repointVersions: [CustomerVersion] = []
    /// Each product not known to be in DIM_PRODUCT, as this batch's orders alone define it: inserted
    /// when the warehouse lacks it.
    package var products: [ProductState] = []
    /// This batch's new orders per product, merged into the locked DIM_PRODUCT rows at the end of
    /// the transaction (`ProductHistory.mergeBatch`).
    package var productOrders: [String: [OrderEvent]] = [:]
    package var newDates: [CalendarDate] = []
    /// Orders already in FACT_ORDERS with the same content, or repeated in the batch: no-ops.
    package var duplicates = 0

    package init() {}
}
