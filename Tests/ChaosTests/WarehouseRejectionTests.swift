import Foundation
import PrometheusScrape
import StarSchema
import Testing
import TestSupport

extension ChaosTests {
    /// The warehouse refuses some rows (TOTAL_AMOUNT narrowed so large orders overflow: SQLSTATE
    /// 22003): the batch is split until each refused order stands alone as a `warehouse_rejected`
    /// dead letter, and everything else loads. Meanwhile transient failures (the offsets table
    /// locked past the query timeout, connections terminated) retry whole batches and dead-letter nothing.
    @Test(.timeLimit(.minutes(8 * ChaosScale.factor)))
    func recordRejectionsAreIsolatedTransientErrorsRetried() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let orders = chaosOrders(count: ChaosScale.events(12_000), seed: 606)
            let messages = simulatedMessages(orders)
            // The narrowest NUMERIC(p,2) that refuses a small share of the orders (10^p cents and more).
            let totals = messages.compactMap { $0.event.map { $0.price.cents * $0.quantity } }
            let shares = (4...12).map { p in
                (p, Double(totals.filter { $0 >= Int64(pow(10, Double(p))) }.count) / Double(totals.count))
            }
            guard let precision = shares.first(where: { $0.1 >= 0.0005 && $0.1 <= 0.1 })?.0 else {
                Issue.record("no NUMERIC precision refuses a useful share of the simulated orders: \(shares)")
                return
            }
            let limitCents = Int64(pow(10, Double(precision)))
            let refused = messages.filter { ($0.event.map { $0.price.cents * $0.quantity } ?? 0) >= limitCents }.count
            // A refused order counts as a dead letter, like an invalid message (each copy of it).
            let expected = expectation(
                of: messages.map { message in
                    message.event.flatMap { $0.price.cents * $0.quantity >= limitCents ? nil : $0 }
                })

            let metricsPort = try freeTCPPort()
            let fixture = try PipelineFixture(
                dialect: .postgresql, batchMaxRecords: 2000, metricsListen: "127.0.0.1:\(metricsPort)")
            try fixture.addWarehouseSettings(["query_timeout_seconds: 3"])
            try fixture.applySchema()
            let server = try PostgresServer.shared()
            _ = try server.psql(
                database: fixture.databaseName,
                "ALTER TABLE e_commerce.fact_orders ALTER COLUMN total_amount TYPE NUMERIC(\(precision),2)")
            let producer = try fixture.startProducer(orders, rate: max(500, orders.count / 30))
            let daemon = try fixture.startDaemon()
            defer { finish(producer, daemon) }
            let connection = try fixture.connect()

            #expect(
                try fixture.waitForProgress(beyond: 0, connection) != nil, "no progress: \(daemon.stderr.suffix(10))")
            let database = fixture.databaseName
            let lockHolder = Thread {
                _ = try? server.psql(
                    database: database,
                    "BEGIN; LOCK TABLE e_commerce.starsink_offsets IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;"
                )
            }
            lockHolder.start()
            // The query timeout cancels a statement (57014), a transient error the worker retries.
            let busy = try waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(200)) {
                let samples = try? scrapeMetrics(port: metricsPort)
                return (samples?.value("starsink_warehouse_errors_total", ["sqlstate": "57014"]) ?? 0) >= 1
            }
            #expect(busy, "the lock never timed a statement out: \(daemon.stderr.suffix(10))")
            #expect(try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil)
            let killed = try server.psql(
                database: "postgres",
                """
                SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = '\(fixture.databaseName)' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                """)
            #expect((Int(killed) ?? 0) >= 1)

            #expect(producer.waitForExit(timeout: .seconds(300)) == 0, "producer: \(producer.stderr.suffix(5))")
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)

            let check = try fixture.connect()
            let byCode = Dictionary(
                uniqueKeysWithValues: try check.query(
                    "SELECT error_code, COUNT(*) FROM e_commerce.starsink_rejected GROUP BY error_code"
                ).compactMap { row -> (String, Int)? in
                    guard let code = row[0] ?? nil, let count = row[1].flatMap({ Int($0) }) else { return nil }
                    return (code, count)
                })
            #expect(byCode["warehouse_rejected"] == refused, "refused \(refused), dead letters by code: \(byCode)")
            let details = try check.query(
                "SELECT error_detail FROM e_commerce.starsink_rejected WHERE error_code = 'warehouse_rejected'")
            #expect(
                details.allSatisfy { ($0.first ?? nil)?.contains("22003") == true },
                "a transient error was dead-lettered")
            #expect(try fixture.verify(expected) == [])
            print("record rejections: NUMERIC(\(precision),2) refused \(refused) of \(messages.count) messages")
            let outcome = try fixture.outcome("warehouse refuses \(refused) rows + lock + kill", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }
}
