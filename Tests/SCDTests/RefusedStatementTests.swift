import Dispatch
import Foundation
import StarSchema
import Testing
import TestSupport

@testable import Daemon

/// A statement the warehouse refuses as written (here: a column renamed underneath) cannot heal by
/// retrying. The worker keeps its batch — nothing lost, nothing dead-lettered — says exactly what
/// is wrong (STATUS, an error line with the SQLSTATE and the statement), and loads the batch
/// exactly once when the column is put back.
@Suite(.timeLimit(.minutes(4)))
struct RefusedStatementTests {
    @Test(arguments: ScenarioTests.dialects) func renamedColumnKeepsTheBatchUntilItIsBack(dialect: WarehouseDialect)
        async throws
    {
        let warehouse = try SCDWarehouse(dialect, schema: "scd_refused")
        let facts = warehouse.table("fact_orders")
        try warehouse.execute("ALTER TABLE \(facts) RENAME COLUMN region TO region_renamed")

        let orders = (1...5).map { ScenarioTests.order("o\($0)", day: $0, customer: "C\($0 % 2)") }
        // The daemon waits 10 s to 2 min between attempts; the test does not need to.
        let worker = WorkerBox(
            worker: warehouse.makeWorker(
                0, refusedStatementRetry: RetryPolicy(initial: .milliseconds(200), maximum: .seconds(1))))
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            worker.worker.deliver(ConcurrencyTests.records(orders, partition: 0))
            done.signal()
        }
        let metrics = worker.worker.context.metrics
        let refused = try await offThePool {
            try waitUntil(timeout: .seconds(60)) {
                metrics.snapshot.warehouseProblem?.contains("warehouse refuses SELECT fact_orders (SQLSTATE") == true
            }
        }
        #expect(refused, "STATUS says \(metrics.snapshot.warehouseProblem ?? "nothing")")
        #expect(metrics.snapshot.warehouseProblem?.contains("needs an operator") == true)
        let line = warehouse.logs.records.first { $0.metadata["warehouse.statement"] == "SELECT fact_orders" }
        #expect(line?.level == .error, "the refusal is logged at error level with the statement")
        #expect(line?.metadata["odbc.sqlstate"]?.isEmpty == false)
        #expect(!metrics.snapshot.warehouseErrors.isEmpty, "the error is counted by SQLSTATE")
        // Refused again on the next attempt, and still holding the batch: it neither gave up nor skipped it.
        let retried = try await offThePool {
            try waitUntil(timeout: .seconds(30)) { metrics.snapshot.warehouseErrors.values.reduce(0, +) >= 2 }
        }
        #expect(retried, "the refused batch was not retried")
        #expect(done.wait(timeout: .now()) == .timedOut, "the worker must keep the batch, not give up")
        #expect(LoadWorker.Context.defaultRefusedStatementRetry.initial >= .seconds(10), "the daemon asks again rarely")

        try warehouse.execute("ALTER TABLE \(facts) RENAME COLUMN region_renamed TO region")
        #expect(
            try await offThePool { done.wait(timeout: .now() + 60) } == .success,
            "the batch never loaded after the column came back")
        #expect(try warehouse.query("SELECT COUNT(*) FROM \(facts)").first?.first == "5")
        #expect(try warehouse.deadLetters().isEmpty, "a refused statement is not the records' fault")
    }
}
