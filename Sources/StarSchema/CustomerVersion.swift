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
