import Foundation
import Simulator
import StarSchema
import Testing

@Suite("OrderJSON")
struct OrderJSONTests {
    private func event(name: String = "Zoë O'Brien", price: Int64 = 1_250, micro: Int = 0) -> OrderEvent {
        OrderEvent(
            orderID: "ORD-1",
            timestamp: Timestamp(
                date: CalendarDate(year: 2026, month: 11, day: 28), hour: 10, minute: 15, second: 0,
                microsecond: micro),
            customerID: "CUST-000001", customerName: name, customerRegion: "Europe",
            productID: "PROD-00001", productName: "Cast Iron Skillet 12\"", category: "Home & Kitchen",
            price: Money(cents: price), quantity: 3)
    }

    @Test func encodesFieldsInWireOrderCompactly() {
        let text = String(decoding: OrderJSON.encode(event()), as: UTF8.self)
        #expect(
            text
                == #"{"order_id":"ORD-1","order_timestamp":"2026-11-28T10:15:00Z","customer_id":"CUST-000001","customer_name":"Zoë O'Brien","customer_region":"Europe","product_id":"PROD-00001","product_name":"Cast Iron Skillet 12\"","category":"Home & Kitchen","price":12.50,"quantity":3}"#
        )
    }

    @Test(arguments: [(0, "0.00"), (5, "0.05"), (199, "1.99"), (1_000, "10.00"), (199_999, "1999.99"), (-310, "-3.10")])
    func pricesHaveExactlyTwoDecimals(cents: Int64, text: String) {
        #expect(Generated.rawNumber("price", in: OrderJSON.encode(event(price: cents))) == text)
    }

    @Test func fractionalSecondsAreWrittenAsMicroseconds() throws {
        let object = try Generated.object(OrderJSON.encode(event(micro: 250_000)))
        #expect(object["order_timestamp"] as? String == "2026-11-28T10:15:00.250000Z")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        let name = "A \"quoted\" back\\slash\nnew\tline\r\u{08}\u{0C}\u{01}\u{1F} José 山田 🎉"
        let payload = OrderJSON.encode(event(name: name))
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.contains(#""customer_name":"A \"quoted\" back\\slash\nnew\tline\r\b\f\u0001\u001f José 山田 🎉""#))
        #expect(!payload.contains { $0 < 0x20 })
        let object = try Generated.object(payload)
        #expect(object["customer_name"] as? String == name)
    }

    @Test func everySimulatedPayloadParsesToItsEvent() throws {
        var configuration = SimulatorConfiguration(seed: 5, count: 3_000)
        configuration.lateRate = 0.05
        configuration.regionMoveRate = 0.05
        configuration.recategoriseRate = 0.05
        for message in Generated.messages(configuration) {
            let event = try #require(message.event)
            expectFields(try Generated.object(message.payload), equal: event, payload: message.payload)
            #expect(message.key == Array(event.customerID.utf8))
            #expect(message.invalidReason == nil)
        }
    }
}
