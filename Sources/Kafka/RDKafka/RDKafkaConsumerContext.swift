import CRdKafka
import Logging
import Synchronization

/// The callback context of a `KafkaConsumer`: routes rebalances to its listener and collects errors that
/// librdkafka reports outside the message stream, so `poll` can return them as events.
///
/// Threading: `listener` and `rebalance` are touched only on the consumer's polling thread (rebalance_cb and
/// offset_commit_cb are served from inside `rd_kafka_consumer_poll` / `rd_kafka_consumer_close`). Pending errors
/// arrive from librdkafka's own threads (log_cb) and are guarded by a `Mutex`; an `Atomic` count keeps the
/// per-poll check lock-free when there are none.
final class RDKafkaConsumerContext: RDKafkaClientContext {
    weak var listener: KafkaRebalanceListener?
    private let pending = Mutex<[KafkaError]>([])
    private let pendingCount = Atomic<Int>(0)

    func enqueue(_ error: KafkaError) {
        pending.withLock { $0.append(error) }
        pendingCount.add(1, ordering: .releasing)
    }

    func takePendingError() -> KafkaError? {
        guard pendingCount.load(ordering: .acquiring) > 0 else { return nil }
        let error = pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if error != nil { pendingCount.subtract(1, ordering: .relaxed) }
        return error
    }

    /// librdkafka 2.x does not report an offset reset caused by OFFSET_OUT_OF_RANGE as a consumer error when
    /// `auto.offset.reset` is `earliest`/`latest`: it only logs a warning (facility OFFSET, "offset reset").
    /// Records were skipped or will be re-read, so the caller must see it: we turn that line into an
    /// `_AUTO_OFFSET_RESET` event. It is logged before the fetch at the new offset starts, so the event is
    /// queued before any message from the new position can be polled.
    override func log(level: Int32, facility: String, message: String) {
        super.log(level: level, facility: facility, message: message)
        guard facility == "OFFSET", level <= 4, message.contains("offset reset") else { return }
        enqueue(
            KafkaError(
                RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET,
                message: message,
                topicPartition: Self.partition(fromOffsetLog: message)
            )
        )
    }

    /// Client errors (connection failures, all brokers down, fatal) become `.error` events of `poll`; the
    /// caller decides how loudly to log them. (librdkafka's `rd_kafka_consumer_poll` never returns these
    /// itself: without an error_cb it only logs them.)
    override func clientError(_ error: KafkaError) {
        logger.debug("Kafka client error", metadata: ["kafka.error": "\(error)"])
        enqueue(error)
    }

    /// Parses `[thrd:main]: topic [3]: offset reset ...` (topic names cannot contain spaces or brackets).
    static func partition(fromOffsetLog line: String) -> TopicPartition? {
        var message = Substring(line)
        if message.hasPrefix("[thrd:"), let end = message.firstIndex(of: "]") {
            message = message[message.index(after: end)...].drop { $0 == ":" || $0 == " " }
        }
        guard let open = message.firstIndex(of: "["), let close = message.firstIndex(of: "]"), open < close,
            let partition = Int32(message[message.index(after: open)..<close])
        else { return nil }
        var topic = message[..<open]
        while topic.last == " " { topic = topic.dropLast() }
        return topic.isEmpty ? nil : TopicPartition(topic: String(topic), partition: partition)
    }

    /// rebalance_cb: tell the listener, then (un)assign — paused, if the listener said so. Eager protocol
    /// unless the user configured a cooperative assignor, which needs the incremental calls.
    func rebalance(
        client: OpaquePointer,
        err: rd_kafka_resp_err_t,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let partitions = RDKafkaPartitionList.partitions(list)
        let cooperative = rd_kafka_rebalance_protocol(client).map { String(cString: $0) } == "COOPERATIVE"
        var assignError: OpaquePointer?
        var legacyError = RD_KAFKA_RESP_ERR_NO_ERROR
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            let start = listener?.partitionsAssigned(partitions) ?? .offsets([:])
            if case .offsets(let offsets) = start {
                RDKafkaPartitionList.forEach(list) { partition, element in
                    if let offset = offsets[partition] { element.pointee.offset = offset }
                }
            }
            logger.info("Kafka partitions assigned", metadata: ["kafka.partitions": "\(partitions.sorted())"])
            if cooperative {
                assignError = rd_kafka_incremental_assign(client, list)
            } else {
                legacyError = rd_kafka_assign(client, list)
            }
            if start == .paused { pause(client: client, list: list) }
        default:
            if err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS {
                logger.error("Kafka rebalance failed", metadata: ["kafka.error": "\(KafkaError(err))"])
            }
            listener?.partitionsRevoked(partitions)
            logger.info(
                "Kafka partitions revoked",
                metadata: [
                    "kafka.partitions": "\(partitions.sorted())",
                    "kafka.assignment_lost": "\(rd_kafka_assignment_lost(client) != 0)",
                ]
            )
            if cooperative {
                assignError = rd_kafka_incremental_unassign(client, list)
            } else {
                legacyError = rd_kafka_assign(client, nil)
            }
        }
        if let assignError {
            enqueue(KafkaError(consuming: assignError))
        } else if legacyError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let reason = String(cString: rd_kafka_err2str(legacyError))
            enqueue(KafkaError(legacyError, message: "assign failed: \(reason)"))
        }
    }

    /// Pauses partitions just assigned, before anything of them can reach `poll`: `rd_kafka_assign` has created
    /// them, and the fetch it starts is asynchronous; pausing bumps each partition's version barrier, so
    /// messages fetched in between are dropped inside librdkafka. A partition that cannot be paused is
    /// reported as an error event; its owner must not take its messages before it has positioned it.
    private func pause(client: OpaquePointer, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        guard let list else { return }
        let err = rd_kafka_pause_partitions(client, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            enqueue(KafkaError(err, message: "pausing the assigned partitions failed"))
        } else if let failed = RDKafkaPartitionList.firstError(list) {
            enqueue(failed)
        }
    }

    /// offset_commit_cb: asynchronous commits report here; they are informational, so failures are logged.
    func commitCompleted(err: rd_kafka_resp_err_t, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        if err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET {
            if let list, let failed = RDKafkaPartitionList.firstError(list) {
                logger.warning("Kafka offset commit failed", metadata: ["kafka.error": "\(failed)"])
            }
            return
        }
        logger.warning("Kafka offset commit failed", metadata: ["kafka.error": "\(KafkaError(err))"])
    }
}

extension RDKafkaConsumerContext {
    /// The context from the opaque argument of a consumer callback.
    static func of(opaque: UnsafeMutableRawPointer?) -> RDKafkaConsumerContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue() as? RDKafkaConsumerContext
    }
}
