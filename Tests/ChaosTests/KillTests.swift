import Foundation
import Testing
import TestSupport

extension ChaosTests {
    /// kill -9 at random moments while orders stream in: while joining the group, while polling,
    /// right after a batch committed (between the warehouse commit and the Kafka commit) and in
    /// the middle of transactions; then one clean run finishes the load, which must be exact.
    @Test(.timeLimit(.minutes(12 * ChaosScale.factor)))
    func killNineRepeatedlyDuringALoad() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            var random = try ChaosRandom()
            let kills = 10 * ChaosScale.factor
            let orders = chaosOrders(count: ChaosScale.events(24_000), seed: 101)
            let fixture = try PipelineFixture(dialect: .postgresql, batchMaxRecords: 1000)
            let expected = ExpectedLoad(orders)
            let connection = try fixture.connect()
            // Spread production over the kill phase so every daemon has fresh orders to load.
            let producer = try fixture.startProducer(orders, rate: max(200, orders.count / (kills * 4)))
            defer { finish(producer) }

            var killedAfterProgress = 0
            for round in 0..<kills {
                let daemon = try fixture.startDaemon()
                if round.isMultiple(of: 2) {
                    // Right after a commit, or a few milliseconds later inside the next transaction.
                    let before = fixture.accountedMessages(connection)
                    if try fixture.waitForProgress(beyond: before, connection, timeout: .seconds(30)) != nil {
                        killedAfterProgress += 1
                    }
                    random.pause(milliseconds: 0...150)
                } else {
                    // Anywhere: before the group join completes, while polling, mid-batch.
                    random.pause(milliseconds: 300...6000)
                }
                #expect(
                    daemon.process.isRunning,
                    "the daemon exited by itself in round \(round): \(daemon.stderr.suffix(10))")
                daemon.signal(SIGKILL)
                #expect(daemon.waitForExit(timeout: .seconds(20)) != nil)
            }
            #expect(
                killedAfterProgress >= kills / 4,
                "too few rounds loaded anything before their kill: \(killedAfterProgress)")
            #expect(producer.waitForExit(timeout: .seconds(300)) == 0, "producer: \(producer.stderr.suffix(5))")

            let daemon = try fixture.startDaemon()
            defer { finish(daemon) }
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])
            let outcome = try fixture.outcome("kill -9 x\(kills)", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }
}
