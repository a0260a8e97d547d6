import Foundation
import Kafka
import Logging
import Testing

/// `group.instance.id` on the consumer: a static member closes without leaving the group (KIP-345), so a
/// restart within `session.timeout.ms` can take its place back. The mock cluster ignores static membership
/// itself (it reads GroupInstanceId in JoinGroup and drops it), so what is checked is the client's side:
/// whether a LeaveGroup goes out, seen in librdkafka's own `debug: cgrp` log.
@Suite(.timeLimit(.minutes(1)))
struct StaticMembershipClientTests {
    /// librdkafka's LEAVE debug lines (`Group "g": leave (in state up)`, `Leaving group`).
    func leaveLines(_ logs: LogCapture) -> [String] {
        logs.all.filter { "\($0.metadata["kafka.facility"] ?? "")" == "LEAVE" }.map(\.message)
    }

    @Test func aStaticMemberClosesWithoutLeavingAndADynamicOneLeaves() async throws {
        try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1, logger: LogCapture().logger())
            try cluster.createTopic("orders", partitions: 4)
            var results: [String?: [String]] = [:]
            for instanceID in ["loader-1", nil] {
                let logs = LogCapture()
                let consumer = try KafkaConsumer(
                    configuration: KafkaConsumerConfiguration(
                        brokers: cluster.bootstrapServers, groupID: uniqueGroup("static"), instanceID: instanceID,
                        properties: ["debug": "cgrp"]),
                    logger: logs.logger(level: .debug))
                let listener = RecordingListener()
                consumer.rebalanceListener = listener
                try consumer.subscribe(topics: ["orders"])
                var collected = Collected()
                #expect(collected.poll([consumer]) { _ in listener.current.count == 4 }, "never assigned")
                consumer.close()
                #expect(listener.revoked.last?.count == 4, "close revoked nothing")
                results[instanceID] = leaveLines(logs)
            }
            #expect(results["loader-1"] == [], "the static member left the group: \(results["loader-1"] ?? [])")
            #expect(results[nil]?.isEmpty == false, "the control: a dynamic member's LeaveGroup is seen in the log")
            withExtendedLifetime(cluster) {}
        }
    }

    /// Static members skip the unsubscribe that `close` otherwise does first (it would send a LeaveGroup);
    /// two of them stopping together must still both return.
    @Test func twoStaticMembersClosingTogetherBothReturn() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("orders", partitions: 8)
            let group = uniqueGroup("static-close")
            let listeners = [RecordingListener(), RecordingListener()]
            let consumers = try listeners.enumerated().map { index, listener in
                let consumer = try KafkaConsumer(
                    configuration: KafkaConsumerConfiguration(
                        brokers: cluster.bootstrapServers, groupID: group, instanceID: "host-\(index + 1)"),
                    logger: logs.logger())
                consumer.rebalanceListener = listener
                try consumer.subscribe(topics: ["orders"])
                return consumer
            }
            var collected = Collected()
            #expect(collected.poll(consumers) { _ in listeners.allSatisfy { !$0.current.isEmpty } })
            let closing = DispatchGroup()
            for consumer in consumers {
                let box = UncheckedBox(consumer)
                DispatchQueue.global().async(group: closing) { box.value.close() }
            }
            #expect(closing.wait(timeout: .now() + 30) == .success, "a static member's close hung")
            #expect(listeners.allSatisfy { $0.current.isEmpty })
            withExtendedLifetime(cluster) {}
        }
    }
}
