import Foundation
import Simulator
import Testing
import TestSupport

extension ChaosTests {
    /// A second daemon joins the group mid-load; later one daemon is frozen (SIGSTOP) past its
    /// session timeout, so its partitions move while it may hold a batch, and is then resumed as
    /// a stale writer; finally one of the two is killed. Partitions move each time; the result is exact.
    @Test(.timeLimit(.minutes(8 * ChaosScale.factor)))
    func secondDaemonJoinsThenStaleWriterThenKill() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            var random = try ChaosRandom()
            let orders = chaosOrders(count: ChaosScale.events(30_000), seed: 404)
            let fixture = try PipelineFixture(dialect: .postgresql, batchMaxRecords: 1000)
            let expected = ExpectedLoad(orders)
            let producer = try fixture.startProducer(orders, rate: max(500, orders.count / 45))
            let first = try fixture.startDaemon()
            defer { finish(producer, first) }
            let connection = try fixture.connect()

            #expect(
                try fixture.waitForProgress(beyond: 0, connection) != nil, "no progress: \(first.stderr.suffix(10))")
            let second = try fixture.startDaemon()
            defer { finish(second) }
            let shared = try waitUntil(timeout: .seconds(60)) { second.stderr.contains(where: isNonEmptyAssignment) }
            #expect(shared, "the second daemon got no partitions: \(second.stderr.suffix(10))")
            #expect(try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil)

            // Freeze the second daemon mid-batch: its session expires and the first takes everything.
            random.pause(milliseconds: 0...200)
            let mark = first.stderr.count
            second.signal(SIGSTOP)
            let takenOver = try waitUntil(timeout: .seconds(120)) {
                first.stderr.dropFirst(mark).contains(where: isNonEmptyAssignment)
            }
            #expect(takenOver, "the first daemon never took over: \(first.stderr.suffix(10))")
            #expect(try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil)
            second.signal(SIGCONT)
            #expect(try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil)
            random.pause(milliseconds: 2000...6000)
            first.signal(SIGKILL)
            _ = first.waitForExit(timeout: .seconds(20))

            #expect(producer.waitForExit(timeout: .seconds(300)) == 0, "producer: \(producer.stderr.suffix(5))")
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: second)
            #expect(loaded, "daemon stderr: \(second.stderr.suffix(20))")
            second.signal(SIGTERM)
            #expect(second.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])
            let fenced = (first.stderr + second.stderr).filter { $0.contains("offset row moved by another writer") }
                .count
            print("rebalance: \(fenced) batch(es) fenced off")
            let outcome = try fixture.outcome("rebalance, stale writer, kill", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }

    /// A daemon log line saying a worker was given at least one partition.
    private func isNonEmptyAssignment(_ line: String) -> Bool {
        line.hasSuffix("partitions assigned") && !line.contains("kafka.partitions= ")
            && !line.contains("kafka.partitions=]")
    }

    /// The fence, deterministically: another writer moves a partition's offset row past what the
    /// daemon read. The daemon's next transaction updates 0 rows, rolls back (its facts are not
    /// written), re-reads the row and continues from the other writer's position.
    @Test(.timeLimit(.minutes(4)))
    func staleExpectedOffsetDropsTheBatch() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let metricsPort = try freeTCPPort()
            let fixture = try PipelineFixture(
                dialect: .postgresql, partitions: 1, workers: 1, metricsListen: "127.0.0.1:\(metricsPort)")
            let first = SimulatorConfiguration(seed: 405, count: 100)
            try fixture.produce(first)
            let daemon = try fixture.startDaemon()
            defer { finish(daemon) }
            #expect(try fixture.waitUntilLoaded(100, timeout: .seconds(60), daemon: daemon))

            // "Another writer" loaded offset 100 and moved the row to 101.
            let connection = try fixture.connect()
            #expect(
                try connection.execute(
                    "UPDATE e_commerce.starsink_offsets SET next_offset = 101 WHERE next_offset = 100") == 1)
            try connection.commit()
            let second = SimulatorConfiguration(seed: 406, count: 5)
            try fixture.produce(second)
            #expect(
                try fixture.waitUntilLoaded(105, timeout: .seconds(60), daemon: daemon), "\(daemon.stderr.suffix(10))")
            let fence = try waitUntil(timeout: .seconds(10), pollEvery: .milliseconds(200)) {
                scrapedSum("starsink_fences_total", port: metricsPort) >= 1
            }
            #expect(fence, "no fence reported: \(daemon.stderr.suffix(10))")

            var messages = OrderSimulator(configuration: second)
            let skipped = messages.next().event?.orderID ?? ""
            let rest = (1..<5).compactMap { _ in messages.next().event?.orderID }
            let quoted = ([skipped] + rest).map { "'\($0)'" }.joined(separator: ",")
            let present = Set(
                try connection.query("SELECT order_id FROM e_commerce.fact_orders WHERE order_id IN (\(quoted))")
                    .compactMap { $0.first ?? nil })
            #expect(!present.contains(skipped), "the stale writer's batch was committed")
            #expect(present == Set(rest), "after the fence the daemon must continue from the other writer's offset")
        }
    }
}
