/// One simulated customer. `region` indexes `CatalogData.regions` and changes when the customer moves.
struct SimulatedCustomer: Sendable {
    let id: String
    /// `id` as UTF-8, kept so that every message's key shares one buffer instead of allocating.
    let keyBytes: [UInt8]
    let name: String
    var region: Int
}

/// The customer base: who exists, where they live, and how often each one buys.
///
/// The population (ids, names, home regions, popularity) depends only on the customer count, not
/// on the simulator's seed: runs with different seeds describe the same shop, so loading both
/// into one warehouse gives consistent dimensions rather than conflicting names.
struct CustomerPool: Sendable {
    private(set) var customers: [SimulatedCustomer]
    private let popularity: WeightedSampler
    /// Popularity rank → customer index, so that the busiest customers are spread over the id range.
    private let rankToIndex: [Int32]
    private static let regionSampler = WeightedSampler(weights: CatalogData.regions.map(\.weight))
    /// A flattening of 20 puts about a third of all orders on the top 1% of 20,000 customers.
    private static let headFlattening: UInt64 = 20

    init(count: Int, worldSeed: UInt64) {
        let count = max(1, count)
        var random = Xoshiro256StarStar(seed: worldSeed)
        let width = max(6, String(count).utf8.count)
        customers = (0..<count).map { index in
            let first = CatalogData.firstNames[random.below(CatalogData.firstNames.count)]
            let last = CatalogData.lastNames[random.below(CatalogData.lastNames.count)]
            let id = paddedIdentifier(prefix: "CUST-", number: index + 1, width: width)
            return SimulatedCustomer(
                id: id, keyBytes: Array(id.utf8), name: first + " " + last,
                region: Self.regionSampler.sample(using: &random))
        }
        rankToIndex = shuffledIndexes(count: count, using: &random)
        popularity = .zipfMandelbrot(count: count, flattening: Self.headFlattening)
    }

    /// The customer placing the next order, drawn by popularity.
    func pick(using random: inout Xoshiro256StarStar) -> Int {
        Int(rankToIndex[popularity.sample(using: &random)])
    }

    /// Moves a customer to a different region (chosen uniformly among the others).
    mutating func moveRegion(of index: Int, using random: inout Xoshiro256StarStar) {
        let regionCount = CatalogData.regions.count
        let step = 1 + random.below(regionCount - 1)
        customers[index].region = (customers[index].region + step) % regionCount
    }
}

/// `PREFIX000042`: a zero-padded decimal identifier.
func paddedIdentifier(prefix: String, number: Int, width: Int) -> String {
    let digits = String(number)
    return prefix + String(repeating: "0", count: max(0, width - digits.utf8.count)) + digits
}

/// A Fisher–Yates permutation of `0..<count` drawn from our own generator (never `shuffled()`,
/// whose algorithm is not promised to stay the same).
func shuffledIndexes(count: Int, using random: inout Xoshiro256StarStar) -> [Int32] {
    var indexes = (0..<count).map { Int32($0) }
    var position = count - 1
    while position > 0 {
        indexes.swapAt(position, random.below(position + 1))
        position -= 1
    }
    return indexes
}
