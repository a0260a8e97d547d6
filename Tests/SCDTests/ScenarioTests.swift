import StarSchema
import Testing
import TestSupport

@testable import Daemon

/// Hand-written histories on both dialects: each batch is loaded by a real worker, then the tables
/// are checked against explicit expectations and against the reference model.
@Suite(.timeLimit(.minutes(3)))
struct ScenarioTests {
    static let dialects: [WarehouseDialect] = [.sqlite, .postgresql]

    static func at(_ day: Int, second: Int = 0) -> Timestamp {
        Timestamp(date: CalendarDate(year: 2026, month: 5, day: day), hour: 12, minute: 0, second: second)
    }

    static func order(
        _ id: String, day: Int, second: Int = 0, customer: String = "C1", region: String = "Europe",
        name: String = "Ann", product: String = "P1", category: String = "Books"
    ) -> OrderEvent {
        OrderEvent(
            orderID: id, timestamp: at(day, second: second), customerID: customer, customerName: name,
            customerRegion: region,
            productID: product, productName: "Product \(product)", category: category, price: Money(cents: 1999),
            quantity: 1)
    }

    /// Loads each batch in turn through one worker (one partition, consecutive offsets) and returns
    /// the warehouse after checking it against the reference model of everything loaded.
    static func load(_ dialect: WarehouseDialect, _ name: String, _ batches: [[OrderEvent]]) throws -> SCDWarehouse {
        let warehouse = try SCDWarehouse(dialect, schema: "scd_\(name)")
        let worker = warehouse.makeWorker(0)
        var offset: Int64 = 0
        for batch in batches {
            worker.deliver(
                batch.map { event in
                    defer { offset += 1 }
                    return LoadRecord(
                        position: SourcePosition(topic: "orders", partition: 0, offset: offset),
                        payload: Array("{}".utf8), outcome: .success(event))
                })
        }
        let problems = try warehouse.differences(from: ReferenceModel(batches.flatMap { $0 }))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        return warehouse
    }

    func versions(_ warehouse: SCDWarehouse, _ customer: String = "C1") throws -> [String] {
        try warehouse.customers().filter { $0.customerID == customer }.map {
            "\($0.region) \($0.validFrom.date.day)-\($0.validTo.map { "\($0.date.day)" } ?? "")"
        }
    }

    @Test(arguments: dialects) func aMoveAndAMoveBack(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let warehouse = try Self.load(
                dialect, "move",
                [
                    [Self.order("o1", day: 1), Self.order("o2", day: 3)],
                    [Self.order("o3", day: 5, region: "Asia")],
                    [Self.order("o4", day: 9, name: "Ann B.")],
                ])
            #expect(try versions(warehouse) == ["Europe 1-5", "Asia 5-9", "Europe 9-"])
            #expect(try warehouse.customers().allSatisfy { $0.name == "Ann B." }, "Type 1 name on every version")
            let keys = try warehouse.factKeys()
            #expect(
                keys["o1"] == keys["o2"] && keys["o1"] != keys["o4"], "a move back opens a new version, not the old one"
            )
        }
    }

    @Test(arguments: dialects) func aLateOrderInsideAnOldVersionSplitsIt(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let warehouse = try Self.load(
                dialect, "late_inside",
                [
                    [Self.order("o1", day: 1), Self.order("o2", day: 3), Self.order("o3", day: 9)],
                    [Self.order("o4", day: 5, region: "Asia")],
                ])
            #expect(try versions(warehouse) == ["Europe 1-5", "Asia 5-9", "Europe 9-"])
            let keys = try warehouse.factKeys()
            #expect(
                keys["o3"] == SurrogateKey.customer("C1", validFrom: Self.at(9)),
                "the fact after the split is re-pointed")
            #expect(keys["o1"] == SurrogateKey.customer("C1", validFrom: Self.at(1)))
        }
    }

    @Test(arguments: dialects) func aLateOrderBeforeTheFirstVersion(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let warehouse = try Self.load(
                dialect, "late_before",
                [
                    [Self.order("o1", day: 5), Self.order("o2", day: 7)],
                    [Self.order("o3", day: 2)],
                    [Self.order("o4", day: 1, region: "Asia")],
                ])
            #expect(try versions(warehouse) == ["Asia 1-2", "Europe 2-"])
            #expect(
                try warehouse.factKeys()["o1"] == SurrogateKey.customer("C1", validFrom: Self.at(2)),
                "VALID_FROM moved back and the key with it")
        }
    }

    @Test(arguments: dialects) func equalTimestampsTheGreatestOrderIDDecides(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let warehouse = try Self.load(
                dialect, "ties",
                [
                    [Self.order("o1", day: 1)],
                    [Self.order("o3", day: 4, region: "Asia")],
                    [Self.order("o2", day: 4, region: "Americas")],
                    [Self.order("o5", day: 6, region: "Asia"), Self.order("o6", day: 6, region: "Europe")],
                ])
            #expect(try versions(warehouse) == ["Europe 1-4", "Asia 4-6", "Europe 6-"])
            let keys = try warehouse.factKeys()
            #expect(keys["o2"] == keys["o3"], "both orders of day 4 belong to the version o3 decides")
            #expect(keys["o5"] == keys["o6"])
        }
    }

    @Test(arguments: dialects) func aRecategorisedProductWithLateOrders(dialect: WarehouseDialect) throws {
        func product(_ warehouse: SCDWarehouse) throws -> String {
            let row = try #require(try warehouse.products().first)
            return
                "\(row.category) prev=\(row.previousCategory ?? "-") at=\(row.categoryChangedAt.map { "\($0.date.day)" } ?? "-")"
        }
        let base = [
            [Self.order("o1", day: 1), Self.order("o2", day: 2)], [Self.order("o5", day: 5, category: "Toys")],
        ]
        #expect(try product(Self.load(dialect, "cat_plain", base)) == "Toys prev=Books at=5")
        #expect(
            try product(Self.load(dialect, "cat_gap", base + [[Self.order("o3", day: 3, category: "Games")]]))
                == "Toys prev=Games at=5")
        #expect(
            try product(Self.load(dialect, "cat_earlier", base + [[Self.order("o4", day: 4, category: "Toys")]]))
                == "Toys prev=Books at=4")
        #expect(
            try product(Self.load(dialect, "cat_old", base + [[Self.order("o0", day: 0, category: "Games")]]))
                == "Toys prev=Books at=5")
        // A late order inside the final run splits it: the order after it starts the run again.
        let split =
            base + [
                [Self.order("o7", day: 7, category: "Toys"), Self.order("o8", day: 8, category: "Toys")],
                [Self.order("o6", day: 6, category: "Games")],
            ]
        #expect(try product(Self.load(dialect, "cat_split", split)) == "Toys prev=Games at=7")
    }
}
