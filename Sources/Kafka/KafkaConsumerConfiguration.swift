/// What a `KafkaConsumer` needs; anything else is a librdkafka property passed through as-is.
package struct KafkaConsumerConfiguration: Sendable {
    package var brokers: String
    package var groupID: String
    /// `group.instance.id`: static group membership (KIP-345). A member that leaves and rejoins with the
    /// same id within `session.timeout.ms` gets its partitions back without a group-wide rebalance.
    package var instanceID: String?
    /// librdkafka properties (`security.protocol`, `sasl.*`, ...), applied after our defaults so they win.
    package var properties: [String: String]

    package init(brokers: String, groupID: String, instanceID: String? = nil, properties: [String: String] = [:]) {
        self.brokers = brokers
        self.groupID = groupID
        self.instanceID = instanceID
        self.properties = properties
    }

    /// Our defaults, chosen for a consumer that stores its offsets elsewhere (the warehouse) and commits to
    /// Kafka only for lag monitoring.
    var librdkafkaProperties: [String: String] {
        var result = [
            "bootstrap.servers": brokers,
            "group.id": groupID,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": "earliest",
            "enable.partition.eof": "false",
            // The shortest session a real broker accepts by default (group.min.session.timeout.ms = 6000);
            // librdkafka's default is 45 s. The mock cluster completes a rebalance caused by a member joining
            // or leaving only after session.timeout.ms - 1 s (measured: 5 s here, 44 s with the default).
            // Frequent heartbeats let the members notice a rebalance sooner. topic.metadata.refresh.interval.ms
            // does not speed joins up (measured).
            "session.timeout.ms": "6000",
            "heartbeat.interval.ms": "500",
        ]
        if let instanceID { result["group.instance.id"] = instanceID }
        result.merge(properties) { _, user in user }
        return result
    }
}
