import Testing
@testable import StarSchema

@Suite struct BatchPlanTests {
    let topic = "orders"
    func record(_ offset: Int64, _ event: OrderEvent, partition: Int32 = 0) -> LoadRecord {
        LoadRecord(
            position: SourcePosition(topic: topic, partition: partition, offset: offset), payload: Array("{}".utf8),
            outcome: .success(event))
    }

    static let t1 = CustomerHistoryTests.at(1)
    static let t2 = CustomerHistoryTests.at(2)
    static let t3 = CustomerHistoryTests.at(3)

    @Test func duplicatesInOneBatch() {
        let a = OrderEvent.sample(id: "o1", at: Self.t1)
        var b = a
        b.quantity = 7
        let prepared = PreparedBatch(records: [record(0, a), record(1, a), record(2, b)])
        #expect(prepared.events.count == 1)
        #expect(prepared.duplicatesInBatch == 1)
        #expect(prepared.deadLetters.count == 1)
        #expect(prepared.deadLetters[0].rejection.code == .duplicateConflict)
        #expect(prepared.deadLetters[0].rejection.detail.contains("orders/0@0"))
        #expect(prepared.deadLetters[0].rejection.detail.contains("orders/0@2"))
    }

    @Test func existingFactsAreNoOpsOrConflicts() throws {
        let a = OrderEvent.sample(id: "o1", at: Self.t1)
        let b = OrderEvent.sample(id: "o2", at: Self.t2)
        let existing = [
            "o1": ExistingFact(
                orderID: "o1", timestamp: Self.t1, customerID: "C", productID: "P1", price: Money(cents: 1250),
                quantity: 2,
                region: "Europe", position: SourcePosition(topic: topic, partition: 3, offset: 9)),
            "o2": ExistingFact(
                orderID: "o2", timestamp: Self.t2, customerID: "C", productID: "P1", price: Money(cents: 999),
                quantity: 2,
                region: "Europe", position: SourcePosition(topic: topic, partition: 3, offset: 10)),
        ]
        let plan = PreparedBatch(records: [record(0, a), record(1, b)])
            .plan(existingFacts: existing, currentCustomers: [:], knownDates: [], loadHistory: { _ in [:] })
        #expect(plan.facts.isEmpty)
        #expect(plan.duplicates == 1)
        #expect(plan.deadLetters.map(\.rejection.code) == [.duplicateConflict])
        #expect(plan.deadLetters[0].rejection.detail.contains("orders/3@10"))
    }

    /// Products the worker knows are in DIM_PRODUCT are not defined for insertion; their orders
    /// still go to the Type 3 merge.
    @Test func knownProductsAreNotInserted() {
        let other = OrderEvent.sample(id: "o2", at: Self.t2, product: "P2")
        let plan = PreparedBatch(records: [record(0, OrderEvent.sample(id: "o1", at: Self.t1)), record(1, other)])
            .plan(
                existingFacts: [:], currentCustomers: [:], knownDates: [], knownProducts: ["P1"],
                loadHistory: { _ in [:] })
        #expect(plan.products.map(\.productID) == ["P2"])
        #expect(Set(plan.productOrders.keys) == ["P1", "P2"])
    }

    @Test func newCustomerWithAMoveInOneBatch() {
        let events = [
            OrderEvent.sample(id: "o1", at: Self.t1, region: "Europe"),
            OrderEvent.sample(id: "o3", at: Self.t3, region: "Asia", name: "Ann B."),
            OrderEvent.sample(id: "o2", at: Self.t2, region: "Europe"),
        ]
        let plan = PreparedBatch(records: events.enumerated().map { record(Int64($0.offset), $0.element) })
            .plan(existingFacts: [:], currentCustomers: [:], knownDates: [], loadHistory: { _ in [:] })
        #expect(plan.customerInserts.map(\.region) == ["Europe", "Asia"])
        #expect(plan.customerInserts.allSatisfy { $0.name == "Ann B." })
        let keys = Dictionary(uniqueKeysWithValues: plan.facts.map { ($0.event.orderID, $0.customerKey) })
        #expect(keys["o1"] == plan.customerInserts[0].surrogateKey)
        #expect(keys["o2"] == plan.customerInserts[0].surrogateKey)
        #expect(keys["o3"] == plan.customerInserts[1].surrogateKey)
        #expect(plan.newDates.count == 3)
    }

    @Test func lateEventRebuildsFromHistory() throws {
        let current = CustomerVersion(
            customerID: "C", name: "Ann", region: "Europe", validFrom: Self.t1, validTo: nil,
            lastEvent: EventKey(timestamp: Self.t3, orderID: "o3"))
        let late = OrderEvent.sample(id: "o2", at: Self.t2, region: "Asia")
        var asked: [String] = []
        let plan = PreparedBatch(records: [record(5, late)]).plan(
            existingFacts: [:], currentCustomers: ["C": current], knownDates: [Self.t2.date]
        ) { ids in
            asked = ids
            return [
                "C": [CustomerHistoryTests.point(1, "o1", "Europe"), CustomerHistoryTests.point(3, "o3", "Europe")]
            ]
        }
        #expect(asked == ["C"])
        #expect(plan.rebuiltCustomers == ["C"])
        #expect(plan.customerInserts.map(\.region) == ["Europe", "Asia", "Europe"])
        #expect(plan.repointVersions == plan.customerInserts)
        #expect(plan.facts.first?.customerKey == plan.customerInserts[1].surrogateKey)
        #expect(plan.newDates.isEmpty)
    }

    @Test func productCategoryChangeInsideABatch() throws {
        let events = [
            OrderEvent.sample(id: "o1", at: Self.t1, category: "Books"),
            OrderEvent.sample(id: "o2", at: Self.t2, category: "Toys"),
            OrderEvent.sample(id: "o3", at: Self.t3, category: "Toys"),
        ]
        let plan = PreparedBatch(records: events.enumerated().map { record(Int64($0.offset), $0.element) })
            .plan(existingFacts: [:], currentCustomers: [:], knownDates: [], loadHistory: { _ in [:] })
        let change = try #require(plan.products.first)
        #expect(change.category == "Toys")
        #expect(change.previousCategory == "Books")
        #expect(change.categoryChangedAt == Self.t2)
        #expect(change.lastEvent.orderID == "o3")
        #expect(plan.productOrders["P1"]?.count == 3)
    }

    @Test func deadLetterPayloadEncoding() {
        let text = DeadLetter(
            position: .init(topic: "t", partition: 0, offset: 0), rejection: .init(.invalidJSON, "x"),
            payload: Array("héllo".utf8))
        #expect(text.storedPayload.encoding == "utf8")
        #expect(text.storedPayload.text == "héllo")
        let binary = DeadLetter(
            position: .init(topic: "t", partition: 0, offset: 0), rejection: .init(.invalidUTF8, "x"),
            payload: [0xff, 0x00, 0x41])
        #expect(binary.storedPayload.encoding == "base64")
        #expect(binary.storedPayload.text == "/wBB")
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode(Array("Ma".utf8)) == "TWE=")
    }
}
