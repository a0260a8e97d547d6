/// What a `KafkaProducer` needs; anything else is a librdkafka property passed through as-is.
package struct KafkaProducerConfiguration: Sendable {
    package var brokers: String
    /// librdkafka properties, applied after our defaults so they win.
    package var properties: [String: String]

    package init(brokers: String, properties: [String: String] = [:]) {
        self.brokers = brokers
        self.properties = properties
    }

    var librdkafkaProperties: [String: String] {
        var result = ["bootstrap.servers": brokers]
        result.merge(properties) { _, user in user }
        return result
    }
}
