import Simulator
import StarSchema
import Testing

@Suite("Realism")
struct RealismTests {
    @Test func aFewHundredRegularsPlaceALargeShare() {
        let events = Generated.messages(SimulatorConfiguration(seed: 11, count: 50_000)).compactMap(\.event)
        var orders: [String: Int] = [:]
        for event in events { orders[event.customerID, default: 0] += 1 }
        let topOnePercent = orders.values.sorted(by: >).prefix(20_000 / 100).reduce(0, +)
        #expect(Double(topOnePercent) > 0.10 * Double(events.count), "top 1%: \(topOnePercent)")
        #expect(Double(topOnePercent) < 0.60 * Double(events.count), "top 1%: \(topOnePercent)")
        #expect(orders.count > 5_000)
    }

    @Test func valuesStayWithinTheirRealisticRanges() {
        let events = Generated.messages(SimulatorConfiguration(seed: 12, count: 20_000)).compactMap(\.event)
        #expect(events.allSatisfy { (199...199_999).contains($0.price.cents) })
        #expect(events.allSatisfy { (1...20).contains($0.quantity) })
        let small = events.filter { $0.quantity <= 3 }.count
        #expect(Double(small) > 0.9 * Double(events.count))
        #expect(events.contains { $0.quantity > 6 })
        #expect(Set(events.map(\.customerRegion)).count == 8)
        #expect(Set(events.map(\.category)).count == 12)
        #expect(events.contains { $0.customerName.contains("'") })
        #expect(events.contains { $0.customerName.unicodeScalars.contains { !$0.isASCII } })
        let prices = Dictionary(events.map { ($0.productID, [$0.price]) }, uniquingKeysWith: +)
        #expect(prices.values.allSatisfy { Set($0).count == 1 }, "a product's base price is fixed")
    }

    @Test func onTimeOrdersAdvanceThroughTheSpanAndLateOnesGoBack() {
        var configuration = SimulatorConfiguration(seed: 13, count: 50_000)
        configuration.lateRate = 0.01
        let events = Generated.messages(configuration).compactMap(\.event)
        let start = configuration.start.microseconds
        let end = start + 331 * 86_400 * 1_000_000
        var latest = Int64.min
        var late = 0
        for event in events {
            let time = event.timestamp.microseconds
            #expect(time % 1_000_000 == 0)
            if time < latest {
                late += 1
                #expect(latest - time <= 3 * 86_400 * 1_000_000 + 600 * 1_000_000)
            } else {
                #expect(time >= start && time < end)
                latest = time
            }
        }
        #expect((350...650).contains(late), "late: \(late)")
        #expect(latest > end - 2 * 86_400 * 1_000_000, "orders fill the span")
    }

    /// A move happens before the order, so an order by an already-seen customer shows a new
    /// region with probability regionMoveRate; the same holds for products and categories.
    @Test func regionMovesAndRecategorisationsHappenAtTheirRates() {
        var configuration = SimulatorConfiguration(seed: 14, count: 50_000)
        configuration.regionMoveRate = 0.02
        configuration.recategoriseRate = 0.01
        let events = Generated.messages(configuration).compactMap(\.event)
        var regions: [String: String] = [:]
        var categories: [String: String] = [:]
        var (repeatCustomers, moves, repeatProducts, recategorisations) = (0, 0, 0, 0)
        for event in events {
            if let region = regions[event.customerID] {
                repeatCustomers += 1
                if region != event.customerRegion { moves += 1 }
            }
            if let category = categories[event.productID] {
                repeatProducts += 1
                if category != event.category { recategorisations += 1 }
            }
            regions[event.customerID] = event.customerRegion
            categories[event.productID] = event.category
        }
        let moveRate = Double(moves) / Double(repeatCustomers)
        let recategoriseRate = Double(recategorisations) / Double(repeatProducts)
        #expect(abs(moveRate - 0.02) < 0.004, "move rate \(moveRate)")
        #expect(abs(recategoriseRate - 0.01) < 0.002, "recategorise rate \(recategoriseRate)")
        #expect(events.allSatisfy { categories[$0.productID] != nil })
    }

    @Test func defaultRatesStillProduceHistory() {
        var simulator = OrderSimulator(configuration: SimulatorConfiguration(seed: 15, count: 50_000))
        for _ in 0..<50_000 { _ = simulator.next() }
        let statistics = simulator.statistics
        #expect((60...140).contains(statistics.regionMoves), "\(statistics)")
        #expect((8...45).contains(statistics.recategorisations), "\(statistics)")
        #expect((25...80).contains(statistics.lateOrders), "\(statistics)")
        #expect(statistics.validOrders == 50_000)
        #expect(statistics.invalid == 0 && statistics.duplicates == 0 && statistics.unkeyed == 0)
    }
}
