import Dispatch
import Foundation
import StarSchema
import Testing
import TestSupport

@testable import Daemon

/// Unkeyed messages: two workers touching the same customer in concurrent PostgreSQL transactions.
@Suite(.timeLimit(.minutes(3)))
struct ConcurrencyTests {
    static func records(_ events: [OrderEvent], partition: Int32, from offset: Int64 = 0) -> [LoadRecord] {
        events.enumerated().map { index, event in
            LoadRecord(
                position: SourcePosition(topic: "orders", partition: partition, offset: offset + Int64(index)),
                payload: Array("{}".utf8), outcome: .success(event))
        }
    }

    /// Another worker's transaction creates the same new customer and stays open until this
    /// worker is blocked on it; its commit then makes this worker's insert a unique violation,
    /// which must be retried (and then see the other's rows), not dead-lettered.
    @Test func twoWorkersCreatingTheSameNewCustomer() async throws {
        try await offThePoolInTest {
            let warehouse = try SCDWarehouse(.postgresql, schema: "scd_race_new")
            let first = [ScenarioTests.order("o1", day: 1), ScenarioTests.order("o3", day: 3, region: "Asia")]
            let second = [ScenarioTests.order("o2", day: 2), ScenarioTests.order("o4", day: 4, name: "Ann B.")]

            let other = try WarehouseSession(
                configuration: warehouse.configuration.warehouse, logger: warehouse.logs.logger())
            let statements = other.statements
            let plan = PreparedBatch(records: Self.records(first, partition: 1))
                .plan(existingFacts: [:], currentCustomers: [:], knownDates: [], loadHistory: { _ in [:] })
            var writer = BatchWriter(statements)
            statements.planWrites(plan, rejectedAt: .now, definingNewProducts: true, into: &writer)
            statements.productWrites(
                ProductHistory.mergeBatch(plan.productOrders, stored: [:]) { _ in [:] }, stored: [], into: &writer)
            for step in writer.steps { _ = try other.run(step) }

            let worker = WorkerBox(worker: warehouse.makeWorker(0))
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                worker.worker.deliver(Self.records(second, partition: 0))
                done.signal()
            }
            let blocked = try waitUntil(timeout: .seconds(20)) {
                let waiting = try warehouse.query(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                return (waiting.first?.first ?? nil).flatMap { Int($0) } ?? 0 > 0
            }
            #expect(blocked, "the worker never waited for the other transaction")
            try other.commit()
            #expect(done.wait(timeout: .now() + 60) == .success)

            #expect(
                warehouse.logs.records.contains { $0.metadata["odbc.sqlstate"] == "23505" },
                "the race was not exercised")
            #expect(
                !warehouse.logs.records.contains { $0.message.contains("splitting a batch") },
                "a race is not a bad record: retry, never split")
            let problems = try warehouse.differences(from: ReferenceModel(first + second))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    /// Many rounds of two workers loading orders of the same customers at once, interleaved in
    /// time so that both new customers and late orders race: locking and retries keep it exact.
    @Test func unkeyedOrdersOfTheSameCustomersOnTwoWorkers() async throws {
        try await offThePoolInTest {
            let warehouse = try SCDWarehouse(.postgresql, schema: "scd_race_unkeyed")
            var perWorker: [[[LoadRecord]]] = [[], []]
            var all: [OrderEvent] = []
            var offsets: [Int64] = [0, 0]
            var random = SplitMix(seed: 99)
            for round in 0..<40 {
                for worker in 0..<2 {
                    let events = (0..<5).map { index in
                        ScenarioTests.order(
                            "r\(round)w\(worker)i\(index)", day: 1 + random.below(20), second: random.below(3),
                            customer: "C\(round / 4)\(random.below(2))", region: ["Europe", "Asia"][random.below(2)],
                            product: "P\(random.below(3))", category: ["Books", "Toys"][random.below(2)])
                    }
                    all += events
                    perWorker[worker].append(Self.records(events, partition: Int32(worker), from: offsets[worker]))
                    offsets[worker] += Int64(events.count)
                }
            }
            warehouse.load(perWorker)
            let problems = try warehouse.differences(from: ReferenceModel(all))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}

/// One worker handed to the thread that alone uses it.
struct WorkerBox: @unchecked Sendable {
    let worker: LoadWorker
}
