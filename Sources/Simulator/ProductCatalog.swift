/// One simulated product. `category` indexes `CatalogData.categories`; a re-categorisation moves it
/// between `home` and `alternative`, the two departments its kind is filed under.
struct SimulatedProduct: Sendable {
    let id: String
    let name: String
    let price: Int64
    var category: Int
    let home: Int
    let alternative: Int
}

/// The shop's products: names, fixed base prices in exact cents, categories and popularity.
///
/// Like `CustomerPool`, the catalogue depends only on the product count, never on the seed.
struct ProductCatalog: Sendable {
    private(set) var products: [SimulatedProduct]
    private let popularity: WeightedSampler
    private let rankToIndex: [Int32]
    private static let headFlattening: UInt64 = 50

    init(count: Int, worldSeed: UInt64) {
        let count = max(1, count)
        var random = Xoshiro256StarStar(seed: worldSeed)
        let width = max(5, String(count).utf8.count)
        let categories = CatalogData.categories
        products = (0..<count).map { index in
            let category = random.below(categories.count)
            let kinds = categories[category].kinds
            let kind = kinds[random.below(kinds.count)]
            let brand = categories[category].brands[random.below(categories[category].brands.count)]
            let variant = kind.variants[random.below(kind.variants.count)]
            return SimulatedProduct(
                id: paddedIdentifier(prefix: "PROD-", number: index + 1, width: width),
                name: brand + " " + kind.noun + (variant.isEmpty ? "" : " " + variant),
                price: Self.basePrice(kind.units, using: &random), category: category, home: category,
                alternative: categories.firstIndex { $0.name == kind.alsoIn } ?? (category + 1) % categories.count)
        }
        rankToIndex = shuffledIndexes(count: count, using: &random)
        popularity = .zipfMandelbrot(count: count, flattening: Self.headFlattening)
    }

    /// A shop-like price inside the kind's range: whole units leaning to the cheap end (the lower
    /// of two draws), then a usual ending such as .99 or .49.
    private static func basePrice(_ units: ClosedRange<Int>, using random: inout Xoshiro256StarStar) -> Int64 {
        let whole = Int64(min(random.inRange(units), random.inRange(units)))
        return whole * 100 + CatalogData.priceEndings[random.below(CatalogData.priceEndings.count)]
    }

    /// The product of the next order line, drawn by popularity.
    func pick(using random: inout Xoshiro256StarStar) -> Int {
        Int(rankToIndex[popularity.sample(using: &random)])
    }

    /// Moves a product to the other department its kind belongs to (and back, the next time).
    mutating func recategorise(_ index: Int) {
        let product = products[index]
        products[index].category = product.category == product.home ? product.alternative : product.home
    }
}
