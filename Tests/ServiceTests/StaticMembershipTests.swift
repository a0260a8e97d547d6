import Foundation
import Testing
import TestSupport

extension DaemonServiceSuites {
    /// `kafka.instance_id` as a `starsink run` process meets it, with dev-kafka and an SQLite warehouse.
    ///
    /// What librdkafka 2.0.2's mock cluster cannot show: static membership itself. Its JoinGroup handler
    /// reads GroupInstanceId and drops it (`rd_kafka_mock_cgrp_member_add` takes no instance id before
    /// later releases), so a member restarted with the same `group.instance.id` joins as a new member and
    /// the rest of the group rebalances, and two members with one id are never fenced (both measured here:
    /// the other member saw a revoke and an assign after a kill and restart). That a restart within
    /// `session.timeout.ms` keeps the partitions without a group-wide rebalance is therefore tested only
    /// by Kafka itself. What is tested: each worker's id reaches its consumer, the dead-letter producer does
    /// not warn about the consumer-only properties, and a fenced daemon (the broker's FENCED_INSTANCE_ID
    /// reply to a heartbeat, injected as a real broker would send it) says so loudly and exits 2.
    @Suite(.serialized) struct StaticMembershipTests {
        static let hostName = ProcessInfo.processInfo.hostName

        func configuration(_ fixture: PipelineFixture) -> String {
            """
            kafka:
              brokers: "\(fixture.brokers)"
              topic: orders
              group_id: starsink-static
              dead_letter_topic: orders.dlq
              instance_id: "${HOSTNAME}"
              properties:
                topic.metadata.refresh.interval.ms: "1000"
                session.timeout.ms: "6000"
                debug: conf
            warehouse:
              dialect: sqlite
              connection: "\(fixture.warehouseConnection)"
            pipeline:
              workers: 2
              batch_max_records: 3000
              batch_max_wait_ms: 100
            log:
              level: debug
              destination: stderr
            metrics:
              listen: ~

            """
        }

        @Test(.timeLimit(.minutes(3)))
        func workersJoinWithTheirOwnIDsAndAFencedDaemonStopsLoudlyWithExitTwo() async throws {
            let fixture = try PipelineFixture(dialect: .sqlite, partitions: 4)
            let scratch = try ScratchDirectory(prefix: "starsink-static-")
            let configPath = scratch.path + "/starsink.yaml"
            try configuration(fixture).write(toFile: configPath, atomically: true, encoding: .utf8)
            let listener = try NotifyListener()
            let daemon = try ChildProcess(
                ["run", "--config", configPath], environment: ["NOTIFY_SOCKET": listener.path])
            try #require(
                await listener.waitFor("READY", "1", timeout: .seconds(60)) != nil,
                "no READY: \(daemon.stderr.suffix(10))")

            // librdkafka's own dump of each consumer's configuration (debug: conf, routed into our log).
            for worker in 1...2 {
                #expect(
                    daemon.stderr.contains { $0.contains("group.instance.id = \(Self.hostName)-\(worker)") },
                    "worker \(worker) joined without its group.instance.id")
            }
            #expect(daemon.stderr.contains { $0.contains("session.timeout.ms = 6000") })
            let warnings = daemon.stderr.filter { $0.contains("will be ignored by this") }
            #expect(warnings.isEmpty, "librdkafka warned about misplaced properties: \(warnings)")

            let production = orders(count: 2000, seed: 61)
            try fixture.produce(production)
            #expect(try await fixture.loaded(ExpectedLoad(production).messages, within: .seconds(90), daemon: daemon))

            // The broker answers the next heartbeat with FENCED_INSTANCE_ID (API key 12, error 82).
            let beforeFence = listener.notifications.count
            fixture.kafka.send("errors 12 82")
            let stopping = await listener.waitFor("STOPPING", "1", timeout: .seconds(30), after: beforeFence)
            let status = stopping?.notification.fields["STATUS"] ?? ""
            #expect(
                status.hasPrefix(
                    "stopping: fenced: another consumer joined group starsink-static as \(Self.hostName)-"),
                "STATUS: \(status)")
            #expect(
                status.contains("kafka.instance_id \(Self.hostName) must be unique per daemon"), "STATUS: \(status)")
            #expect(try await daemon.exit(within: .seconds(30)) == 2, "\(daemon.stderr.suffix(10))")
            let fenced = daemon.stderr.first { $0.contains("Kafka consumer fenced") }
            #expect(
                fenced?.contains(" error [") == true && fenced?.contains("kafka.instance_id=\(Self.hostName)-") == true
                    && fenced?.contains("error.code=FENCED_INSTANCE_ID") == true, "\(fenced ?? "no fenced line")")
            #expect(daemon.stderr.contains { $0.contains(" error ") && $0.contains("stopping: fenced") })
        }
    }
}
