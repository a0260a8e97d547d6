/// An error from librdkafka or the Kafka cluster, carrying what an operator and the retry logic need.
package struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error code; logs and descriptions show its name (`_TRANSPORT`, `OFFSET_OUT_OF_RANGE`).
    package var code: Code
    package var message: String
    /// Retrying the same operation later may succeed (broker down, leader moving, timeout).
    package var isRetriable: Bool
    /// The client instance is unusable and must be recreated.
    package var isFatal: Bool
    /// The partition the error is about, when librdkafka says so.
    package var topicPartition: TopicPartition?
    /// The broker fenced this static member: another consumer joined with the same `group.instance.id`
    /// (`FENCED_INSTANCE_ID`, raised by librdkafka as a fatal error).
    package var isFencedInstance = false

    package init(
        code: Code,
        message: String,
        isRetriable: Bool = false,
        isFatal: Bool = false,
        topicPartition: TopicPartition? = nil
    ) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.topicPartition = topicPartition
    }

    package var description: String {
        var text = "Kafka error \(code)"
        if let topicPartition { text += " on \(topicPartition)" }
        text += ": \(message)"
        if isFatal { text += " (fatal)" } else if isRetriable { text += " (retriable)" }
        return text
    }
}
