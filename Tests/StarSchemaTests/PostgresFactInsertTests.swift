import Testing
@testable import StarSchema

/// PostgreSQL's fact insert writes its array literals straight from the facts; it must render
/// exactly what the generic `RowSet` path renders for the same rows.
@Suite struct PostgresFactInsertTests {
    let statements = WarehouseStatements(
        target: WarehouseTarget(dialect: .postgresql, schema: SQLIdentifier("e_commerce")!))

    func fact(_ id: String, micro: Int, cents: Int64, quantity: Int64, name: String) -> BatchPlan.Fact {
        let timestamp = Timestamp(
            date: CalendarDate(year: 2026, month: 2, day: 28), hour: 23, minute: 59, second: 7, microsecond: micro)
        let event = OrderEvent(
            orderID: id, timestamp: timestamp, customerID: "C\"1\\", customerName: name,
            customerRegion: "Région, \"Nord\"",
            productID: "P{1}", productName: "x", category: "y", price: Money(cents: cents), quantity: quantity)
        return BatchPlan.Fact(
            event: event, position: SourcePosition(topic: "orders", partition: 7, offset: 1 << 40), customerKey: -42)
    }

    @Test func rendersWhatTheRowSetPathRenders() {
        let facts = [
            fact("ORD-1", micro: 0, cents: -5, quantity: 3, name: "Ann"),
            fact("NULL", micro: 250_000, cents: 123_456_789, quantity: 1, name: "😀"),
            fact("a,b", micro: 1, cents: 0, quantity: 1000, name: ""),
        ]
        let generic = WarehouseDialect.postgresql.bulk(statements.insertFactsTemplate, rows: statements.factRows(facts))
        let direct = statements.postgresFactInsert(facts)
        #expect(generic == [direct])
        #expect(
            direct.parameters[1]
                == .text(#"{"2026-02-28 23:59:07","2026-02-28 23:59:07.250000","2026-02-28 23:59:07.000001"}"#))
        #expect(direct.parameters[6] == .text(#"{"-0.05","1234567.89","0.00"}"#))
        #expect(direct.parameters[8] == .text(#"{"-0.15","1234567.89","0.00"}"#))
    }

    @Test func writerCarriesOneStatementForTheFacts() {
        var writer = BatchWriter(statements)
        statements.insertFacts([fact("ORD-1", micro: 0, cents: 100, quantity: 1, name: "Ann")], into: &writer)
        statements.insertFacts([], into: &writer)
        #expect(writer.steps.count == 1)
    }
}
