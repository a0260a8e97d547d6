/// What a `KafkaProducer` needs; anything else is a librdkafka property passed through as-is.
package struct KafkaProducerConfiguration: Sendable {
    package var brokers: String
    /// librdkafka properties, applied after our defaults so they win.
    package var properties: [String: String]
    /// Notes every delivered record (partition, offset, create time) for the caller to drain; nil keeps
    /// only the counts.
    package var deliveryLog: DeliveryLog?

    package init(brokers: String, properties: [String: String] = [:], deliveryLog: DeliveryLog? = nil) {
        self.brokers = brokers
        self.properties = properties
        self.deliveryLog = deliveryLog
    }

    var librdkafkaProperties: [String: String] {
        var result = ["bootstrap.servers": brokers]
        result.merge(properties) { _, user in user }
        return result
    }
}
