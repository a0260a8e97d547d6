/// One simulated product. `category` indexes `CatalogData.categories` and changes on re-categorisation.
struct SimulatedProduct: Sendable {
    let id: String
    let name: String
    let price: Int64
    var category: Int
}

/// The shop's products: names, fixed base prices in exact cents, categories and popularity.
///
/// Like `CustomerPool`, the catalogue depends only on the product count, never on the seed.
struct ProductCatalog: Sendable {
    private(set) var products: [SimulatedProduct]
    private let popularity: WeightedSampler
    private let rankToIndex: [Int32]
    private static let bandSampler = WeightedSampler(weights: CatalogData.priceBands.map(\.weight))
    private static let headFlattening: UInt64 = 50

    init(count: Int, worldSeed: UInt64) {
        let count = max(1, count)
        var random = Xoshiro256StarStar(seed: worldSeed)
        let width = max(5, String(count).utf8.count)
        products = (0..<count).map { index in
            let category = random.below(CatalogData.categories.count)
            let nouns = CatalogData.categories[category].nouns
            let noun = nouns[random.below(nouns.count)]
            let adjective = CatalogData.productAdjectives[random.below(CatalogData.productAdjectives.count)]
            let model = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(random.below(26)))) + String(random.inRange(1...99))
            return SimulatedProduct(
                id: paddedIdentifier(prefix: "PROD-", number: index + 1, width: width),
                name: adjective + " " + noun + " " + model,
                price: Self.basePrice(using: &random), category: category)
        }
        rankToIndex = shuffledIndexes(count: count, using: &random)
        popularity = .zipfMandelbrot(count: count, flattening: Self.headFlattening)
    }

    /// A shop-like price between 1.99 and 1999.99: a weighted band, whole units, a usual ending.
    private static func basePrice(using random: inout Xoshiro256StarStar) -> Int64 {
        let band = CatalogData.priceBands[bandSampler.sample(using: &random)]
        let units = Int64(random.inRange(band.low...band.high))
        let ending = CatalogData.priceEndings[random.below(CatalogData.priceEndings.count)]
        // 1.00 would fall under the advertised 1.99 floor; lift the cheapest endings.
        return units == 1 ? 199 : units * 100 + ending
    }

    /// The product of the next order line, drawn by popularity.
    func pick(using random: inout Xoshiro256StarStar) -> Int {
        Int(rankToIndex[popularity.sample(using: &random)])
    }

    /// Moves a product to a different category (chosen uniformly among the others).
    mutating func recategorise(_ index: Int, using random: inout Xoshiro256StarStar) {
        let categoryCount = CatalogData.categories.count
        let step = 1 + random.below(categoryCount - 1)
        products[index].category = (products[index].category + step) % categoryCount
    }
}
