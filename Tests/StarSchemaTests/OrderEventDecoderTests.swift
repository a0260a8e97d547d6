import Foundation
import StarSchema
import Testing

/// A typical order payload with members replaced, removed or added, built as JSON text.
private struct OrderPayload {
    static let typical: [(key: String, json: String)] = [
        ("order_id", #""ORD-000001""#),
        ("order_timestamp", #""2026-11-28T10:15:00Z""#),
        ("customer_id", #""CUST-0042""#),
        ("customer_name", #""Ada Lovelace""#),
        ("customer_region", #""Europe""#),
        ("product_id", #""PROD-0007""#),
        ("product_name", #""Mechanical Keyboard""#),
        ("category", #""Electronics""#),
        ("price", "89.99"),
        ("quantity", "2"),
    ]
    static let stringFields = [
        "order_id", "order_timestamp", "customer_id", "customer_name", "customer_region",
        "product_id", "product_name", "category",
    ]
    static let allFields = typical.map(\.key)

    var members = typical

    /// Replaces the member's JSON value, or removes the member when `json` is nil.
    func setting(_ key: String, _ json: String?) -> OrderPayload {
        var copy = self
        copy.members = members.compactMap { member in
            guard member.key == key else { return member }
            return json.map { (key, $0) }
        }
        return copy
    }

    func adding(_ key: String, _ json: String) -> OrderPayload {
        var copy = self
        copy.members.append((key, json))
        return copy
    }

    var text: String { "{" + members.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}" }
    var bytes: [UInt8] { Array(text.utf8) }
    func decoded() -> Result<OrderEvent, EventRejection> { OrderEventDecoder.decode(bytes) }
}

private func decode(_ text: String) -> Result<OrderEvent, EventRejection> { OrderEventDecoder.decode(Array(text.utf8)) }

/// The payload with `field` set to a JSON string of `value` (escaped minimally).
private func withString(_ field: String, _ value: String) -> OrderPayload {
    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return OrderPayload().setting(field, "\"\(escaped)\"")
}

private func expectRejected(
    _ result: Result<OrderEvent, EventRejection>, _ code: RejectionCode, _ words: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .failure(let rejection) = result else {
        Issue.record("expected \(code.rawValue), got an event", sourceLocation: sourceLocation)
        return
    }
    #expect(rejection.code == code, "\(rejection.detail)", sourceLocation: sourceLocation)
    for word in words {
        #expect(
            rejection.detail.contains(word), "detail «\(rejection.detail)» lacks «\(word)»",
            sourceLocation: sourceLocation)
    }
    #expect(rejection.detail.count <= 160, "detail too long: \(rejection.detail.count)", sourceLocation: sourceLocation)
}

private func expectEvent(
    _ result: Result<OrderEvent, EventRejection>, sourceLocation: SourceLocation = #_sourceLocation
) -> OrderEvent? {
    switch result {
    case .success(let event): return event
    case .failure(let rejection):
        Issue.record("rejected: \(rejection.code.rawValue): \(rejection.detail)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite struct OrderEventDecoderTests {
    @Test func typicalOrderDecodesToExactValues() throws {
        let event = try #require(expectEvent(OrderPayload().decoded()))
        #expect(event.orderID == "ORD-000001")
        #expect(
            event.timestamp
                == Timestamp(date: CalendarDate(year: 2026, month: 11, day: 28), hour: 10, minute: 15, second: 0))
        #expect(event.customerID == "CUST-0042")
        #expect(event.customerName == "Ada Lovelace")
        #expect(event.customerRegion == "Europe")
        #expect(event.productID == "PROD-0007")
        #expect(event.productName == "Mechanical Keyboard")
        #expect(event.category == "Electronics")
        #expect(event.price == Money(cents: 8999))
        #expect(event.quantity == 2)
        #expect(event.totalAmount == Money(cents: 17998))
    }

    @Test func emptyMessage() {
        expectRejected(OrderEventDecoder.decode([UInt8]()), .emptyMessage)
    }

    @Test(arguments: [OrderEventDecoder.maximumPayloadBytes + 1, 1 << 20])
    func messageTooLarge(size: Int) {
        var bytes = OrderPayload().bytes
        bytes += Array(repeating: UInt8(ascii: " "), count: size - bytes.count)
        expectRejected(OrderEventDecoder.decode(bytes), .messageTooLarge, "\(size)", "65536")
    }

    @Test func messageOfExactlyTheMaximumSizeIsDecoded() {
        var bytes = OrderPayload().bytes
        bytes += Array(repeating: UInt8(ascii: "\n"), count: OrderEventDecoder.maximumPayloadBytes - bytes.count)
        #expect(expectEvent(OrderEventDecoder.decode(bytes)) != nil)
    }

    @Test(arguments: [
        "{", "}", " ", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\" 1}", "{\"a\":1,,\"b\":2}",
        "{\"a\":1}x", "{}{}", "{\"a\":1} /* comment */", "{\"a\":1", "{\"a\":\"unterminated}",
        "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}",
        "{\"a\":Infinity}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":{\"b\":1,}}",
        "{\"a\":{1:2}}", "{\"a\":[}", "\u{FEFF}{}", "{\"a\":1}\u{0}",
    ])
    func invalidJSON(text: String) {
        expectRejected(decode(text), .invalidJSON, "invalid JSON")
    }

    @Test(arguments: ["[1,]", "{\"x\":1,}", "\"\\q\"", "tru", "01", "1.", "{\"deep\":[[[{\"x\":[1,,2]}]]]}"])
    func invalidJSONInsideIgnoredField(value: String) {
        expectRejected(OrderPayload().adding("extra", value).decoded(), .invalidJSON)
    }

    @Test func nestingDeeperThan64LevelsIsRejected() {
        let shallow = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        #expect(expectEvent(OrderPayload().adding("extra", shallow).decoded()) != nil)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        expectRejected(OrderPayload().adding("extra", String(deep.prefix(60_000))).decoded(), .invalidJSON, "64")
    }

    @Test(arguments: [
        ("[]", "array"), ("\"order\"", "string"), ("42", "number"), ("true", "boolean"),
        ("null", "null"), (" [1, {\"a\": 2}] \n", "array"),
    ])
    func notAnObject(text: String, kind: String) {
        expectRejected(decode(text), .notAnObject, kind)
    }

    @Test(arguments: OrderPayload.allFields)
    func duplicateKnownKeyIsInvalidJSON(field: String) {
        let value = OrderPayload.typical.first { $0.key == field }!.json
        expectRejected(OrderPayload().adding(field, value).decoded(), .invalidJSON, field, "duplicate")
    }

    @Test func duplicateKeySpelledWithEscapesIsDetected() {
        expectRejected(OrderPayload().adding("pr\\u0069ce", "1").decoded(), .invalidJSON, "price", "duplicate")
    }

    @Test func knownKeySpelledWithEscapesIsRecognised() {
        let payload = OrderPayload().setting("price", nil).adding("\\u0070rice", "5")
        #expect(expectEvent(payload.decoded())?.price == Money(cents: 500))
    }

    @Test func unknownFieldsAreIgnoredEvenWhenRepeatedOrNested() {
        let payload = OrderPayload()
            .adding("note", "\"x\"").adding("note", "\"y\"")
            .adding("meta", #"{"a": [1, 2.5e-3, {"b": null, "c": [true, false]}], "d": {}, "e": []}"#)
            .adding("Price", "\"case differs, so unknown\"").adding("", "0")
        #expect(expectEvent(payload.decoded()) == expectEvent(OrderPayload().decoded()))
    }

    @Test func whitespaceAroundTokensIsAccepted() {
        let text =
            " \t\r\n{ \"order_id\" :\n\"A\" , \"order_timestamp\":\"2026-01-01T00:00:00Z\",\"customer_id\":\"c\","
            + "\"customer_name\":\"n\",\"customer_region\":\"r\",\"product_id\":\"p\",\"product_name\":\"n\","
            + "\"category\":\"c\",\"price\" : 1 ,\"quantity\":\t1 } \n"
        #expect(expectEvent(decode(text))?.orderID == "A")
    }

    @Test(arguments: OrderPayload.allFields)
    func missingField(field: String) {
        expectRejected(OrderPayload().setting(field, nil).decoded(), .missingField, field, "missing")
    }

    @Test(arguments: OrderPayload.allFields)
    func nullFieldIsMissing(field: String) {
        expectRejected(OrderPayload().setting(field, "null").decoded(), .missingField, field, "null")
    }

    @Test(arguments: OrderPayload.stringFields, ["42", "true", "{}", "[\"a\"]", "1.5"])
    func stringFieldWithWrongType(field: String, json: String) {
        expectRejected(OrderPayload().setting(field, json).decoded(), .wrongType, field, "expected a string")
    }

    @Test(arguments: ["price", "quantity"], ["\"12\"", "false", "{\"v\":1}", "[1]"])
    func numberFieldWithWrongType(field: String, json: String) {
        expectRejected(OrderPayload().setting(field, json).decoded(), .wrongType, field, "expected a number")
    }

    @Test(arguments: OrderPayload.stringFields)
    func emptyStringField(field: String) {
        expectRejected(OrderPayload().setting(field, "\"\"").decoded(), .emptyField, field, "empty")
    }

    @Test func stringsAreKeptExactlyAfterUnescaping() throws {
        let payload = OrderPayload()
            .setting("customer_name", #""  Zo\u00eb \"Z\" O'Neil\\ \/ \b\f\n\r\t ""#)
            .setting("product_name", #""Caf\u00E9 \ud83d\ude00 😀 東京""#)
        let event = try #require(expectEvent(payload.decoded()))
        #expect(event.customerName == "  Zoë \"Z\" O'Neil\\ / \u{8}\u{C}\n\r\t ")
        #expect(event.productName == "Café 😀 😀 東京")
    }

    /// Plain runs of string bytes are skipped eight at a time; a quote, escape, control
    /// character or multi-byte scalar must be found at every alignment.
    @Test(arguments: 0..<17)
    func specialCharactersAreFoundAtEveryAlignment(padding: Int) {
        let pad = String(repeating: "x", count: padding)
        let escaped = OrderPayload().setting("customer_name", "\"\(pad)\\\"é\\\\\(pad)\"")
        #expect(expectEvent(escaped.decoded())?.customerName == "\(pad)\"é\\\(pad)")
        let unescaped = OrderPayload().setting("customer_name", "\"\(pad)東\"")
        #expect(expectEvent(unescaped.decoded())?.customerName == "\(pad)東")
        for control in ["\u{0}", "\u{1F}", "\n"] {
            let raw = OrderPayload().setting("customer_name", "\"\(pad)\(control)\(pad)\"")
            expectRejected(raw.decoded(), .invalidJSON, "control character")
        }
    }

    @Test(arguments: [
        ("order_id", "A", 64), ("customer_id", "A", 256), ("customer_name", "é", 256), ("customer_region", "東", 256),
        ("product_id", "😀", 256), ("product_name", "e\u{301}", 128), ("category", "\\u00e9", 256),
    ])
    func lengthLimitsCountUnicodeScalars(field: String, unit: String, limit: Int) {
        // "e\u{301}" is two scalars (one character): 128 of them are exactly 256 scalars.
        let atLimit = OrderPayload().setting(field, "\"" + String(repeating: unit, count: limit) + "\"")
        #expect(expectEvent(atLimit.decoded()) != nil)
        let tooLong = OrderPayload().setting(field, "\"" + String(repeating: unit, count: limit + 1) + "\"")
        let scalars = (unit.hasPrefix("\\u") ? 1 : unit.unicodeScalars.count) * (limit + 1)
        expectRejected(tooLong.decoded(), .fieldTooLong, field, "\(scalars) characters", "Unicode scalars")
    }
}

/// price, quantity and order_timestamp rules, judged on exact decimal and calendar values.
@Suite struct OrderEventValueRuleTests {
    @Test(
        arguments: [
            ("0", 0), ("0.0", 0), ("-0", 0), ("-0.00", 0), ("0.01", 1), ("89.99", 8999), ("99999999.99", 9_999_999_999),
            ("12.500", 1250), ("12.5000000000", 1250), ("1.25e1", 1250), ("1234e-2", 1234), ("0.001e3", 100),
            ("1E+2", 10_000), ("1e7", 1_000_000_000), ("123.45e0", 12345), ("0e999999999999999999999", 0),
        ] as [(String, Int64)])
    func acceptedPrice(text: String, cents: Int64) {
        #expect(expectEvent(OrderPayload().setting("price", text).decoded())?.price == Money(cents: cents))
    }

    @Test(arguments: [
        "-0.01", "-1", "-99999999999", "100000000", "100000000.00", "1e8",
        "1e300", "1e999999999999999999999", "123456789123456789123456789",
    ])
    func priceOutOfRange(text: String) {
        expectRejected(OrderPayload().setting("price", text).decoded(), .outOfRange, "price")
    }

    @Test(arguments: [
        "12.345", "0.001", "1e-3", "12.3450", "0.0000000001", "1e-999999999999999999", "5.5e-2", "99999999.995",
    ])
    func priceWithTooManyDecimals(text: String) {
        expectRejected(
            OrderPayload().setting("price", text).decoded(), .tooManyDecimals, "price: \(text.prefix(40))",
            "more than 2 decimals")
    }

    @Test func priceDetailNeverEchoesLongInput() {
        let text = "1." + String(repeating: "1", count: 5000)
        expectRejected(OrderPayload().setting("price", text).decoded(), .tooManyDecimals, "…")
    }

    @Test(
        arguments: [
            ("1", 1), ("1000000", 1_000_000), ("3.0", 3), ("3e0", 3), ("1e6", 1_000_000), ("1E+2", 100),
            ("0.5e1", 5), ("999999.0000", 999_999),
        ] as [(String, Int64)])
    func acceptedQuantity(text: String, quantity: Int64) {
        #expect(expectEvent(OrderPayload().setting("quantity", text).decoded())?.quantity == quantity)
    }

    @Test(arguments: ["1.5", "2.01", "1e-1", "0.5", "-0.5", "1000000.5", "1e-999999999999"])
    func quantityNotAnInteger(text: String) {
        expectRejected(OrderPayload().setting("quantity", text).decoded(), .notAnInteger, "quantity", "whole number")
    }

    @Test(arguments: ["0", "-0", "-1", "1000001", "1e7", "1e400", "99999999999999999999999999"])
    func quantityOutOfRange(text: String) {
        expectRejected(OrderPayload().setting("quantity", text).decoded(), .outOfRange, "quantity", "1…1000000")
    }

    @Test(arguments: [
        ("2026-11-28T10:15:00Z", "2026-11-28T10:15:00Z"),
        ("2026-11-28T10:15:00", "2026-11-28T10:15:00Z"),
        ("2026-11-28 10:15:00", "2026-11-28T10:15:00Z"),
        ("2026-11-28t10:15:00z", "2026-11-28T10:15:00Z"),
        ("2026-11-28T15:45:00+05:30", "2026-11-28T10:15:00Z"),
        ("2026-11-28T15:45:00+0530", "2026-11-28T10:15:00Z"),
        ("2026-11-28T05:15:00-05:00", "2026-11-28T10:15:00Z"),
        ("2026-11-28T10:15:00-00:00", "2026-11-28T10:15:00Z"),
        ("2026-11-28T02:00:00+05:30", "2026-11-27T20:30:00Z"),
        ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z"),
        ("2024-03-01T01:00:00+02:00", "2024-02-29T23:00:00Z"),
        ("2026-11-28T10:15:00.5Z", "2026-11-28T10:15:00.500000Z"),
        ("2026-11-28T10:15:00.000001Z", "2026-11-28T10:15:00.000001Z"),
        ("2026-11-28T10:15:00.1234567Z", "2026-11-28T10:15:00.123456Z"),
        ("2026-11-28T23:59:59.999999999Z", "2026-11-28T23:59:59.999999Z"),
        ("2026-11-28T15:45:00.25+05:30", "2026-11-28T10:15:00.250000Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z"),
    ])
    func timestampNormalisedToUTC(text: String, utc: String) {
        #expect(expectEvent(withString("order_timestamp", text).decoded())?.timestamp.iso8601 == utc)
    }

    @Test func timestampMayBeSpelledWithEscapes() {
        let payload = OrderPayload().setting("order_timestamp", #""2026-11-28\u005410:15:00Z""#)
        #expect(expectEvent(payload.decoded())?.timestamp.iso8601 == "2026-11-28T10:15:00Z")
    }

    @Test(arguments: [
        ("2026-11-28", "not ISO-8601"), ("2026-11-28T10:15", "not ISO-8601"), ("2026-11-28T10:15:00.", "not ISO-8601"),
        ("2026-11-28T10:15:00.1234567890Z", "9 fraction digits"), ("2026-13-01T00:00:00Z", "calendar date"),
        ("2026-00-10T00:00:00Z", "calendar date"), ("2026-02-29T00:00:00Z", "calendar date"),
        ("1900-02-29T00:00:00Z", "calendar date"), ("2026-04-31T00:00:00Z", "calendar date"),
        ("2026-11-00T00:00:00Z", "calendar date"), ("0000-01-01T00:00:00Z", "calendar date"),
        ("2026-11-28T24:00:00Z", "hour 24"), ("2026-11-28T23:60:00Z", "minute 60"),
        ("2026-11-28T23:59:60Z", "leap seconds"), ("2026-11-28T10:15:00+24:00", "not ISO-8601"),
        ("2026-11-28T10:15:00+05:60", "not ISO-8601"), ("2026-11-28T10:15:00+5:30", "not ISO-8601"),
        ("2026-11-28T10:15:00+05", "not ISO-8601"), ("2026-11-28T10:15:00 Z", "not ISO-8601"),
        (" 2026-11-28T10:15:00Z", "not ISO-8601"), ("2026-11-28T10:15:00Z ", "not ISO-8601"),
        ("2026-11-28T10:15:00Zjunk", "not ISO-8601"), ("26-11-28T10:15:00Z", "not ISO-8601"),
        ("2026/11/28T10:15:00Z", "not ISO-8601"), ("2026-11-28X10:15:00Z", "not ISO-8601"),
        ("２０２６-11-28T10:15:00Z", "not ISO-8601"), ("1764324900", "not ISO-8601"),
        ("0001-01-01T00:00:00+01:00", "0001–9999"), ("9999-12-31T23:59:59-01:00", "0001–9999"),
    ])
    func invalidTimestamp(text: String, problem: String) {
        expectRejected(withString("order_timestamp", text).decoded(), .invalidTimestamp, "order_timestamp", problem)
    }

    @Test func timestampDetailQuotesAtMost40Characters() {
        let text = String(repeating: "2", count: 5000)
        expectRejected(
            withString("order_timestamp", text).decoded(), .invalidTimestamp,
            "\"" + String(repeating: "2", count: 40) + "…\"")
    }
}

/// Byte-level robustness: invalid UTF-8, fixtures, truncations and corruptions.
@Suite struct OrderEventDecoderRobustnessTests {
    /// The typical payload with `bytes` spliced into customer_name.
    static func nameContaining(_ bytes: [UInt8]) -> [UInt8] {
        let text = OrderPayload().setting("customer_name", "\"Ada@\"").text
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return Array(parts[0].utf8) + bytes + Array(parts[1].utf8)
    }

    @Test(
        arguments: [
            [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],  // overlong
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // UTF-16 surrogates encoded as UTF-8
            [0xFF], [0xFE], [0xF5, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],  // never valid, beyond U+10FFFF
            [0x80], [0xBF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3],  // stray continuation, truncated
        ] as [[UInt8]])
    func invalidUTF8Bytes(bytes: [UInt8]) {
        expectRejected(OrderEventDecoder.decode(Self.nameContaining(bytes)), .invalidUTF8, "byte")
    }

    @Test func invalidUTF8AtTheVeryEndOrOutsideStrings() {
        expectRejected(OrderEventDecoder.decode(OrderPayload().bytes + [0xE2, 0x82]), .invalidUTF8)
        expectRejected(OrderEventDecoder.decode([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]), .invalidUTF8, "byte 0: FF FE")
    }

    @Test(
        arguments: [
            [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ] as [[UInt8]])
    func boundaryUTF8SequencesAreValid(bytes: [UInt8]) {
        let event = expectEvent(OrderEventDecoder.decode(Self.nameContaining(bytes)))
        #expect(event.map { Array($0.customerName.utf8) } == Array("Ada".utf8) + bytes)
    }

    @Test(arguments: [#"\uD800"#, #"\udc00"#, #"\uD800\u0041"#, #"\uD800x"#, #"\uDBFF\uD800"#, #"\ude00\ud83d"#])
    func loneSurrogateEscapeIsInvalidUTF8(escape: String) {
        expectRejected(
            OrderPayload().setting("customer_name", "\"a\(escape)b\"").decoded(), .invalidUTF8, "lone surrogate")
        expectRejected(OrderPayload().adding("ignored", "[\"\(escape)\"]").decoded(), .invalidUTF8, "lone surrogate")
    }

    @Test(arguments: try fixtureFiles("valid"))
    func validFixtureDecodes(file: URL) throws {
        #expect(
            expectEvent(OrderEventDecoder.decode(Array(try Data(contentsOf: file)))) != nil, "\(file.lastPathComponent)"
        )
    }

    @Test func offsetFixtureIsNormalisedAndUnescaped() throws {
        let url = Self.fixtures.appending(path: "valid/offset-fraction-unknown-fields.json")
        let event = try #require(expectEvent(OrderEventDecoder.decode(Array(try Data(contentsOf: url)))))
        #expect(event.timestamp.iso8601 == "2026-11-28T10:15:00.123456Z")
        #expect(event.customerName == "Zoë \"Z\" O'Neil")
        #expect(event.productName == "Café Crème 😀")
        #expect(event.price == Money(cents: 1250))
    }

    @Test(arguments: try fixtureFiles("invalid"))
    func invalidFixtureIsRejectedWithTheCodeInItsName(file: URL) throws {
        let code = try #require(
            file.lastPathComponent.components(separatedBy: "--").first.flatMap(RejectionCode.init(rawValue:)))
        expectRejected(OrderEventDecoder.decode(Array(try Data(contentsOf: file))), code)
    }

    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../Fixtures/events")
        .standardized

    static func fixtureFiles(_ kind: String) throws -> [URL] {
        let directory = fixtures.appending(path: kind)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    @Test func fixtureDirectoriesAreNotEmpty() throws {
        #expect(try Self.fixtureFiles("valid").count >= 3)
        #expect(try Self.fixtureFiles("invalid").count >= 8)
    }

    @Test func everyProperPrefixIsRejected() {
        let bytes = Array(OrderPayload().setting("customer_name", #""Zo\u00eb 😀 \ud83d\ude00""#).text.utf8)
        for length in 0..<bytes.count {
            let result = OrderEventDecoder.decode(Array(bytes[..<length]))
            guard case .failure(let rejection) = result else {
                Issue.record("prefix of \(length) bytes decoded")
                continue
            }
            #expect(
                [.emptyMessage, .invalidJSON, .invalidUTF8].contains(rejection.code), "\(length): \(rejection.detail)")
        }
    }

    @Test func randomCorruptionsNeverTrap() throws {
        var random = SplitMix64(seed: 0x5EED)
        let original = Array(
            try Data(contentsOf: Self.fixtures.appending(path: "valid/offset-fraction-unknown-fields.json")))
        var decodedCount = 0
        for _ in 0..<20_000 {
            var bytes = original
            for _ in 0...random.next(below: 4) {
                let position = random.next(below: bytes.count)
                switch random.next(below: 3) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] ^= 1 << UInt8(random.next(below: 8))
                default: bytes.remove(at: position)
                }
            }
            if case .success(let event) = OrderEventDecoder.decode(bytes) {
                decodedCount += 1
                #expect(!event.orderID.isEmpty && (1...1_000_000).contains(event.quantity) && event.price.cents >= 0)
            }
        }
        // Some flips land in ignored fields or string contents and still decode; most must not.
        #expect(decodedCount > 0 && decodedCount < 20_000)
    }

    @Test func throughputOfTypicalOrders() {
        let payload = OrderPayload().bytes
        let iterations = 100_000
        var checksum: Int64 = 0
        let elapsed = ContinuousClock().measure {
            for _ in 0..<iterations {
                if case .success(let event) = OrderEventDecoder.decode(payload) { checksum &+= event.quantity }
            }
        }
        #expect(checksum == Int64(iterations) * 2)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "OrderEventDecoder: \(Int(Double(iterations) / seconds)) events/s (\(payload.count)-byte payload, one core)"
        )
    }
}

/// A small deterministic generator, so a failing corruption can be reproduced.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
