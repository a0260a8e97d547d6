import Foundation
import Kafka
import Logging
import Simulator
import Testing
import TestSupport

extension ChaosTests {
    /// The daemon is stopped after loading the first orders; while it is away the partition receives
    /// far more than the broker retains (the mock cluster keeps ~5 MiB), so the stored offset falls
    /// below the log start. On restart the daemon logs the gap with the number of missing offsets,
    /// counts it, and loads everything still available — exactly.
    @Test(.timeLimit(.minutes(5 * ChaosScale.factor)))
    func retentionGapIsReportedAndLoadingContinues() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .postgresql, partitions: 1, workers: 1)
            let before = SimulatorConfiguration(seed: 707, count: 1_000)
            try fixture.produce(before)
            let first = try fixture.startDaemon()
            defer { finish(first) }
            #expect(try fixture.waitUntilLoaded(before.count, timeout: .seconds(60), daemon: first))
            first.signal(SIGTERM)
            #expect(first.waitForExit(timeout: .seconds(60)) == 0)

            let after = chaosOrders(count: ChaosScale.events(30_000), seed: 708)
            try fixture.produce(after)
            var logger = Logger(label: "marks")
            logger.logLevel = .warning
            let consumer = try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(brokers: fixture.brokers, groupID: "chaos-watermarks"),
                logger: logger)
            defer { consumer.close() }
            let marks = try consumer.watermarks(
                TopicPartition(topic: "orders", partition: 0), timeoutMilliseconds: 10_000)
            let total = before.count + after.count
            #expect(Int(marks.high) == total)
            #expect(
                marks.low > Int64(before.count), "the broker kept everything (log start \(marks.low)); produce more")
            let missing = Int(marks.low) - before.count

            let daemon = try fixture.startDaemon()
            defer { finish(daemon) }
            let loaded = try fixture.waitUntilLoaded(total, timeout: .seconds(180), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            let gap = daemon.stderr.first { $0.contains("retention gap") }
            #expect(gap?.contains(" error ") == true, "the gap must be logged as an error: \(gap ?? "no line")")
            #expect(
                gap?.contains("retention.missing_offsets=\(missing)") == true,
                "expected \(missing) missing offsets: \(gap ?? "no line")")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)

            // Everything before the gap, nothing inside it, everything after it.
            let kept = simulatedMessages(before) + simulatedMessages(after).dropFirst(missing)
            var expected = expectation(of: kept.map(\.event))
            expected.messages = total  // the stored offset moved past the gap too
            #expect(try fixture.verify(expected) == [])
            let outcome = try fixture.outcome("retention gap of \(missing)", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }
}
