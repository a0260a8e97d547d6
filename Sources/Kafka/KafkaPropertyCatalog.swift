/// Which librdkafka properties belong to which client, and which hold secrets.
///
/// The tables follow the C/P column of librdkafka's CONFIGURATION.md (global and topic properties). A
/// property set on the wrong kind of client is ignored with a `CONFWARN` warning at every start
/// ("… is a consumer property and will be ignored by this producer instance"), so the daemon hands each
/// client only what applies to it. Properties in neither table apply to both. Only names are typed here;
/// values pass through to librdkafka, which validates them.
package enum KafkaPropertyCatalog {
    /// The client a property applies to.
    package enum Scope: Sendable, Equatable {
        case consumer
        case producer
        case both
    }

    package static func scope(of name: String) -> Scope {
        if consumerOnly.contains(name) { return .consumer }
        if producerOnly.contains(name) { return .producer }
        return .both
    }

    /// Splits shared properties into what the consumers and what the producer should get.
    package static func split(_ properties: [String: String]) -> (
        consumer: [String: String], producer: [String: String]
    ) {
        var consumer: [String: String] = [:]
        var producer: [String: String] = [:]
        for (name, value) in properties {
            switch scope(of: name) {
            case .consumer: consumer[name] = value
            case .producer: producer[name] = value
            case .both:
                consumer[name] = value
                producer[name] = value
            }
        }
        return (consumer, producer)
    }

    /// Properties whose value is a secret: they must come from a file (`kafka.secret_files`), never from the
    /// world-readable configuration. Aliases are listed with their targets.
    package static let secrets: Set<String> = [
        "sasl.password",
        "ssl.key.password",
        "ssl.key.pem",
        "ssl.keystore.password",
        "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.client.credentials.client.secret",
        "sasl.oauthbearer.assertion.private.key.passphrase",
        "sasl.oauthbearer.assertion.private.key.pem",
    ]

    /// `C` in CONFIGURATION.md.
    package static let consumerOnly: Set<String> = [
        "group.id", "group.instance.id", "partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms",
        "group.protocol.type", "group.protocol", "group.remote.assignor", "coordinator.query.interval.ms",
        "max.poll.interval.ms", "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.wait.max.ms", "fetch.queue.backoff.ms",
        "fetch.message.max.bytes", "max.partition.fetch.bytes", "fetch.max.bytes", "fetch.min.bytes",
        "fetch.error.backoff.ms", "offset.store.method", "isolation.level", "consume_cb", "rebalance_cb",
        "offset_commit_cb", "enable.partition.eof", "check.crcs",
        // Topic-level consumer properties.
        "auto.commit.enable", "auto.offset.reset", "offset.store.path", "offset.store.sync.interval.ms",
        "consume.callback.max.messages",
    ]

    /// `P` in CONFIGURATION.md.
    package static let producerOnly: Set<String> = [
        "transactional.id", "transaction.timeout.ms", "enable.idempotence", "enable.gapless.guarantee",
        "queue.buffering.max.messages", "queue.buffering.max.kbytes", "queue.buffering.max.ms", "linger.ms",
        "message.send.max.retries", "retries", "queue.buffering.backpressure.threshold", "compression.codec",
        "compression.type", "batch.num.messages", "batch.size", "delivery.report.only.error", "dr_cb", "dr_msg_cb",
        "sticky.partitioning.linger.ms",
        // Topic-level producer properties.
        "request.required.acks", "acks", "request.timeout.ms", "message.timeout.ms", "delivery.timeout.ms",
        "queuing.strategy", "produce.offset.report", "partitioner", "partitioner_cb", "msg_order_cmp",
        "compression.level",
    ]
}
