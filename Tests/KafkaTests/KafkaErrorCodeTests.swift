import Foundation
import Kafka
import Testing

/// `KafkaError.Code` keeps librdkafka's `rd_kafka_resp_err_t` as its number: the named codes are the C
/// header's values, logs and descriptions still show librdkafka's names, and retriable or fatal follows
/// from the code.
@Suite struct KafkaErrorCodeTests {
    @Test(arguments: [
        (KafkaError.Code.queueFull, Int32(-184), "_QUEUE_FULL"), (.transport, -195, "_TRANSPORT"),
        (.invalidArgument, -186, "_INVALID_ARG"), (.fatal, -150, "_FATAL"),
        (.autoOffsetReset, -140, "_AUTO_OFFSET_RESET"), (.offsetOutOfRange, 1, "OFFSET_OUT_OF_RANGE"),
        (.fencedInstanceID, 82, "FENCED_INSTANCE_ID"),
    ])
    func namedCodesAreLibrdkafkasNumbersAndNames(code: KafkaError.Code, number: Int32, name: String) {
        #expect(code.rawValue == number)
        #expect(KafkaError.Code(rawValue: number) == code)
        #expect(code.name == name)
        #expect("\(code)" == name, "log metadata interpolates the code and must keep showing the name")
    }

    @Test func codesWithoutAStaticMemberStillHaveLibrdkafkasName() {
        // 6 is NOT_LEADER_FOR_PARTITION (NOT_LEADER_OR_FOLLOWER in newer headers): not one starsink names.
        #expect(KafkaError.Code(rawValue: 6).name.hasPrefix("NOT_LEADER"))
        #expect(KafkaError.Code(rawValue: 6) != .offsetOutOfRange)
    }

    @Test func descriptionShowsTheNameAndTheClassification() {
        let transport = KafkaError(.transport, topicPartition: TopicPartition(topic: "orders", partition: 3))
        #expect(transport.isRetriable && !transport.isFatal)
        #expect(transport.description.hasPrefix("Kafka error _TRANSPORT on orders"))
        #expect(transport.description.hasSuffix("(retriable)"))
        #expect(!transport.message.isEmpty, "librdkafka's own sentence when no message is given")

        let invalid = KafkaError(.invalidArgument, message: "bad property")
        #expect(!invalid.isRetriable && !invalid.isFatal)
        #expect(invalid.description == "Kafka error _INVALID_ARG: bad property")

        let fatal = KafkaError(.fatal, message: "gone")
        #expect(fatal.isFatal && !fatal.isRetriable)
        #expect(fatal.description == "Kafka error _FATAL: gone (fatal)")

        #expect(KafkaError(.fencedInstanceID).isFencedInstance)
        #expect(!KafkaError(.offsetOutOfRange).isFencedInstance)
    }

    /// The producer recognises `_QUEUE_FULL` by its code: with room for one message, every send after the
    /// first finds the queue full, waits for delivery reports and tries again instead of throwing.
    @Test(.timeLimit(.minutes(1))) func aFullProducerQueueIsWaitedOutNotThrown() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("orders", partitions: 1)
            let log = DeliveryLog()
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(
                    brokers: cluster.bootstrapServers, properties: ["queue.buffering.max.messages": "1"],
                    deliveryLog: log),
                logger: logs.logger())
            for index in 0..<20 {
                try producer.send(topic: "orders", partition: 0, key: nil, value: Array("\(index)".utf8))
            }
            try producer.flush(timeoutMilliseconds: 10_000)
            #expect(log.drain().map(\.offset) == (0..<20).map { Int64($0) })
            withExtendedLifetime(cluster) {}
        }
    }
}
