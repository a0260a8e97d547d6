/// One partition of one topic: the unit Kafka assigns to a consumer and orders messages within.
package struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    package var topic: String
    package var partition: Int32

    package init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    package static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    /// librdkafka's own spelling, `topic [3]`, so our logs read like its logs.
    package var description: String { "\(topic) [\(partition)]" }
}
