/// The ten fields of an order event, by their JSON key, in the order the decoder checks them.
enum OrderField: Int, CaseIterable {
    case orderID, orderTimestamp
    case customerID, customerName, customerRegion
    case productID, productName, category
    case price, quantity

    /// The JSON key, as producers spell it and as rejection details name it.
    var name: StaticString {
        switch self {
        case .orderID: "order_id"
        case .orderTimestamp: "order_timestamp"
        case .customerID: "customer_id"
        case .customerName: "customer_name"
        case .customerRegion: "customer_region"
        case .productID: "product_id"
        case .productName: "product_name"
        case .category: "category"
        case .price: "price"
        case .quantity: "quantity"
        }
    }

    /// The longest accepted string, in Unicode scalars (not bytes, not grapheme clusters:
    /// scalars are what every warehouse's VARCHAR length counts or exceeds).
    var maximumLength: Int { self == .orderID ? 64 : 256 }

    /// The field whose key is exactly these (unescaped) UTF-8 bytes, or nil for unknown keys.
    static func named(_ key: UnsafeRawBufferPointer) -> OrderField? {
        // Dispatch on length first: most keys are rejected or matched after one comparison.
        switch key.count {
        case 5: return match(key, .price)
        case 8: return match(key, .orderID) ?? match(key, .category) ?? match(key, .quantity)
        case 10: return match(key, .productID)
        case 11: return match(key, .customerID)
        case 12: return match(key, .productName)
        case 13: return match(key, .customerName)
        case 15: return match(key, .orderTimestamp) ?? match(key, .customerRegion)
        default: return nil
        }
    }

    private static func match(_ key: UnsafeRawBufferPointer, _ field: OrderField) -> OrderField? {
        let name = field.name
        guard name.utf8CodeUnitCount == key.count else { return nil }
        let nameBytes = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for index in 0..<key.count where nameBytes[index] != key[index] {
            return nil
        }
        return field
    }
}
