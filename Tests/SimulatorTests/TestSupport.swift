import Foundation
import Simulator
import StarSchema
import Testing

/// Helpers shared by the simulator tests: running a simulator and reading payloads back with
/// Foundation's JSON parser, an implementation independent of the encoder under test.
enum Generated {
    static func messages(_ configuration: SimulatorConfiguration, count: Int? = nil) -> [SimulatedMessage] {
        var simulator = OrderSimulator(configuration: configuration)
        return (0..<(count ?? configuration.count)).map { _ in simulator.next() }
    }

    static func json(_ payload: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
    }

    static func object(_ payload: [UInt8]) throws -> [String: Any] {
        try #require(try json(payload) as? [String: Any])
    }

    /// The literal text of a numeric field, as written (JSONSerialization would hide the decimals).
    static func rawNumber(_ field: String, in payload: [UInt8]) -> String? {
        let text = String(decoding: payload, as: UTF8.self)
        guard let start = text.range(of: "\"\(field)\":")?.upperBound else { return nil }
        return String(text[start...].prefix { $0 != "," && $0 != "}" })
    }
}

/// Checks that a parsed payload carries exactly the event's values.
func expectFields(_ object: [String: Any], equal event: OrderEvent, payload: [UInt8]) {
    #expect(object.count == 10)
    #expect(object["order_id"] as? String == event.orderID)
    #expect(object["order_timestamp"] as? String == event.timestamp.iso8601)
    #expect(object["customer_id"] as? String == event.customerID)
    #expect(object["customer_name"] as? String == event.customerName)
    #expect(object["customer_region"] as? String == event.customerRegion)
    #expect(object["product_id"] as? String == event.productID)
    #expect(object["product_name"] as? String == event.productName)
    #expect(object["category"] as? String == event.category)
    #expect((object["quantity"] as? NSNumber)?.int64Value == event.quantity)
    let priceText = Generated.rawNumber("price", in: payload)
    #expect(priceText == event.price.description)
    #expect(priceText.flatMap { Money(decimalText: $0) } == event.price)
    #expect(object["price"] is NSNumber)
}
