import Kafka
import Logging
import Testing

/// Partitions assigned `.paused` (how the daemon takes them): nothing of them is polled until the owner has
/// sought and resumed them, outside the rebalance callback — also after a later rebalance hands them out again.
@Suite(.timeLimit(.minutes(1)))
struct PausedAssignmentTests {
    /// Seeks `partition` to `offset`, retrying while its fetch has not started yet (`_STATE`: an assignment's
    /// fetch starts asynchronously, after the callback has returned) or the seek timed out on a busy machine
    /// (retriable), as the daemon retries on its next loop turn.
    func seekOnceStarted(_ consumer: KafkaConsumer, _ partition: TopicPartition, to offset: Int64) throws(KafkaError) {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            do {
                try consumer.seek(partition, to: offset, timeoutMilliseconds: 5000)
                return
            } catch {
                guard error.code == .state || error.isRetriable, ContinuousClock.now < deadline else { throw error }
                _ = consumer.poll(timeoutMilliseconds: 50)
            }
        }
    }

    @Test func pausedPartitionsDeliverNothingUntilSoughtAndResumed() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("events", partitions: 2)
            try cluster.producer(logs: logs).sendNumbers(0..<20, topic: "events") { Int32($0 % 2) }
            let zero = TopicPartition(topic: "events", partition: 0)
            let one = TopicPartition(topic: "events", partition: 1)

            let consumer = try cluster.consumer(group: "paused", logs: logs)
            let listener = RecordingListener(startsPaused: true)
            consumer.rebalanceListener = listener
            try consumer.subscribe(topics: ["events"])
            var held = Collected()
            let assigned = held.poll([consumer]) { _ in listener.current.count == 2 }
            #expect(assigned)
            // Long enough for a fetch from the committed offset (none: the beginning) to have arrived.
            held.poll([consumer], within: .seconds(2)) { _ in false }
            #expect(held.messages.isEmpty, "a paused partition delivered \(held.messages.count) messages")

            try seekOnceStarted(consumer, zero, to: 7)
            try seekOnceStarted(consumer, one, to: 0)
            try consumer.resume([zero, one])
            var resumed = Collected()
            let delivered = resumed.poll([consumer]) { $0.messages.count >= 13 }
            #expect(delivered)
            #expect(resumed.messages.filter { $0.partition == 0 }.map(\.offset) == Array(7..<10))
            #expect(resumed.messages.filter { $0.partition == 1 }.map(\.offset) == Array(0..<10))
            withExtendedLifetime(cluster) {}
        }
    }

    @Test func aRebalanceAssignsPausedAgainAfterAResume() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("events", partitions: 4)
            let producer = try cluster.producer(logs: logs)
            try producer.sendNumbers(0..<40, topic: "events") { Int32($0 % 4) }
            let configuration = KafkaConsumerConfiguration(
                brokers: cluster.bootstrapServers, groupID: uniqueGroup("repause"))

            let first = try KafkaConsumer(configuration: configuration, logger: logs.logger())
            let listener = RecordingListener(startsPaused: true)
            first.rebalanceListener = listener
            try first.subscribe(topics: ["events"])
            var collected = Collected()
            let assigned = collected.poll([first]) { _ in listener.current.count == 4 }
            #expect(assigned)
            for partition in listener.current { try seekOnceStarted(first, partition, to: 0) }
            try first.resume(Array(listener.current))
            let consumed = collected.poll([first]) { $0.messages.count >= 40 }
            #expect(consumed)

            // A second member joins: the first is assigned anew, paused again, and new messages stay unread.
            let second = try KafkaConsumer(configuration: configuration, logger: logs.logger())
            let other = RecordingListener(startOffsets: [:])
            second.rebalanceListener = other
            try second.subscribe(topics: ["events"])
            var rebalanced = Collected()
            let reassigned = rebalanced.poll([first, second]) { _ in
                listener.assigned.count >= 2 && !other.current.isEmpty
            }
            #expect(reassigned)
            try producer.sendNumbers(40..<80, topic: "events") { Int32($0 % 4) }
            rebalanced.poll([first, second], within: .seconds(2)) { _ in false }
            let held = listener.current
            let fromFirst = rebalanced.messages.filter { held.contains($0.topicPartition) }
            #expect(fromFirst.isEmpty, "the re-assigned paused partitions delivered \(fromFirst.count) messages")
            let taken = other.current
            let fromSecond = rebalanced.messages.filter { taken.contains($0.topicPartition) }
            #expect(!fromSecond.isEmpty)
            withExtendedLifetime(cluster) {}
        }
    }
}
