import CRdKafka

extension KafkaError.Code {
    init(_ err: rd_kafka_resp_err_t) { self.init(rawValue: err.rawValue) }

    /// librdkafka's name for the code (`rd_kafka_err2name`): `_QUEUE_FULL`, `OFFSET_OUT_OF_RANGE`.
    package var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: rawValue))) }

    /// librdkafka's sentence for the code (`rd_kafka_err2str`).
    var text: String { String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(rawValue: rawValue))) }

    /// The producer's local queue is full (`queue.buffering.max.messages` or `.kbytes`): poll, then retry.
    package static let queueFull = Self(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    /// No broker connection (or it broke); librdkafka reconnects by itself.
    package static let transport = Self(RD_KAFKA_RESP_ERR__TRANSPORT)
    package static let invalidArgument = Self(RD_KAFKA_RESP_ERR__INVALID_ARG)
    /// The operation does not fit the partition's state yet (a `seek` before its fetch has started).
    package static let state = Self(RD_KAFKA_RESP_ERR__STATE)
    /// The client raised a fatal error and is unusable; `KafkaError.fatal(client:)` tells which.
    package static let fatal = Self(RD_KAFKA_RESP_ERR__FATAL)
    /// The consumer reset a partition's position by `auto.offset.reset` (a retention gap, seen locally).
    package static let autoOffsetReset = Self(RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET)
    /// The broker no longer (or not yet) has the requested offset.
    package static let offsetOutOfRange = Self(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)
    /// Another consumer joined the group with this static member's `group.instance.id`.
    package static let fencedInstanceID = Self(RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID)
}

extension KafkaError {
    /// An error from a bare librdkafka error code, with librdkafka's description unless `message` is given;
    /// whether it is retriable or fatal follows from the code.
    package init(_ code: Code, message: String? = nil, topicPartition: TopicPartition? = nil) {
        self.init(
            code: code,
            message: message ?? code.text,
            isRetriable: Self.retriableCodes.contains(code.rawValue),
            isFatal: code == .fatal,
            topicPartition: topicPartition
        )
        isFencedInstance = code == .fencedInstanceID
    }

    init(_ err: rd_kafka_resp_err_t, message: String? = nil, topicPartition: TopicPartition? = nil) {
        self.init(Code(err), message: message, topicPartition: topicPartition)
    }

    /// Takes over an `rd_kafka_error_t` (and destroys it): it knows itself whether it is retriable or fatal.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: Code(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// An error delivered as a consumer event; `_FATAL` is replaced by the underlying fatal error.
    init(message: UnsafeMutablePointer<rd_kafka_message_t>, client: OpaquePointer) {
        let raw = message.pointee
        var partition: TopicPartition?
        if let rkt = raw.rkt, raw.partition >= 0 {
            partition = TopicPartition(topic: String(cString: rd_kafka_topic_name(rkt)), partition: raw.partition)
        }
        if raw.err == RD_KAFKA_RESP_ERR__FATAL {
            self = .fatal(client: client)
            self.topicPartition = partition
            return
        }
        self.init(raw.err, message: String(cString: rd_kafka_message_errstr(message)), topicPartition: partition)
    }

    /// The error that made `client` unusable (after librdkafka raised `_FATAL`).
    static func fatal(client: OpaquePointer) -> KafkaError {
        var buffer = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(client, &buffer, buffer.count)
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var error = KafkaError(err, message: text.isEmpty ? nil : text)
        error.isFatal = true
        error.isRetriable = false
        return error
    }

    /// Codes after which librdkafka (or a later retry of ours) can succeed without anyone intervening.
    private static let retriableCodes: Set<Int32> = Set(
        [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__IN_PROGRESS,
            RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS, RD_KAFKA_RESP_ERR__MAX_POLL_EXCEEDED,
            RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
            RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND, RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT, RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
        ].map(\.rawValue)
    )
}
