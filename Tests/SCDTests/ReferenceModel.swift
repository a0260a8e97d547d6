import StarSchema

/// What DIM_CUSTOMER, DIM_PRODUCT and FACT_ORDERS must hold for a set of orders, computed
/// straight from the README's definitions, sharing no code with the loader but the key hash.
struct ReferenceModel {
    var customers: [CustomerRow] = []
    var products: [ProductRow] = []
    /// order_id → the CUSTOMER_SK its fact must point at.
    var factKeys: [String: Int64] = [:]

    /// - Parameter regionIsType2: false models `dimensions.customer_region: type1`.
    init(_ orders: some Collection<OrderEvent>, regionIsType2: Bool = true) {
        func before(_ a: OrderEvent, _ b: OrderEvent) -> Bool {
            a.timestamp != b.timestamp
                ? a.timestamp < b.timestamp : a.orderID.utf8.lexicographicallyPrecedes(b.orderID.utf8)
        }
        for (customerID, own) in Dictionary(grouping: orders, by: \.customerID) {
            let sorted = own.sorted(by: before)
            let latest = sorted[sorted.count - 1]
            // The region in force at each distinct instant: the last order placed at that instant.
            var instants: [(at: Timestamp, region: String)] = []
            for order in sorted {
                let region = regionIsType2 ? order.customerRegion : ""
                if instants.last?.at == order.timestamp {
                    instants[instants.count - 1].region = region
                } else {
                    instants.append((order.timestamp, region))
                }
            }
            var starts: [(at: Timestamp, region: String)] = []
            for instant in instants where instant.region != starts.last?.region { starts.append(instant) }
            for (index, start) in starts.enumerated() {
                let end = index + 1 < starts.count ? starts[index + 1].at : nil
                let inside = sorted.filter { order in
                    order.timestamp >= start.at && (end.map { order.timestamp < $0 } ?? true)
                }
                let key = SurrogateKey.customer(customerID, validFrom: start.at)
                customers.append(
                    CustomerRow(
                        key: key, customerID: customerID, name: latest.customerName,
                        region: regionIsType2 ? start.region : latest.customerRegion, validFrom: start.at, validTo: end,
                        isCurrent: end == nil, lastEventAt: inside.last!.timestamp, lastOrderID: inside.last!.orderID))
                for order in inside { factKeys[order.orderID] = key }
            }
        }
        for (productID, own) in Dictionary(grouping: orders, by: \.productID) {
            let sorted = own.sorted(by: before)
            let last = sorted[sorted.count - 1]
            var start = sorted.count - 1
            while start > 0, sorted[start - 1].category == last.category { start -= 1 }
            products.append(
                ProductRow(
                    productID: productID, name: last.productName, category: last.category,
                    previousCategory: start > 0 ? sorted[start - 1].category : nil,
                    categoryChangedAt: start > 0 ? sorted[start].timestamp : nil))
        }
        customers.sort()
        products.sort()
    }
}

/// One DIM_CUSTOMER row, as compared.
struct CustomerRow: Hashable, Comparable, CustomStringConvertible {
    var key: Int64
    var customerID: String
    var name: String
    var region: String
    var validFrom: Timestamp
    var validTo: Timestamp?
    var isCurrent: Bool
    var lastEventAt: Timestamp
    var lastOrderID: String

    static func < (a: Self, b: Self) -> Bool {
        a.customerID != b.customerID ? a.customerID < b.customerID : a.validFrom < b.validFrom
    }

    /// The row as compared exactly: a current version's last event is only a lower bound.
    var withoutCurrentLastEvent: Self {
        guard isCurrent else { return self }
        var copy = self
        copy.lastEventAt = validFrom
        copy.lastOrderID = ""
        return copy
    }

    var description: String {
        "\(customerID) [\(validFrom), \(validTo.map { "\($0)" } ?? "open")) \(region) \(name) sk=\(key)\(isCurrent ? " current" : "") last=\(lastOrderID)"
    }
}

/// One DIM_PRODUCT row, as compared.
struct ProductRow: Hashable, Comparable, CustomStringConvertible {
    var productID: String
    var name: String
    var category: String
    var previousCategory: String?
    var categoryChangedAt: Timestamp?

    static func < (a: Self, b: Self) -> Bool { a.productID < b.productID }

    var description: String {
        "\(productID) \(name) \(category) prev=\(previousCategory ?? "-") at=\(categoryChangedAt.map { "\($0)" } ?? "-")"
    }
}
