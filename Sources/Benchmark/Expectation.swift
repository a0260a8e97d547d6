import Simulator

/// The exact outcome of a simulated load, computed from the simulator's events.
struct Expectation {
    /// Distinct valid orders: the facts a correct load holds.
    var validOrders = 0
    var totalCents: Int64 = 0
    var payloadBytes = 0
    var messages = 0

    init(_ configuration: SimulatorConfiguration) {
        var simulator = OrderSimulator(configuration: configuration)
        // Order ids are sequential and repeat only as deliberate duplicates, so the ids seen are kept
        // only when there are some: a soak's millions of orders then need no set.
        var seen = Set<String>()
        for _ in 0..<configuration.count {
            let message = simulator.next()
            messages += 1
            payloadBytes += message.payload.count
            guard let event = message.event else { continue }
            if configuration.duplicateRate > 0, !seen.insert(event.orderID).inserted { continue }
            validOrders += 1
            totalCents += event.price.cents * event.quantity
        }
    }
}
