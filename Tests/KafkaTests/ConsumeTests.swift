import Kafka
import Logging
import Testing

/// Producing to and consuming from a mock cluster over real TCP.
@Suite(.timeLimit(.minutes(1)))
struct ConsumeTests {
    @Test func everyKeyedMessageWithHeadersIsConsumedExactlyOnce() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 3, logger: logs.logger())
            try cluster.createTopic("orders", partitions: 12)
            let count = 3000
            let producer = try cluster.producer(logs: logs)
            for index in 0..<count {
                try producer.send(
                    topic: "orders",
                    key: bytes("customer-\(index % 97)"),
                    value: bytes("order-\(index)"),
                    headers: [("seq", bytes("\(index)")), ("source", bytes("test"))]
                )
            }
            try producer.flush(timeoutMilliseconds: 10_000)
            #expect(producer.deliveredCount == count)
            #expect(producer.deliveryFailures == 0)

            let consumer = try cluster.consumer(group: "all", logs: logs)
            let listener = RecordingListener()
            consumer.rebalanceListener = listener
            try consumer.subscribe(topics: ["orders"])
            var collected = Collected()
            let finished = collected.poll([consumer]) { $0.messages.count >= count }
            #expect(finished)
            // Nothing more arrives: exactly once, not at least once.
            collected.poll([consumer], within: .milliseconds(300)) { _ in false }

            #expect(collected.messages.count == count)
            let sequence = collected.messages.compactMap { message in
                message.headers.first { $0.key == "seq" }.flatMap { text($0.value) }.flatMap { Int($0) }
            }
            #expect(sequence.sorted() == Array(0..<count))
            let first = try #require(collected.messages.first)
            #expect(first.headers.map(\.key) == ["seq", "source"])
            #expect(first.timestampMilliseconds != nil)
            let seq = try #require(first.headers.first.flatMap { text($0.value) })
            #expect(text(first.payload) == "order-\(seq)")
            #expect(text(first.key) == "customer-\(Int(seq)! % 97)")

            // The partitioner spread keys over the partitions, one partition per key.
            var partitionsByKey: [String: Set<Int32>] = [:]
            for message in collected.messages {
                partitionsByKey[text(message.key)!, default: []].insert(message.partition)
            }
            #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
            #expect(Set(collected.messages.map(\.partition)).count > 6)
            #expect(listener.current.count == 12)
            #expect(try consumer.assignment().count == 12)

            consumer.close()
            #expect(listener.revoked.last?.count == 12)
            withExtendedLifetime(cluster) {}
        }
    }

    @Test func offsetsReturnedByTheListenerAreWhereConsumptionStarts() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("events", partitions: 2)
            try cluster.producer(logs: logs).sendNumbers(0..<20, topic: "events") { Int32($0 % 2) }

            let consumer = try cluster.consumer(group: "start", logs: logs)
            let zero = TopicPartition(topic: "events", partition: 0)
            let listener = RecordingListener(startOffsets: [zero: 5])
            consumer.rebalanceListener = listener
            try consumer.subscribe(topics: ["events"])
            var collected = Collected()
            #expect(collected.poll([consumer]) { $0.messages.count >= 15 })

            let fromZero = collected.messages.filter { $0.partition == 0 }
            #expect(fromZero.first?.offset == 5)
            #expect(fromZero.map(\.offset) == Array(5..<10))
            #expect(collected.messages.filter { $0.partition == 1 }.first?.offset == 0)
            #expect(collected.messages.allSatisfy { $0.key == nil })

            // Seeking rewinds an assigned partition.
            try consumer.seek(zero, to: 2, timeoutMilliseconds: 5000)
            var rewound = Collected()
            #expect(rewound.poll([consumer]) { $0.messages.contains { $0.partition == 0 } })
            #expect(rewound.messages.first { $0.partition == 0 }?.offset == 2)
            withExtendedLifetime(cluster) {}
        }
    }

    @Test func aNewConsumerResumesAfterCommittedOffsetsAndCloseCommitsNothing() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("events", partitions: 1)
            try cluster.producer(logs: logs).sendNumbers(0..<30, topic: "events")
            let configuration = KafkaConsumerConfiguration(
                brokers: cluster.bootstrapServers, groupID: uniqueGroup("resume"))
            let partition = TopicPartition(topic: "events", partition: 0)

            let first = try KafkaConsumer(configuration: configuration, logger: logs.logger())
            try first.subscribe(topics: ["events"])
            var collected = Collected()
            #expect(collected.poll([first]) { $0.messages.count >= 30 })
            try first.commit([partition: 12], asynchronously: false)
            first.close()
            first.close()  // idempotent
            #expect(throws: KafkaError.self) { try first.assignment() }

            let second = try KafkaConsumer(configuration: configuration, logger: logs.logger())
            let listener = RecordingListener()
            second.rebalanceListener = listener
            try second.subscribe(topics: ["events"])
            var resumed = Collected()
            #expect(resumed.poll([second]) { !$0.messages.isEmpty })
            #expect(resumed.messages.first?.offset == 12)
            #expect(listener.assigned.first == [partition])
            withExtendedLifetime(cluster) {}
        }
    }

    @Test func watermarksAreTheLogStartAndEnd() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 2, logger: logs.logger())
            try cluster.createTopic("events", partitions: 3)
            try cluster.producer(logs: logs).sendNumbers(0..<7, topic: "events") { _ in 1 }
            let consumer = try cluster.consumer(group: "wm", logs: logs)
            let marks = try consumer.watermarks(TopicPartition(topic: "events", partition: 1), timeoutMilliseconds: 900)
            #expect(marks.low == 0)
            #expect(marks.high == 7)
            let empty = try consumer.watermarks(TopicPartition(topic: "events", partition: 0), timeoutMilliseconds: 500)
            #expect(empty.high == 0)
            withExtendedLifetime(cluster) {}
        }
    }
}
