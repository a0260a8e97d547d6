/// One record read from Kafka, copied out of librdkafka's buffers.
package struct KafkaMessage: Sendable {
    package var topic: String
    package var partition: Int32
    package var offset: Int64
    package var key: [UInt8]?
    package var payload: [UInt8]
    /// The record's timestamp (create or log-append time), if the broker sent one.
    package var timestampMilliseconds: Int64?
    package var headers: [(key: String, value: [UInt8])]

    package init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        payload: [UInt8],
        timestampMilliseconds: Int64? = nil,
        headers: [(key: String, value: [UInt8])] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.payload = payload
        self.timestampMilliseconds = timestampMilliseconds
        self.headers = headers
    }

    package var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}
