/// The fixed vocabulary the simulated shop draws from: names, regions, categories, products.
///
/// Names deliberately include apostrophes, accents and non-Latin scripts, and some product names
/// a double quote, so that every consumer's JSON, SQL and HTML escaping is exercised by ordinary data.
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

    /// The shop's departments: the brands that sell in each and the kinds of product it stocks.
    /// Every kind names one other department where shops also file it (a smartwatch under Health,
    /// a cookbook under Home & Kitchen): re-categorisation moves a product there and back, so a
    /// product's name always belongs to its current category.
    ///
    /// Names keep the awkward characters real catalogues have — apostrophes, accents, `&` and the
    /// inch sign `"` — so JSON, SQL and HTML escaping are exercised by ordinary data.
    static let categories: [ProductCategory] = [
        ProductCategory(
            "Electronics", brands: ["Voltix", "Auralink", "Nimbus", "Kairo", "Lumen"],
            kinds: [
                ProductKind("Wireless Earbuds", 29...249, ["", "Pro", "Lite", "Sport"], alsoIn: "Sports & Outdoors"),
                ProductKind("USB-C Hub", 19...89, ["4-Port", "7-in-1", "10-in-1"], alsoIn: "Office Supplies"),
                ProductKind(
                    "Bluetooth Speaker", 25...299, ["Mini", "", "Max", "Outdoor"], alsoIn: "Sports & Outdoors"),
                ProductKind("27\" 4K Monitor", 229...899, ["", "USB-C", "HDR"], alsoIn: "Office Supplies"),
                ProductKind("Smartwatch", 99...499, ["S", "", "Pro", "Active"], alsoIn: "Health"),
                ProductKind(
                    "Power Bank", 15...79, ["10,000 mAh", "20,000 mAh", "Slim 5,000 mAh"], alsoIn: "Sports & Outdoors"),
            ]),
        ProductCategory(
            "Books", brands: ["Northwind Press", "Harbour Lane", "Éditions Lumière", "Kestrel Books", "Ink & Oak"],
            kinds: [
                ProductKind("Cookbook", 12...45, ["Hardcover", "Paperback"], alsoIn: "Home & Kitchen"),
                ProductKind("Field Guide to Birds", 10...35, ["Paperback", "Pocket Edition"], alsoIn: "Garden"),
                ProductKind(
                    "Children's Picture Book", 6...20, ["Hardcover", "Board Book", "Paperback"], alsoIn: "Toys & Games"),
                ProductKind(
                    "Road Atlas", 9...30, ["Europe 2027", "North America 2027", "Spiral-Bound"], alsoIn: "Automotive"),
                ProductKind("Yoga Handbook", 10...30, ["Paperback", "Illustrated"], alsoIn: "Sports & Outdoors"),
                ProductKind("Weekly Planner 2027", 8...28, ["A5", "Pocket", "Linen Cover"], alsoIn: "Office Supplies"),
            ]),
        ProductCategory(
            "Clothing", brands: ["Fjordline", "Harrow & Pike", "Sierra Loom", "Maëlle", "O'Rourke Knitwear"],
            kinds: [
                ProductKind(
                    "Rain Jacket", 49...249, ["Navy", "Olive", "Charcoal", "Ochre"], alsoIn: "Sports & Outdoors"),
                ProductKind(
                    "Merino Base Layer", 39...120, ["Black", "Heather Grey", "Forest"], alsoIn: "Sports & Outdoors"),
                ProductKind(
                    "Running Socks, 3 Pairs", 9...30, ["White", "Black", "Mixed"], alsoIn: "Sports & Outdoors"),
                ProductKind("Compression Socks", 12...40, ["Black", "Nude", "Navy"], alsoIn: "Health"),
                ProductKind("Gardening Gloves", 8...35, ["S", "M", "L"], alsoIn: "Garden"),
                ProductKind("Linen Apron", 18...60, ["Natural", "Indigo", "Rust"], alsoIn: "Home & Kitchen"),
            ]),
        ProductCategory(
            "Home & Kitchen", brands: ["Maison Verre", "Nordhaus", "Casa Olivo", "Crème & Co.", "Kōbō"],
            kinds: [
                ProductKind(
                    "Cast Iron Skillet 12\"", 25...110, ["", "Pre-Seasoned", "Enamelled"], alsoIn: "Sports & Outdoors"),
                ProductKind(
                    "Café Espresso Cups, Set of 4", 15...60, ["Porcelain", "Stoneware", "Double-Wall Glass"],
                    alsoIn: "Grocery"),
                ProductKind("Bath Towel Set", 25...90, ["White", "Sage", "Slate"], alsoIn: "Beauty"),
                ProductKind(
                    "Electric Kettle 1.7 L", 25...150, ["", "Glass", "Temperature Control"], alsoIn: "Office Supplies"),
                ProductKind("Aroma Diffuser", 20...80, ["Ceramic", "Bamboo", ""], alsoIn: "Health"),
                ProductKind("Chef's Knife 8\"", 30...180, ["", "Damascus", "Forged"], alsoIn: "Sports & Outdoors"),
            ]),
        ProductCategory(
            "Toys & Games", brands: ["Tinker & Tale", "Brightblock", "Owlet", "Jouéo", "Marble Fox"],
            kinds: [
                ProductKind(
                    "Jigsaw Puzzle, 1000 pcs", 12...35, ["Alpine Lake", "Night Market", "Botanical"], alsoIn: "Books"),
                ProductKind("Stunt Kite", 15...80, ["", "Dual-Line", "Beginner"], alsoIn: "Sports & Outdoors"),
                ProductKind(
                    "Remote-Control Car", 25...150, ["Off-Road", "Drift", "Rock Crawler"], alsoIn: "Electronics"),
                ProductKind("Water Blaster", 8...35, ["", "Mega", "Twin Pack"], alsoIn: "Garden"),
                ProductKind("Croquet Set", 40...150, ["Family", "Tournament"], alsoIn: "Garden"),
                ProductKind("Kids' Balance Bike", 60...180, ["12\"", "14\"", ""], alsoIn: "Sports & Outdoors"),
            ]),
        ProductCategory(
            "Sports & Outdoors", brands: ["Kestrel", "Trailhead", "Aquilo", "Peak & Pine", "Nørd"],
            kinds: [
                ProductKind("Yoga Mat", 18...90, ["4 mm", "6 mm", "Cork"], alsoIn: "Health"),
                ProductKind("Trail Backpack 30 L", 45...220, ["", "Ultralight", "Women's Fit"], alsoIn: "Clothing"),
                ProductKind("2-Person Tent", 80...450, ["", "Ultralight", "4-Season"], alsoIn: "Garden"),
                ProductKind("Dumbbell Pair", 30...120, ["2 × 5 kg", "2 × 10 kg", "Adjustable"], alsoIn: "Health"),
                ProductKind("Insulated Water Bottle", 12...45, ["500 ml", "750 ml", "1 L"], alsoIn: "Home & Kitchen"),
                ProductKind("Bike Light Set", 15...70, ["USB", "400 lm", "1000 lm"], alsoIn: "Electronics"),
            ]),
        ProductCategory(
            "Beauty", brands: ["Lumière Skin", "Rosehip & Rye", "Sōna", "Velvet Fern", "Aurelie"],
            kinds: [
                ProductKind("Vitamin C Face Serum", 15...85, ["30 ml", "50 ml"], alsoIn: "Health"),
                ProductKind("Lip Balm", 3...12, ["", "SPF 15", "Tinted"], alsoIn: "Health"),
                ProductKind("Argan Shampoo", 6...30, ["250 ml", "500 ml"], alsoIn: "Health"),
                ProductKind("Hand Cream", 5...25, ["75 ml", "Travel Trio"], alsoIn: "Health"),
                ProductKind("Nail Care Kit", 10...45, ["", "Travel", "Deluxe"], alsoIn: "Health"),
                ProductKind("Hair Dryer", 25...199, ["", "Ionic", "Travel"], alsoIn: "Electronics"),
            ]),
        ProductCategory(
            "Grocery", brands: ["Terra Verde", "Highland Leaf", "Mielerie", "Bean & Bloom", "Casa Olivo"],
            kinds: [
                ProductKind("Extra Virgin Olive Oil", 8...30, ["500 ml", "1 L", "Tin 3 L"], alsoIn: "Home & Kitchen"),
                ProductKind("Green Tea, 100 Bags", 4...15, ["Sencha", "Jasmine", "Matcha Blend"], alsoIn: "Health"),
                ProductKind("Coffee Beans", 12...45, ["500 g", "1 kg", "Decaf 500 g"], alsoIn: "Home & Kitchen"),
                ProductKind("Manuka Honey", 15...60, ["250 g", "500 g"], alsoIn: "Health"),
                ProductKind(
                    "Protein Bars, Box of 12", 15...35, ["Peanut", "Cocoa", "Salted Caramel"],
                    alsoIn: "Sports & Outdoors"),
                ProductKind("Wild Bird Seed", 5...20, ["2 kg", "5 kg"], alsoIn: "Garden"),
            ]),
        ProductCategory(
            "Garden", brands: ["Greenwick", "Hedgerow", "Fernhill", "Jardinière", "Mossgate"],
            kinds: [
                ProductKind("Kitchen Herb Seed Kit", 10...35, ["", "Organic", "Windowsill"], alsoIn: "Home & Kitchen"),
                ProductKind("Watering Can 5 L", 8...40, ["Galvanised", "Plastic", ""], alsoIn: "Home & Kitchen"),
                ProductKind("Terracotta Planter", 10...80, ["20 cm", "30 cm", "Set of 3"], alsoIn: "Home & Kitchen"),
                ProductKind("Garden Hose 25 m", 20...90, ["", "Expandable", "Reel Set"], alsoIn: "Automotive"),
                ProductKind("Solar Path Lights, 6 Pack", 15...90, ["Warm White", "Colour"], alsoIn: "Electronics"),
                ProductKind("Hammock with Stand", 80...300, ["", "Double"], alsoIn: "Sports & Outdoors"),
            ]),
        ProductCategory(
            "Automotive", brands: ["Roadstar", "Motiva", "Drivewell", "Carrera Line", "Ashford"],
            kinds: [
                ProductKind("Dash Cam", 39...249, ["1080p", "4K", "Front & Rear"], alsoIn: "Electronics"),
                ProductKind("Tyre Inflator", 25...90, ["Cordless", "12 V"], alsoIn: "Sports & Outdoors"),
                ProductKind("Handheld Car Vacuum", 25...120, ["Cordless", "Wet & Dry"], alsoIn: "Home & Kitchen"),
                ProductKind("Jump Starter", 49...199, ["1000 A", "2000 A"], alsoIn: "Electronics"),
                ProductKind("Phone Mount", 10...40, ["Vent", "Dashboard", "MagSafe"], alsoIn: "Electronics"),
                ProductKind("Roof Box 400 L", 199...799, ["", "Matt Black"], alsoIn: "Sports & Outdoors"),
            ]),
        ProductCategory(
            "Health", brands: ["Vitalis", "Clearwell", "Medora", "Santé Plus", "Kinetik"],
            kinds: [
                ProductKind("Vitamin D3, 90 Tablets", 5...20, ["1000 IU", "2000 IU"], alsoIn: "Grocery"),
                ProductKind("Digital Thermometer", 8...35, ["", "Infrared", "Ear"], alsoIn: "Electronics"),
                ProductKind("First Aid Kit", 12...60, ["Travel", "Home", "Hiking"], alsoIn: "Sports & Outdoors"),
                ProductKind("Massage Gun", 49...299, ["Mini", "", "Pro"], alsoIn: "Sports & Outdoors"),
                ProductKind("Weekly Pill Organiser", 4...15, ["", "AM/PM", "Large"], alsoIn: "Home & Kitchen"),
                ProductKind("Blood Pressure Monitor", 29...119, ["Upper Arm", "Wrist"], alsoIn: "Electronics"),
            ]),
        ProductCategory(
            "Office Supplies", brands: ["Quillory", "Deskwise", "Papeterie Noé", "Inkwell & Co.", "Ledger"],
            kinds: [
                ProductKind("A5 Dotted Notebook", 6...25, ["Hardcover", "Softcover", "3-Pack"], alsoIn: "Books"),
                ProductKind("LED Desk Lamp", 25...120, ["", "Clamp", "Wireless Charging"], alsoIn: "Home & Kitchen"),
                ProductKind("Ergonomic Office Chair", 149...699, ["Mesh", "Leather", ""], alsoIn: "Home & Kitchen"),
                ProductKind("Label Maker", 25...90, ["", "Bluetooth"], alsoIn: "Electronics"),
                ProductKind("Wireless Keyboard", 25...149, ["Compact", "Mechanical", ""], alsoIn: "Electronics"),
                ProductKind("Paper Shredder", 40...199, ["Cross-Cut", "Micro-Cut"], alsoIn: "Electronics"),
            ]),
    ]

    /// Cent endings shops use; the whole-unit part comes from the product kind's range.
    static let priceEndings: [Int64] = [99, 99, 99, 49, 95, 0, 50]
}

/// One department of the shop, in `CatalogData.categories`.
struct ProductCategory: Sendable {
    let name: String
    let brands: [String]
    let kinds: [ProductKind]

    init(_ name: String, brands: [String], kinds: [ProductKind]) {
        self.name = name
        self.brands = brands
        self.kinds = kinds
    }
}

/// A kind of product and the range, in whole currency units, that such a product sells for.
struct ProductKind: Sendable {
    let noun: String
    let units: ClosedRange<Int>
    /// A size, colour, edition or model that ends the name; "" for none.
    let variants: [String]
    /// The other category shops file this kind under (where a re-categorisation moves it).
    let alsoIn: String

    init(_ noun: String, _ units: ClosedRange<Int>, _ variants: [String], alsoIn: String) {
        self.noun = noun
        self.units = units
        self.variants = variants
        self.alsoIn = alsoIn
    }
}
