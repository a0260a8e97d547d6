import CRdKafka
import Logging
import Synchronization

/// The callback context of a `KafkaProducer`: counts delivery reports, and notes each delivered
/// record in the configuration's `DeliveryLog` if it has one.
///
/// Threading: dr_msg_cb runs on whichever thread calls `rd_kafka_poll`/`rd_kafka_flush` — any of the
/// producer's callers — so the counters are atomics and the log is behind its own Mutex.
final class RDKafkaProducerContext: RDKafkaClientContext {
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let deliveryLog: DeliveryLog?

    init(logger: Logger, deliveryLog: DeliveryLog?) {
        self.deliveryLog = deliveryLog
        super.init(logger: logger)
    }

    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>) {
        let err = message.pointee.err
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            delivered.add(1, ordering: .relaxed)
            if let deliveryLog {
                // `KafkaProducer.send` put the create time in the opaque; see `produce`.
                deliveryLog.record(
                    DeliveryLog.Entry(
                        partition: message.pointee.partition, offset: message.pointee.offset,
                        createdAtMilliseconds: Int64(Int(bitPattern: message.pointee._private))))
            }
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
