import Foundation
import Simulator
import StarSchema
import Testing

@Suite("Invalid messages")
struct InvalidMessageTests {
    private static let messages: [SimulatedMessage] = {
        var configuration = SimulatorConfiguration(seed: 21, count: 20_000)
        configuration.invalidRate = 0.05
        return Generated.messages(configuration)
    }()

    @Test func appearAtTheConfiguredRateInEveryClass() {
        let invalid = Self.messages.filter { $0.invalidReason != nil }
        #expect((850...1_150).contains(invalid.count), "invalid: \(invalid.count)")
        #expect(invalid.allSatisfy { $0.event == nil })
        #expect(Self.messages.filter { $0.invalidReason == nil }.allSatisfy { $0.event != nil })
        let reasons = Set(invalid.compactMap(\.invalidReason))
        #expect(reasons == Set(InvalidMessageClass.allCases.map(\.rawValue)))
    }

    @Test func eachClassIsBrokenInItsOwnWay() throws {
        for message in Self.messages {
            guard let reason = message.invalidReason else { continue }
            let kind = try #require(InvalidMessageClass(rawValue: reason))
            try check(kind, message.payload)
        }
    }

    @Test func everyFieldGoesMissingSometime() throws {
        var missing: Set<String> = []
        for message in Self.messages where message.invalidReason == InvalidMessageClass.missingField.rawValue {
            let keys = Set(try Generated.object(message.payload).keys)
            missing.formUnion(Set(InvalidMessageClass.fields).subtracting(keys))
        }
        #expect(missing == Set(InvalidMessageClass.fields))
    }

    private func check(_ kind: InvalidMessageClass, _ payload: [UInt8]) throws {
        let utf8 = String(validating: payload, as: UTF8.self)
        if kind != .invalidUTF8 { #expect(utf8 != nil, "\(kind)") }
        switch kind {
        case .notJSON:
            #expect(throws: (any Error).self) { try Generated.json(payload) }
        case .emptyPayload:
            #expect(payload.isEmpty)
        case .wrongType:
            #expect(try Generated.object(payload)["price"] is String)
        case .missingField:
            #expect(try Generated.object(payload).count == 9)
        case .negativePrice:
            #expect(((try Generated.object(payload)["price"] as? NSNumber)?.doubleValue ?? 0) < 0)
        case .zeroQuantity:
            #expect((try Generated.object(payload)["quantity"] as? NSNumber)?.intValue == 0)
        case .tooManyDecimals:
            let text = try #require(Generated.rawNumber("price", in: payload))
            #expect(text.split(separator: ".").last?.count == 3)
            #expect(Money(decimalText: text) == nil)
        case .badTimestamp:
            #expect(try Generated.object(payload)["order_timestamp"] as? String == "2026-13-45T99:00:00Z")
        case .invalidUTF8:
            #expect(utf8 == nil)
        case .overlongName:
            #expect((try Generated.object(payload)["customer_name"] as? String)?.count == 300)
        case .jsonArray:
            let array = try #require(try Generated.json(payload) as? [Any])
            #expect(array.count == 1 && array.first is [String: Any])
        }
        if kind != .missingField, kind != .emptyPayload, kind != .invalidUTF8 {
            #expect(String(decoding: payload, as: UTF8.self).contains("\"order_id\":\"ORD-"))
        }
    }

    @Test func expectedRejectionCodesAreDistinctEnoughToAssertOn() {
        let codes = InvalidMessageClass.allCases.map(\.expectedRejection)
        #expect(Set(codes).count == 10)
        #expect(InvalidMessageClass.overlongName.expectedRejection == .fieldTooLong)
    }
}
