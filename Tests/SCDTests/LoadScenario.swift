import StarSchema

/// A random but reproducible load: a set of orders, the order they arrive in (with re-sends), how
/// they are spread over partitions (keyed by customer or not), workers and batch sizes.
struct LoadScenario: CustomStringConvertible {
    var orders: [OrderEvent] = []
    var arrivals: [OrderEvent] = []
    var partitions = 1
    var keyed = true
    var workers = 1
    var maxBatch = 1
    private var random: SplitMix

    init(seed: UInt64, maxOrders: Int = 140) {
        random = SplitMix(seed: seed)
        let regions = Array(["Europe", "Americas", "Asia"].prefix(2 + random.below(2)))
        let categories = Array(["Books", "Toys", "Games"].prefix(2 + random.below(2)))
        let customers = 1 + random.below(6)
        let products = 1 + random.below(4)
        // Few distinct instants, so equal timestamps are common.
        let base = Timestamp(date: CalendarDate(year: 2026, month: 3, day: 1), hour: 0, minute: 0, second: 0)
        let count = 1 + random.below(maxOrders)
        for index in 0..<count {
            let customer = random.below(customers)
            let product = random.below(products)
            let at = Timestamp(
                microseconds: base.microseconds + Int64(random.below(8)) * 86_400_000_000 + Int64(random.below(3))
                    * 1_000_000)
            orders.append(
                OrderEvent(
                    orderID: "o\(String(index * 7919 % 10_007, radix: 16))", timestamp: at,
                    customerID: "C\(customer)", customerName: ["Ann", "Ann B."][random.below(2)],
                    customerRegion: regions[random.below(regions.count)],
                    productID: "P\(product)", productName: "Product \(product)\(random.below(4) == 0 ? " (new)" : "")",
                    category: categories[random.below(categories.count)],
                    price: Money(cents: Int64(100 + random.below(5000))),
                    quantity: Int64(1 + random.below(3))))
        }
        arrivals = orders.sorted { $0.eventKey < $1.eventKey }
        switch random.below(3) {
        case 0: break  // in event-time order: the fast path
        case 1: arrivals = shuffled(arrivals)  // any order: many late events
        default:  // nearly in order: a few late events
            for index in arrivals.indices.dropFirst() where random.below(4) == 0 {
                arrivals.swapAt(index, index - 1 - random.below(min(index, 5)))
            }
        }
        for _ in 0..<random.below(max(1, count / 10)) { arrivals.append(arrivals[random.below(arrivals.count)]) }
        partitions = 1 + random.below(4)
        keyed = random.below(2) == 0
        workers = 1 + random.below(3)
        maxBatch = 1 + random.below(40)
    }

    private mutating func shuffled(_ events: [OrderEvent]) -> [OrderEvent] {
        var copy = events
        for index in copy.indices.reversed() { copy.swapAt(index, random.below(index + 1)) }
        return copy
    }

    /// Each worker's batches: its partitions' messages in arrival (offset) order, cut at random sizes.
    mutating func batchesPerWorker() -> [[[LoadRecord]]] {
        var nextOffset = [Int64](repeating: 0, count: partitions)
        var streams = [[LoadRecord]](repeating: [], count: workers)
        for event in arrivals {
            let partition =
                keyed
                ? Int(event.customerID.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % UInt32(partitions))
                : random.below(partitions)
            let record = LoadRecord(
                position: SourcePosition(topic: "orders", partition: Int32(partition), offset: nextOffset[partition]),
                payload: Array("{}".utf8), outcome: .success(event))
            nextOffset[partition] += 1
            streams[partition % workers].append(record)
        }
        return streams.map { stream in
            var batches: [[LoadRecord]] = []
            var rest = stream[...]
            while !rest.isEmpty {
                let size = 1 + random.below(maxBatch)
                batches.append(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            return batches
        }
    }

    var description: String {
        "\(orders.count) orders, \(arrivals.count) messages, \(partitions) partitions \(keyed ? "keyed" : "unkeyed"), \(workers) workers, batches ≤ \(maxBatch)"
    }
}

/// A small deterministic generator (SplitMix64), so that a failing seed reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
