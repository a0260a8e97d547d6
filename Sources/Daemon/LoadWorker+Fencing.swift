import Kafka
import Logging

extension LoadWorker {
    /// The broker fenced this worker's static membership: another consumer joined the group with the same
    /// `group.instance.id` and holds our partitions now; librdkafka made this consumer unusable (a fatal
    /// error). Loading stops here — the batch being collected belongs to the other consumer now, and the
    /// warehouse's offset fence would refuse it anyway — and the daemon is asked to stop (`HaltSignal`).
    func stopFenced(_ error: KafkaError) {
        let member = configuration.kafka.memberInstanceID(worker: id) ?? "?"
        let reason =
            "fenced: another consumer joined group \(configuration.kafka.groupID) as \(member); "
            + "kafka.instance_id \(configuration.kafka.instanceID ?? "?") must be unique per daemon"
        logger.error(
            "Kafka consumer fenced: another consumer uses this group.instance.id; stopping",
            metadata: [
                "error.code": "\(error.code)", "error": "\(error.message)",
                "kafka.group": "\(configuration.kafka.groupID)",
            ])
        context.halt?.report(reason)
        fenced = true
        pending = []
        pendingBytes = 0
    }
}
