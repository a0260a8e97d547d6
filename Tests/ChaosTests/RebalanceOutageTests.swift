import Foundation
import Testing
import TestSupport

extension ChaosTests {
    /// Partitions move while the warehouse is down. The daemon that takes them over cannot read their
    /// offsets, yet its workers keep polling (the rebalance callback only records the assignment), so the next
    /// rebalance — the frozen daemon coming back — is served at once: a revoke of partitions whose offset read
    /// is still pending, which drops it. Once the warehouse is back, both daemons load the rest, exactly.
    @Test(.timeLimit(.minutes(8 * ChaosScale.factor)))
    func partitionsMoveTwiceWhileTheWarehouseIsDown() async throws {
        // Off Swift's cooperative threads, like every chaos test (see KillTests).
        try await offThePoolInTest {
            let server = try PostgresServer.start()
            defer { try? server.stop() }
            let fixture = try PipelineFixture(dialect: .postgresql, batchMaxRecords: 1000, postgres: server)
            let before = chaosOrders(count: ChaosScale.events(4_000), seed: 407)
            let after = chaosOrders(count: ChaosScale.events(4_000), seed: 408)
            let expected = expectation(of: (simulatedMessages(before) + simulatedMessages(after)).map(\.event))
            try fixture.produce(before)
            let first = try fixture.startDaemon()
            let second = try fixture.startDaemon()
            defer { finish(first, second) }
            let loadedBefore = try fixture.waitUntilLoaded(before.count, timeout: .seconds(120), daemon: first)
            #expect(loadedBefore, "\(first.stderr.suffix(10))")
            let shared = try waitUntil(timeout: .seconds(60)) {
                second.stderr.contains(where: Self.isNonEmptyAssignment)
            }
            #expect(shared, "the second daemon got no partitions: \(second.stderr.suffix(10))")

            // Idle workers, no warehouse: the first daemon takes over the frozen second one's partitions and
            // cannot read where they stand.
            try server.stop()
            let takeover = first.stderr.count
            second.signal(SIGSTOP)
            let pending = try waitUntil(timeout: .seconds(120)) {
                let lines = first.stderr.dropFirst(takeover)
                return lines.contains(where: Self.isNonEmptyAssignment)
                    && lines.contains { $0.contains("warehouse unreachable") }
            }
            #expect(pending, "no takeover with a failing offset read: \(first.stderr.suffix(10))")

            // The second daemon rejoins: the first must give partitions back while their reads still fail.
            let rejoin = first.stderr.count
            second.signal(SIGCONT)
            let revoked = try waitUntil(timeout: .seconds(90)) {
                first.stderr.dropFirst(rejoin).contains { $0.contains("partitions revoked") }
            }
            #expect(revoked, "the rebalance was not served while the warehouse was down: \(first.stderr.suffix(10))")
            let resumedEarly = first.stderr.dropFirst(takeover).contains {
                $0.contains("partitions resumed at the warehouse")
            }
            #expect(!resumedEarly, "a partition was resumed without its warehouse offset")
            #expect(first.process.isRunning && second.process.isRunning)

            try server.restart()
            try fixture.produce(after)
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(300), daemon: first)
            #expect(loaded, "first: \(first.stderr.suffix(10))\nsecond: \(second.stderr.suffix(10))")
            for daemon in [first, second] {
                daemon.signal(SIGTERM)
                #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            }
            #expect(try fixture.verify(expected) == [])
            let outcome = try fixture.outcome("partitions moved twice while the warehouse was down", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }

    /// A daemon log line saying a worker was given at least one partition.
    static func isNonEmptyAssignment(_ line: String) -> Bool {
        line.hasSuffix("partitions assigned") && !line.contains("kafka.partitions= ")
            && !line.contains("kafka.partitions=]")
    }
}
