import StarSchema

/// The order producer: a reproducible stream of realistic e-commerce orders as Kafka messages.
///
/// Same configuration, same sequence of bytes, on every platform: all randomness comes from our
/// own xoshiro256** and integer arithmetic. Customers and products are a fixed population (see
/// `CustomerPool`); the seed drives which of them order, when, and the awkward cases. Order ids
/// embed a bijective mix of the seed, so runs with different seeds never share an order id.
package struct OrderSimulator: Sendable {
    package let configuration: SimulatorConfiguration
    package private(set) var statistics = SimulatorStatistics()
    private var random: Xoshiro256StarStar
    private var customers: CustomerPool
    private var products: ProductCatalog
    private let clock: OrderClock
    /// `ORD-<16 hex digits>-`, followed by the order's sequence number.
    private let orderIDPrefix: [UInt8]
    private static let sequenceDigits = 9
    private var sequence: UInt64 = 0
    /// Recently sent valid messages, from which duplicates are re-sent (a producer retry).
    private var recent: [SimulatedMessage] = []
    private var recentPosition = 0
    private static let recentCapacity = 256
    /// The customer and product population is the same for every seed (see `CustomerPool`).
    private static let worldSeed: UInt64 = 0x5354_4152_5349_4E4B

    package init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        random = Xoshiro256StarStar(seed: configuration.seed)
        customers = CustomerPool(count: configuration.customers, worldSeed: Self.worldSeed)
        products = ProductCatalog(count: configuration.products, worldSeed: Self.worldSeed &+ 1)
        clock = OrderClock(configuration: configuration)
        var prefix = Array("ORD-".utf8)
        let tag = SplitMix64.mix(configuration.seed)
        let hex = Array("0123456789ABCDEF".utf8)
        for shift in stride(from: 60, through: 0, by: -4) {
            prefix.append(hex[Int((tag >> UInt64(shift)) & 0xF)])
        }
        prefix.append(UInt8(ascii: "-"))
        orderIDPrefix = prefix
    }

    package mutating func next() -> SimulatedMessage {
        let slot = statistics.messages
        statistics.messages += 1
        if !recent.isEmpty, random.chance(configuration.duplicateRate) {
            statistics.duplicates += 1
            return recent[random.below(recent.count)]
        }
        let invalid = random.chance(configuration.invalidRate)
        let (event, customerIndex) = nextOrder(slot: slot, applyChanges: !invalid)
        var key: [UInt8]? = customers.customers[customerIndex].keyBytes
        if random.chance(configuration.unkeyedRate) {
            key = nil
            statistics.unkeyed += 1
        }
        if invalid {
            let classes = InvalidMessageClass.allCases
            let kind = classes[statistics.invalid % classes.count]
            let payload = kind.payload(for: event, variant: statistics.invalid / classes.count)
            statistics.invalid += 1
            return SimulatedMessage(key: key, payload: payload, event: nil, invalidReason: kind.rawValue)
        }
        statistics.validOrders += 1
        let message = SimulatedMessage(key: key, payload: OrderJSON.encode(event), event: event)
        remember(message)
        return message
    }

    /// A new order: who, what, when and how many. Region moves and re-categorisations happen
    /// "first", so this order is the first to carry the new value; a message that will be sent
    /// broken does not change anything (the warehouse would never learn of the change).
    private mutating func nextOrder(slot: Int, applyChanges: Bool) -> (OrderEvent, customerIndex: Int) {
        let customerIndex = customers.pick(using: &random)
        let productIndex = products.pick(using: &random)
        if applyChanges, random.chance(configuration.regionMoveRate) {
            customers.moveRegion(of: customerIndex, using: &random)
            statistics.regionMoves += 1
        }
        if applyChanges, random.chance(configuration.recategoriseRate) {
            products.recategorise(productIndex)
            statistics.recategorisations += 1
        }
        var seconds = clock.time(slot: slot, using: &random)
        if random.chance(configuration.lateRate) {
            seconds -= OrderClock.lateBy(using: &random)
            if applyChanges { statistics.lateOrders += 1 }
        }
        let customer = customers.customers[customerIndex]
        let product = products.products[productIndex]
        let event = OrderEvent(
            orderID: nextOrderID(), timestamp: Timestamp(microseconds: seconds &* 1_000_000),
            customerID: customer.id, customerName: customer.name,
            customerRegion: CatalogData.regions[customer.region].name,
            productID: product.id, productName: product.name,
            category: CatalogData.categories[product.category].name,
            price: Money(cents: product.price), quantity: nextQuantity())
        return (event, customerIndex)
    }

    private mutating func nextOrderID() -> String {
        sequence += 1
        let capacity = orderIDPrefix.count + max(Self.sequenceDigits, JSONWriter.maximumNumberLength)
        return JSONWriter.string(capacity: capacity) { out in
            orderIDPrefix.withUnsafeBufferPointer { out.raw($0) }
            out.decimal(sequence, minimumDigits: Self.sequenceDigits)
        }
    }

    /// Mostly one to three items; now and then a bulk order of up to twenty.
    private mutating func nextQuantity() -> Int64 {
        let roll = random.below(100)
        switch roll {
        case ..<70: return 1
        case ..<88: return 2
        case ..<95: return 3
        case ..<99: return Int64(random.inRange(4...6))
        default: return Int64(random.inRange(7...20))
        }
    }

    private mutating func remember(_ message: SimulatedMessage) {
        guard configuration.duplicateRate > 0 else { return }
        if recent.count < Self.recentCapacity {
            recent.append(message)
        } else {
            recent[recentPosition] = message
            recentPosition = (recentPosition + 1) % Self.recentCapacity
        }
    }
}
