import CRdKafka
import Synchronization

/// The callback context of a `KafkaProducer`: counts delivery reports.
///
/// Threading: dr_msg_cb runs on whichever thread calls `rd_kafka_poll`/`rd_kafka_flush` — any of the
/// producer's callers — so the counters are atomics.
final class RDKafkaProducerContext: RDKafkaClientContext {
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)

    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>) {
        let err = message.pointee.err
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            delivered.add(1, ordering: .relaxed)
            return
        }
        failed.add(1, ordering: .relaxed)
        var partition: TopicPartition?
        if let topic = message.pointee.rkt {
            let name = String(cString: rd_kafka_topic_name(topic))
            partition = TopicPartition(topic: name, partition: message.pointee.partition)
        }
        logger.warning(
            "Kafka message delivery failed",
            metadata: ["kafka.error": "\(KafkaError(err, topicPartition: partition))"]
        )
    }

    static func of(opaque: UnsafeMutableRawPointer?) -> RDKafkaProducerContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue() as? RDKafkaProducerContext
    }
}
