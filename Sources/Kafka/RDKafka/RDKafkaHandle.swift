import CRdKafka

/// Owns one `rd_kafka_t` and the context its callbacks reach; destroys both in that order.
///
/// `rd_kafka_t` itself is thread-safe; what each owner may do from which thread is stated by the owner
/// (`KafkaConsumer`, `KafkaProducer`, `KafkaMockCluster`).
final class RDKafkaHandle {
    let pointer: OpaquePointer
    let context: RDKafkaClientContext
    private let opaque: UnsafeMutableRawPointer

    /// `configure` may install more callbacks on the configuration before the client is created.
    init(
        type: rd_kafka_type_t,
        properties: [String: String],
        context: RDKafkaClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        let opaque = context.retainedOpaque()
        do {
            let conf = try RDKafkaConfiguration.make(properties: properties, opaque: opaque)
            configure(conf)
            pointer = try RDKafkaConfiguration.makeClient(type: type, conf: conf)
        } catch {
            // No client exists, so no callback can run: the reference can go now.
            RDKafkaClientContext.release(opaque)
            throw error
        }
        self.context = context
        self.opaque = opaque
    }

    deinit {
        rd_kafka_destroy(pointer)
        // rd_kafka_destroy has joined librdkafka's threads: no callback can still see the context.
        RDKafkaClientContext.release(opaque)
    }

    /// The client's name (`rdkafka#consumer-1`), for log metadata.
    var name: String { String(cString: rd_kafka_name(pointer)) }
}
