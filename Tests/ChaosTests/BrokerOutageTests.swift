import Foundation
import Testing
import TestSupport

extension ChaosTests {
    /// Every broker taken down for a while mid-load and brought back; then retriable errors injected
    /// on Fetch, OffsetCommit, JoinGroup and Heartbeat. The load must still be exact.
    @Test(.timeLimit(.minutes(8 * ChaosScale.factor)))
    func brokersDownAndRequestErrors() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            var random = try ChaosRandom()
            let orders = chaosOrders(count: ChaosScale.events(30_000), seed: 303)
            let fixture = try PipelineFixture(dialect: .postgresql, batchMaxRecords: 2000)
            let expected = ExpectedLoad(orders)
            let producer = try fixture.startProducer(orders, rate: max(500, orders.count / 40))
            let daemon = try fixture.startDaemon()
            defer { finish(producer, daemon) }
            let connection = try fixture.connect()

            /// Sends a control line to dev-kafka and waits for its answer.
            func control(_ line: String) -> String? {
                let seen = fixture.kafka.stdout.count
                fixture.kafka.send(line)
                var answer: String?
                _ = try? waitUntil(timeout: .seconds(10)) {
                    answer = fixture.kafka.stdout.dropFirst(seen).first { $0.hasPrefix("ok") || $0.hasPrefix("error") }
                    return answer != nil
                }
                return answer
            }

            for round in 0..<ChaosScale.factor {
                #expect(
                    try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil,
                    "no progress before round \(round): \(daemon.stderr.suffix(10))")
                #expect(control("down all") == "ok down all")
                #expect(
                    staysAlive(daemon, for: .seconds(8)),
                    "the daemon exited while the brokers were down: \(daemon.stderr.suffix(10))")
                #expect(control("up all") == "ok up all")

                #expect(
                    try fixture.waitForProgress(beyond: fixture.accountedMessages(connection), connection) != nil,
                    "no progress after the brokers came back: \(daemon.stderr.suffix(10))")
                // Kafka protocol codes: 6 NOT_LEADER_OR_FOLLOWER, 7 REQUEST_TIMED_OUT, 14 COORDINATOR_LOAD_IN_PROGRESS,
                // 15 COORDINATOR_NOT_AVAILABLE, 16 NOT_COORDINATOR, 27 REBALANCE_IN_PROGRESS.
                for line in ["errors 1 6 7 6 7 6", "errors 8 15 16 7 15", "errors 12 27 16 27", "errors 11 15 14 15"] {
                    #expect(control(line)?.hasPrefix("ok errors") == true, "\(line)")
                    random.pause(milliseconds: 200...1500)
                }
                #expect(daemon.process.isRunning, "daemon stderr: \(daemon.stderr.suffix(10))")
            }
            #expect(producer.waitForExit(timeout: .seconds(300)) == 0, "producer: \(producer.stderr.suffix(5))")
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])
            let outcome = try fixture.outcome("brokers down + request errors x\(ChaosScale.factor)", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }
}
