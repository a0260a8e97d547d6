import Testing
@testable import StarSchema

/// SCD Type 2 in event time: hand-written scenarios and a randomized equivalence check between the
/// incremental fast path and a full rebuild.
@Suite struct CustomerHistoryTests {
    static func at(_ day: Int, _ hour: Int = 0) -> Timestamp {
        Timestamp(date: CalendarDate(year: 2026, month: 1, day: day), hour: hour, minute: 0, second: 0)
    }

    static func point(_ day: Int, _ order: String, _ region: String) -> HistoryPoint {
        HistoryPoint(key: EventKey(timestamp: at(day), orderID: order), region: region)
    }

    @Test func aMoveAndAMoveBackMakeThreeVersions() {
        let versions = CustomerHistory.versions(
            customerID: "C1", name: "Ann",
            orders: [
                Self.point(1, "o1", "Europe"), Self.point(2, "o2", "Europe"), Self.point(5, "o3", "Asia"),
                Self.point(9, "o4", "Europe"),
            ])
        #expect(versions.map(\.region) == ["Europe", "Asia", "Europe"])
        #expect(versions.map(\.validFrom) == [Self.at(1), Self.at(5), Self.at(9)])
        #expect(versions.map(\.validTo) == [Self.at(5), Self.at(9), nil])
        #expect(versions.map(\.isCurrent) == [false, false, true])
        #expect(versions[0].lastEvent.orderID == "o2")
        #expect(Set(versions.map(\.surrogateKey)).count == 3)
    }

    @Test func arrivalOrderDoesNotMatter() {
        let points = [
            Self.point(3, "a", "X"), Self.point(1, "b", "Y"), Self.point(2, "c", "X"), Self.point(7, "d", "Y"),
        ]
        let forward = CustomerHistory.versions(customerID: "C", name: "n", orders: points)
        let backward = CustomerHistory.versions(customerID: "C", name: "n", orders: points.reversed())
        #expect(forward == backward)
        #expect(forward.map(\.region) == ["Y", "X", "Y"])
    }

    @Test func equalTimestampsTheLastOrderIDWins() {
        // Two orders at the same instant from different regions: the later order id decides that instant.
        let versions = CustomerHistory.versions(
            customerID: "C", name: "n",
            orders: [
                Self.point(1, "o1", "A"), Self.point(4, "o2", "B"), Self.point(4, "o3", "A"),
            ])
        #expect(versions.map(\.region) == ["A"])
        #expect(versions[0].validFrom == Self.at(1))
        let split = CustomerHistory.versions(
            customerID: "C", name: "n",
            orders: [
                Self.point(1, "o1", "A"), Self.point(4, "o2", "A"), Self.point(4, "o3", "B"),
            ])
        #expect(split.map(\.region) == ["A", "B"])
        #expect(split[1].validFrom == Self.at(4))
    }

    @Test func surrogateKeysAreDeterministicAndPositive() {
        let a = SurrogateKey.customer("C1", validFrom: Self.at(1))
        #expect(a == SurrogateKey.customer("C1", validFrom: Self.at(1)))
        #expect(a != SurrogateKey.customer("C1", validFrom: Self.at(2)))
        #expect(a != SurrogateKey.customer("C2", validFrom: Self.at(1)))
        #expect(a > 0)
    }

    @Test func extendRefusesLateEvents() {
        let current = CustomerHistory.versions(customerID: "C", name: "n", orders: [Self.point(5, "o5", "A")])[0]
        let late = OrderEvent.sample(id: "o1", at: Self.at(2), region: "B")
        #expect(CustomerHistory.extend(current: current, with: [late]) == nil)
        let newer = OrderEvent.sample(id: "o9", at: Self.at(9), region: "B")
        let extended = CustomerHistory.extend(current: current, with: [newer])
        #expect(extended?.map(\.region) == ["A", "B"])
        #expect(extended?.first?.validTo == Self.at(9))
    }

    /// Random histories delivered in random batches: the incremental path (extend when possible,
    /// rebuild otherwise) always ends where a rebuild from all orders ends.
    @Test(arguments: 0..<200)
    func incrementalEqualsRebuild(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let regions = ["A", "B", "C"]
        var events: [OrderEvent] = []
        for index in 0..<Int(random.next() % 30 + 1) {
            let day = Int(random.next() % 20 + 1)
            let hour = Int(random.next() % 3)
            events.append(
                OrderEvent.sample(id: "o\(index)", at: Self.at(day, hour), region: regions[Int(random.next() % 3)]))
        }
        events.shuffle(using: &random)
        var seen: [OrderEvent] = []
        var versions: [CustomerVersion] = []
        var start = 0
        while start < events.count {
            let end = min(events.count, start + Int(random.next() % 5 + 1))
            let batch = events[start..<end].sorted { $0.eventKey < $1.eventKey }
            seen += batch
            if let current = versions.last, let extended = CustomerHistory.extend(current: current, with: batch) {
                versions = versions.dropLast() + extended
            } else {
                versions = CustomerHistory.versions(
                    customerID: "C", name: "n",
                    orders: seen.map { HistoryPoint(key: $0.eventKey, region: $0.customerRegion) })
            }
            start = end
        }
        let reference = CustomerHistory.versions(
            customerID: "C", name: "n", orders: events.map { HistoryPoint(key: $0.eventKey, region: $0.customerRegion) }
        )
        #expect(versions == reference)
        // Every order lies in exactly one version, and consecutive versions differ in region.
        for event in events { #expect(reference.filter { $0.contains(event.timestamp) }.count == 1) }
        for (a, b) in zip(reference, reference.dropFirst()) {
            #expect(a.region != b.region)
            #expect(a.validTo == b.validFrom)
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension OrderEvent {
    static func sample(
        id: String, at timestamp: Timestamp, customer: String = "C", region: String = "Europe",
        name: String = "Ann", product: String = "P1", category: String = "Books", price: Int64 = 1250,
        quantity: Int64 = 2
    ) -> OrderEvent {
        OrderEvent(
            orderID: id, timestamp: timestamp, customerID: customer, customerName: name, customerRegion: region,
            productID: product, productName: "Product \(product)", category: category,
            price: Money(cents: price), quantity: quantity)
    }
}
