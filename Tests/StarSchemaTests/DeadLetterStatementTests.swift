import Foundation
import Testing

@testable import StarSchema

/// The pieces of `starsink dead-letters` that need no warehouse: the statements per dialect (Snowflake's
/// against the constructs it rejects), the stored payload's decoding, and the escaping `show` prints.
@Suite struct DeadLetterStatementTests {
    static func statements(_ dialect: WarehouseDialect) -> [String] {
        let target = WarehouseTarget(
            dialect: dialect, schema: SQLIdentifier("e_commerce")!, database: SQLIdentifier("analytics"))
        let statements = WarehouseStatements(target: target)
        let positions = [
            SourcePosition(topic: "orders", partition: 0, offset: 5),
            SourcePosition(topic: "orders", partition: 2, offset: 9),
        ]
        let filter = DeadLetterFilter(
            codes: ["invalid_json", "warehouse_rejected"], since: SnowflakeConstructTests.at(1),
            topic: "orders", partition: 0, offset: 5)
        var writer = BatchWriter(statements)
        statements.deleteDeadLetters(positions, into: &writer)
        return [
            statements.deadLetters(filter, after: positions[0], limit: 10, payload: true),
            statements.deadLetters(DeadLetterFilter(), after: nil, limit: 10),
            statements.lockDeadLetters(positions),
        ].map(\.sql) + writer.steps.map(\.sql)
    }

    @Test func snowflakeDeadLetterStatementsUseNoRejectedConstruct() throws {
        let rules = try SnowflakeConstructTests.rules()
        for sql in Self.statements(.snowflake) {
            let found = SnowflakeConstructTests.violations(sql, rules)
            #expect(found.isEmpty, "\(found.joined(separator: ", ")):\n\(sql)")
        }
        let postgres = Self.statements(.postgresql)
        #expect(postgres.contains { $0.contains("FOR UPDATE OF r") }, "PostgreSQL locks the rows it replays")
        #expect(!Self.statements(.snowflake).joined().contains("FOR UPDATE"))
    }

    @Test func everyFilterValueIsBoundNotWritten() {
        let target = WarehouseTarget(dialect: .postgresql, schema: SQLIdentifier("e_commerce")!)
        let filter = DeadLetterFilter(codes: ["x'; DROP TABLE t; --"], topic: "o'rders", partition: 3, offset: 4)
        let statement = WarehouseStatements(target: target).deadLetters(filter, after: nil, limit: 5)
        #expect(!statement.sql.contains("DROP") && !statement.sql.contains("o'rders"))
        #expect(statement.parameters.count == 4)
    }

    @Test func storedPayloadsDecodeToTheOriginalBytes() {
        for bytes: [UInt8] in [
            [], [0], [0xC3, 0x28, 0xFF], Array("{\"a\":1}".utf8), Array(0...255), [1, 2], [1, 2, 3, 4],
        ] {
            let letter = DeadLetter(
                position: SourcePosition(topic: "t", partition: 0, offset: 0),
                rejection: EventRejection(.invalidUTF8, "x"),
                payload: bytes)
            let stored = letter.storedPayload
            let read = StoredDeadLetter(
                position: letter.position, rejectedAt: SnowflakeConstructTests.at(1), code: "invalid_utf8",
                detail: "x", payloadEncoding: stored.encoding, storedPayload: stored.text)
            #expect(read.payload == bytes, "\(bytes.prefix(8)) stored as \(stored.encoding)")
        }
        #expect(Base64.decode("not base64!") == nil)
        #expect(Base64.decode("QQ") == [0x41], "padding is optional")
    }

    @Test func showEscapesOnlyWhatIsNotText() {
        #expect(
            StoredDeadLetter.escaped(Array("Jos".utf8) + [0xC3, 0x28, 0xFF] + Array(" Bad é".utf8))
                == #"Jos\xC3(\xFF Bad é"#)
        #expect(StoredDeadLetter.escaped([0x61, 0x00, 0x5C, 0xE2, 0x82]) == #"a\x00\\\xE2\x82"#)
    }

    @Test func aDeadLetterStoredWithoutItsPayloadIsNotReplayed() {
        let omitted = StoredDeadLetter(
            position: SourcePosition(topic: "t", partition: 0, offset: 0), rejectedAt: SnowflakeConstructTests.at(1),
            code: "warehouse_rejected", detail: "refused" + StoredDeadLetter.omittedPayloadNote,
            payloadEncoding: "utf8", storedPayload: "")
        #expect(omitted.payloadWasOmitted)
        var empty = omitted
        empty.code = "empty_message"
        #expect(!empty.payloadWasOmitted, "an empty message is replayed (and stays empty_message)")
    }
}
