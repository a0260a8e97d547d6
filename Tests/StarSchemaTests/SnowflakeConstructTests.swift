import Foundation
import Testing

@testable import StarSchema

/// Every statement the Snowflake dialect can generate — schema, session set-up, lock, every read,
/// every write kind, offsets, reports — checked against `Tests/Snowflake/rejected-constructs.tsv`:
/// constructs Snowflake rejects, each with the documentation page that says so. The emulator and
/// sqlfluff checks (SnowflakeTests) see the statements of the fixture batches; this sees all kinds.
@Suite struct SnowflakeConstructTests {
    struct Rule {
        var id: String
        var pattern: NSRegularExpression
        var url: String
    }

    static func rules() throws -> [Rule] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Snowflake/rejected-constructs.tsv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, !fields[0].hasPrefix("#") else { return nil }
            let pattern = try NSRegularExpression(
                pattern: fields[1], options: [.caseInsensitive, .dotMatchesLineSeparators])
            return Rule(id: fields[0], pattern: pattern, url: fields[3])
        }
    }

    static func violations(_ sql: String, _ rules: [Rule]) -> [String] {
        rules.filter { $0.pattern.firstMatch(in: sql, range: NSRange(sql.startIndex..., in: sql)) != nil }.map {
            "\($0.id) (\($0.url))"
        }
    }

    static func at(_ day: Int) -> Timestamp {
        Timestamp(date: CalendarDate(year: 2026, month: 5, day: day), hour: 12, minute: 0, second: 0)
    }

    /// A plan with every kind of write in it.
    static func everyWrite() -> BatchPlan {
        let event = OrderEvent(
            orderID: "o1", timestamp: at(2), customerID: "C1", customerName: "Ann", customerRegion: "Asia",
            productID: "P1", productName: "Book", category: "Books", price: Money(cents: 1999), quantity: 2)
        let old = CustomerVersion(
            customerID: "C1", name: "Ann", region: "Europe", validFrom: at(1), validTo: at(2),
            lastEvent: EventKey(timestamp: at(1), orderID: "o0"))
        let new = CustomerVersion(
            customerID: "C1", name: "Ann", region: "Asia", validFrom: at(2), validTo: nil, lastEvent: event.eventKey)
        var plan = BatchPlan()
        plan.facts = [
            BatchPlan.Fact(
                event: event, position: SourcePosition(topic: "orders", partition: 0, offset: 5),
                customerKey: new.surrogateKey)
        ]
        plan.deadLetters = [
            DeadLetter(
                position: SourcePosition(topic: "orders", partition: 0, offset: 6),
                rejection: EventRejection(.invalidJSON, "bad"), payload: Array("{".utf8))
        ]
        plan.customerUpdates = [old]
        plan.customerInserts = [new]
        plan.customerCorrections = [("C1", "Ann B.", nil)]
        plan.rebuiltCustomers = ["C2"]
        plan.repointVersions = [new]
        plan.products = [ProductState(first: event)]
        plan.productOrders = ["P1": [event]]
        plan.newDates = [at(2).date]
        return plan
    }

    static func everyStatement(_ dialect: WarehouseDialect) -> [String] {
        let target = WarehouseTarget(
            dialect: dialect, schema: SQLIdentifier("e_commerce")!, database: SQLIdentifier("analytics"))
        let statements = WarehouseStatements(target: target)
        let schema = SchemaDefinition(target: target)
        var sql = schema.bootstrapStatements + schema.migrations.flatMap(\.statements) + [schema.versionQuery]
        sql.append(schema.recordVersion(schema.migrations[0], appliedAt: at(1)).sql)
        sql += statements.sessionSetup + statements.beginSteps(holder: "h", now: at(1)).map(\.sql)
        sql += [
            statements.existingFacts(["o1"]), statements.currentCustomers(["C1"]),
            statements.customerHistory(["C1"], currentVersionOnly: true),
            statements.customerHistory(["C1"]), statements.lockProducts(["P1"]), statements.productOrderKeys(["P1"]),
            statements.storedOffsets(group: "g", topic: "orders"),
        ].map(\.sql)
        var writer = BatchWriter(statements)
        let plan = everyWrite()
        statements.planWrites(plan, rejectedAt: at(3), definingNewProducts: dialect == .postgresql, into: &writer)
        statements.productWrites(plan.products, stored: [], into: &writer)
        statements.productWrites(plan.products, stored: ["P1"], into: &writer)
        statements.offsetWrites(
            [
                OffsetMove(topic: "orders", partition: 0, expected: 5, next: 7),
                OffsetMove(topic: "orders", partition: 1, expected: nil, next: 1),
            ], group: "g", now: at(3), into: &writer)
        sql += writer.steps.map(\.sql)
        for report in ReportName.allCases {
            for currentRegion in [false, true] {
                sql.append(
                    statements.report(report, options: ReportOptions(asOf: at(3).date, currentRegion: currentRegion))
                        .statement.sql)
            }
        }
        return sql
    }

    @Test func noSnowflakeStatementUsesARejectedConstruct() throws {
        let rules = try Self.rules()
        #expect(rules.count >= 10)
        let statements = Self.everyStatement(.snowflake)
        #expect(statements.count > 40)
        for sql in statements {
            let found = Self.violations(sql, rules)
            #expect(found.isEmpty, "\(found.joined(separator: ", ")):\n\(sql)")
        }
        #expect(statements.contains { $0.hasPrefix("MERGE INTO analytics.e_commerce.dim_product") })
    }

    /// The rules are not vacuous: PostgreSQL's own statements use several of the constructs.
    @Test func theRulesCatchPostgreSQLOnlyConstructs() throws {
        let rules = try Self.rules()
        let found = Set(
            Self.everyStatement(.postgresql).flatMap { Self.violations($0, rules).map { $0.split(separator: " ")[0] } })
        for id in [
            "on-conflict", "row-lock", "unnest", "postgres-array-type", "create-index", "set-constraints",
            "collate-identifier",
        ] {
            #expect(found.contains(Substring(id)), "\(id) did not match any PostgreSQL statement")
        }
    }
}
