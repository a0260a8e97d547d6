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

    /// What a shopper expects in each department: every product name there holds one of these
    /// words, and costs what such things sell for (whole currency units). Written from the
    /// shopper's side, not copied from the catalogue: a product filed in the wrong department, or
    /// priced like another kind of product, fails here.
    static let departments: [String: (words: [String], units: ClosedRange<Int64>)] = [
        "Electronics": (
            [
                "Earbuds", "USB-C Hub", "Speaker", "Monitor", "Smartwatch", "Power Bank", "Remote-Control Car",
                "Bike Light",
                "Hair Dryer", "Path Lights", "Dash Cam", "Jump Starter", "Phone Mount", "Thermometer", "Label Maker",
                "Keyboard", "Shredder",
            ], 5...999
        ),
        "Books": (
            ["Cookbook", "Field Guide", "Picture Book", "Atlas", "Handbook", "Planner", "Jigsaw Puzzle", "Notebook"],
            3...60
        ),
        "Clothing": (["Jacket", "Base Layer", "Socks", "Gloves", "Apron", "Backpack"], 5...300),
        "Home & Kitchen": (
            [
                "Skillet", "Espresso Cups", "Towel", "Kettle", "Diffuser", "Knife", "Cookbook", "Apron", "Water Bottle",
                "Olive Oil", "Coffee Beans", "Seed Kit", "Watering Can", "Planter", "Car Vacuum", "Pill Organiser",
                "Desk Lamp", "Office Chair",
            ], 3...800
        ),
        "Toys & Games": (
            [
                "Jigsaw Puzzle", "Kite", "Remote-Control Car", "Water Blaster", "Croquet", "Balance Bike",
                "Picture Book",
            ], 5...200
        ),
        "Sports & Outdoors": (
            [
                "Yoga Mat", "Backpack", "Tent", "Dumbbell", "Water Bottle", "Bike Light", "Earbuds", "Speaker",
                "Power Bank", "Yoga Handbook", "Jacket", "Base Layer", "Socks", "Skillet", "Knife", "Kite",
                "Balance Bike", "Protein Bars", "Hammock", "Tyre Inflator", "Roof Box", "First Aid", "Massage Gun",
            ], 5...800
        ),
        "Beauty": (["Face Serum", "Lip Balm", "Shampoo", "Hand Cream", "Nail Care", "Hair Dryer", "Towel"], 2...200),
        "Grocery": (
            ["Olive Oil", "Tea", "Coffee Beans", "Honey", "Protein Bars", "Bird Seed", "Espresso Cups", "Vitamin D3"],
            2...60
        ),
        "Garden": (
            [
                "Seed", "Watering Can", "Planter", "Hose", "Solar", "Hammock", "Field Guide", "Gloves", "Water Blaster",
                "Croquet", "Tent",
            ], 3...500
        ),
        "Automotive": (
            [
                "Dash Cam", "Tyre Inflator", "Car Vacuum", "Jump Starter", "Phone Mount", "Roof Box", "Road Atlas",
                "Garden Hose",
            ], 5...800
        ),
        "Health": (
            [
                "Vitamin", "Thermometer", "First Aid", "Massage Gun", "Pill Organiser", "Blood Pressure", "Smartwatch",
                "Compression Socks", "Diffuser", "Yoga Mat", "Dumbbell", "Face Serum", "Lip Balm", "Shampoo",
                "Hand Cream",
                "Nail Care", "Green Tea", "Honey",
            ], 2...500
        ),
        "Office Supplies": (
            [
                "Notebook", "Desk Lamp", "Office Chair", "Label Maker", "Keyboard", "Shredder", "USB-C Hub", "Monitor",
                "Planner", "Kettle",
            ], 3...900
        ),
    ]

    /// With products re-categorised often, so that moved products are checked in their new department too.
    @Test func productNamesBelongToTheirCategoryAndPricesToItsRange() {
        var configuration = SimulatorConfiguration(seed: 16, count: 30_000)
        configuration.recategoriseRate = 0.02
        let events = Generated.messages(configuration).compactMap(\.event)
        #expect(Set(events.map(\.category)) == Set(Self.departments.keys))
        var misfiled: [String] = [], mispriced: [String] = []
        for event in events {
            guard let department = Self.departments[event.category] else { continue }
            if !department.words.contains(where: { event.productName.contains($0) }) {
                misfiled.append("\(event.productName) in \(event.category)")
            }
            if !(department.units.lowerBound * 100...department.units.upperBound * 100 + 99).contains(event.price.cents)
            {
                mispriced.append("\(event.productName) at \(event.price) in \(event.category)")
            }
        }
        #expect(misfiled.isEmpty, "\(Set(misfiled).sorted().prefix(10))")
        #expect(mispriced.isEmpty, "\(Set(mispriced).sorted().prefix(10))")
        let moved = Dictionary(events.map { ($0.productID, Set([$0.category])) }, uniquingKeysWith: { $0.union($1) })
        #expect(moved.values.contains { $0.count == 2 }, "some products were seen in two departments")
        #expect(moved.values.allSatisfy { $0.count <= 2 }, "a product moves between its two departments only")
        // Names read like a shop's: a brand, the kind of product, often a size or colour; a few carry ' or ".
        #expect(events.contains { $0.productName.contains("\"") } && events.contains { $0.productName.contains("'") })
        #expect(Set(events.map(\.productName)).count > 800, "a varied catalogue")
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
