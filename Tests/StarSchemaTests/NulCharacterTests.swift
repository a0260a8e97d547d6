import Testing
@testable import StarSchema

@Suite struct NulCharacterTests {
    @Test func anEscapedNulInAStringIsRefusedBeforeTheWarehouse() {
        let payload =
            #"{"order_id":"o1","order_timestamp":"2026-11-28T10:15:00Z","customer_id":"c","customer_name":"A\u0000B","customer_region":"r","product_id":"p","product_name":"n","category":"k","price":1.00,"quantity":1}"#
        guard case .failure(let rejection) = OrderEventDecoder.decode(Array(payload.utf8)) else {
            Issue.record("a NUL inside customer_name must be rejected")
            return
        }
        #expect(rejection.code == .forbiddenCharacter)
        #expect(rejection.detail.contains("customer_name"))
    }
}
