/// The fixed vocabulary the simulated shop draws from: names, regions, categories, products.
///
/// Names deliberately include apostrophes, accents and non-Latin scripts, and some product names
/// a double quote, so that every consumer's JSON and SQL escaping is exercised by ordinary data.
enum CatalogData {
    static let firstNames: [String] = [
        "James", "Mary", "Wei", "Aisha", "José", "Zoë", "Sofía", "Mohammed", "Olga", "Hiroshi",
        "Priya", "Chloé", "Björn", "Łukasz", "Fatima", "Liam", "Emma", "Noah", "Olivia", "Mateo",
        "Ana", "Chen", "Yuki", "Kwame", "Amara", "Søren", "Renée", "Ngozi", "Diego", "Ingrid",
        "Raj", "Mei", "Omar", "Elena", "François", "Siobhán", "Jürgen", "Anaïs", "Thabo", "Leila",
        "Σοφία", "Dmitri", "Grace", "Kofi", "Lucía", "Marek", "Nadia", "Paulo", "Rosa", "Tomás",
    ]

    static let lastNames: [String] = [
        "Smith", "O'Brien", "García", "Müller", "Nguyễn", "Kowalski", "Tanaka", "Patel", "Okafor",
        "Johansson", "D'Angelo", "Rossi", "Silva", "Kim", "Novák", "Dubois", "Hernández", "Ivanova",
        "Al-Sayed", "Mensah", "Schmidt", "O'Connor", "Fernández", "Wang", "Cohen", "Lefèvre",
        "Jensen", "Khan", "Moreau", "Brown", "Papadopoulos", "Yılmaz", "Andersson", "Costa",
        "Suzuki", "Mbeki", "Lindqvist", "Ó Súilleabháin", "Park", "Williams", "山田", "Wójcik",
    ]

    /// (region, weight out of 100): the home-region mix of the customer base.
    static let regions: [(name: String, weight: UInt64)] = [
        ("North America", 24), ("Europe", 24), ("Asia Pacific", 20), ("Latin America", 10),
        ("Middle East", 7), ("Africa", 6), ("South Asia", 6), ("Oceania", 3),
    ]

    /// Each category with the nouns its products are named after.
    static let categories: [(name: String, nouns: [String])] = [
        ("Electronics", ["Wireless Earbuds", "USB-C Hub", "Bluetooth Speaker", "4K Monitor", "Smartwatch", "Power Bank"]),
        ("Books", ["Cookbook", "Mystery Novel", "Field Guide", "Poetry Collection", "Atlas", "Biography"]),
        ("Clothing", ["Rain Jacket", "Wool Sweater", "Denim Jeans", "Linen Shirt", "Running Socks", "Scarf"]),
        ("Home & Kitchen", ["Chef's Knife", "Cast Iron Skillet 12\"", "Café Espresso Cups", "Crème Brûlée Torch", "Kettle", "Towel Set"]),
        ("Toys & Games", ["Puzzle 1000 pcs", "Board Game", "Building Blocks", "Plush Bear", "Kite", "Card Game"]),
        ("Sports & Outdoors", ["Yoga Mat", "Trail Backpack", "Tent", "Dumbbell Pair", "Water Bottle", "Bike Lights"]),
        ("Beauty", ["Face Serum", "Lip Balm", "Shampoo", "Eau de Toilette", "Hand Cream", "Nail Kit"]),
        ("Grocery", ["Olive Oil", "Green Tea", "Dark Chocolate", "Coffee Beans", "Honey", "Pasta"]),
        ("Garden", ["Pruning Shears", "Seed Kit", "Watering Can", "Planter", "Garden Hose", "Bird Feeder"]),
        ("Automotive", ["Dash Cam", "Tyre Inflator", "Car Vacuum", "Jump Starter", "Seat Covers", "Wiper Blades"]),
        ("Health", ["Vitamin D", "Thermometer", "First Aid Kit", "Massage Gun", "Pill Organiser", "Knee Brace"]),
        ("Office Supplies", ["Notebook", "Fountain Pen", "Desk Lamp", "Stapler", "Ergonomic Chair", "Label Maker"]),
    ]

    static let productAdjectives: [String] = [
        "Classic", "Deluxe", "Eco", "Pro", "Compact", "Nordic", "Urban", "Premium", "Everyday", "Artisan",
    ]

    /// (lowest whole units, highest whole units, weight): most products are cheap, a few are dear.
    static let priceBands: [(low: Int, high: Int, weight: UInt64)] = [
        (1, 9, 30), (10, 49, 35), (50, 199, 22), (200, 999, 10), (1000, 1999, 3),
    ]

    /// Cent endings shops use; the whole-unit part comes from a price band.
    static let priceEndings: [Int64] = [99, 99, 99, 49, 95, 0, 50]
}
