import Kafka

/// What each Kafka client of the daemon is given: librdkafka warns at every start about a property that
/// does not apply to its kind of client, so the consumers and the dead-letter producer get only their own.
extension Configuration.Kafka {
    /// Shared properties that apply to consumers, then `consumer_properties`, then the secrets.
    package var consumerClientProperties: [String: String] {
        clientProperties(KafkaPropertyCatalog.split(properties).consumer, consumerProperties)
    }

    /// Shared properties that apply to producers, then `producer_properties`, then the secrets.
    package var producerClientProperties: [String: String] {
        clientProperties(KafkaPropertyCatalog.split(properties).producer, producerProperties)
    }

    /// Worker `worker`'s `group.instance.id`: one static member per worker, the same after every restart.
    package func memberInstanceID(worker: Int) -> String? {
        instanceID.map { "\($0)-\(worker)" }
    }

    private func clientProperties(_ shared: [String: String], _ own: [String: String]) -> [String: String] {
        var result = shared.merging(own) { _, own in own }
        for (name, secret) in secrets { result[name] = secret.value }
        return result
    }
}
