/// What `KafkaConsumer.poll` returns: a record, or an error the caller should see (they are not fatal unless
/// `KafkaError.isFatal`; librdkafka keeps retrying on its own).
package enum KafkaConsumerEvent: Sendable {
    case message(KafkaMessage)
    case error(KafkaError)
}
