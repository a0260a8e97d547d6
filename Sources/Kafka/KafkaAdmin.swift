import CRdKafka
import Logging
import SyslogSeverity

/// Broker-side facts an operator command needs about one topic and one consumer group: partitions, log
/// start and end, offsets by time, the group's members, and a record's timestamp. It joins no group and
/// commits nothing, so asking never disturbs a running consumer.
///
/// Threading rule: use it from one thread at a time (the command line's main thread). Every call blocks up
/// to its timeout, so never call it from Swift's cooperative thread pool.
package final class KafkaAdmin {
    private let handle: RDKafkaHandle

    /// `properties` are passed to librdkafka as they are (security.protocol, sasl.*, …).
    package init(brokers: String, properties: [String: String] = [:], logger: Logger) throws(KafkaError) {
        var all = [
            "log_level": "\(min(logger.logLevel.syslogSeverity, 4))",
            "bootstrap.servers": brokers,
            "enable.auto.commit": "false",
            // Asking about a mistyped topic must not create it on a broker with auto.create.topics.enable.
            // (The 2.0.2 mock cluster creates it anyway: it speaks Metadata v2, which has no such flag.)
            "allow.auto.create.topics": "false",
            // Reading one record's timestamp (`recordTimestamp`) should fetch that record, not 100,000.
            "queued.min.messages": "1",
            "fetch.message.max.bytes": "65536",
        ]
        all.merge(properties) { _, user in user }
        handle = try RDKafkaHandle(
            type: RD_KAFKA_CONSUMER, properties: all, context: RDKafkaClientContext(logger: logger))
    }

    /// The topic's partition ids, sorted, from the cluster's metadata.
    package func partitions(of topic: String, timeoutMilliseconds: Int32) throws(KafkaError) -> [Int32] {
        let topicHandle = try topicHandle(topic)
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata_t>?
        let err = rd_kafka_metadata(handle.pointer, 0, topicHandle, &metadata, timeoutMilliseconds)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(err) }
        guard metadata.pointee.topic_cnt >= 1, let entry = metadata.pointee.topics else {
            throw KafkaError(
                RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, message: "the cluster does not know topic \(topic)")
        }
        guard entry.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                entry.pointee.err, message: "topic \(topic): \(String(cString: rd_kafka_err2str(entry.pointee.err)))")
        }
        return (0..<Int(entry.pointee.partition_cnt)).map { entry.pointee.partitions[$0].id }.sorted()
    }

    /// The partition's log start and log end (the offset the next record will get), asked from its leader.
    package func watermarks(_ partition: TopicPartition, timeoutMilliseconds: Int32) throws(KafkaError) -> (
        start: Int64, end: Int64
    ) {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(
            handle.pointer, partition.topic, partition.partition, &low, &high, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, topicPartition: partition) }
        return (low, high)
    }

    /// Per partition, the earliest offset whose record timestamp is at or after `milliseconds` (Unix epoch),
    /// or nil when no record is that recent (Kafka's ListOffsets by time). librdkafka 2.0.2's mock cluster
    /// answers nil for every time: see `OffsetTimeLookup` in the daemon for how that is caught.
    package func offsets(
        atOrAfter milliseconds: Int64, _ partitions: [TopicPartition],
        timeoutMilliseconds: Int32
    ) throws(KafkaError) -> [TopicPartition: Int64?] {
        let list = RDKafkaPartitionList.make(partitions.map { ($0, milliseconds) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_for_times(handle.pointer, list, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
        if let failed = RDKafkaPartitionList.firstError(list) { throw failed }
        var result: [TopicPartition: Int64?] = [:]
        RDKafkaPartitionList.forEach(list) { partition, element in
            let offset: Int64? = element.pointee.offset >= 0 ? element.pointee.offset : nil
            result[partition] = .some(offset)
        }
        return result
    }

    /// The group's state and members, from its coordinator.
    package func group(_ groupID: String, timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaGroupLookup {
        var list: UnsafePointer<rd_kafka_group_list>?
        let err = rd_kafka_list_groups(handle.pointer, groupID, &list, timeoutMilliseconds)
        defer { if let list { rd_kafka_group_list_destroy(list) } }
        if err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE {
            return .unsupported(
                reason: "the brokers cannot describe consumer groups (\(String(cString: rd_kafka_err2str(err))))")
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError(
                err, message: "cannot describe group \(groupID): \(String(cString: rd_kafka_err2str(err)))")
        }
        for index in 0..<Int(list.pointee.group_cnt) {
            let info = list.pointee.groups[index]
            guard String(cString: info.group) == groupID else { continue }
            guard info.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(
                    info.err,
                    message: "cannot describe group \(groupID): \(String(cString: rd_kafka_err2str(info.err)))")
            }
            let members = (0..<Int(info.member_cnt)).map { member in
                let raw = info.members[member]
                return KafkaGroupDescription.Member(
                    memberID: Self.text(raw.member_id), clientID: Self.text(raw.client_id),
                    clientHost: Self.text(raw.client_host))
            }
            return .described(KafkaGroupDescription(groupID: groupID, state: Self.text(info.state), members: members))
        }
        // A coordinator that never saw the group describes it as Dead; one that lists nothing says the same.
        return .described(KafkaGroupDescription(groupID: groupID, state: "Dead", members: []))
    }

    /// The first record at or after `offset` in the partition: its offset and timestamp (milliseconds since
    /// the epoch), or nil when there is none within the timeout. Reads through librdkafka's simple consumer,
    /// which belongs to no group.
    package func recordTimestamp(
        at offset: Int64, _ partition: TopicPartition,
        timeoutMilliseconds: Int32
    ) throws(KafkaError) -> (offset: Int64, milliseconds: Int64)? {
        let topicHandle = try topicHandle(partition.topic)
        defer { rd_kafka_topic_destroy(topicHandle) }
        guard rd_kafka_consume_start(topicHandle, partition.partition, offset) == 0 else {
            throw KafkaError(rd_kafka_last_error(), topicPartition: partition)
        }
        defer { rd_kafka_consume_stop(topicHandle, partition.partition) }
        guard let message = rd_kafka_consume(topicHandle, partition.partition, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                message.pointee.err, message: String(cString: rd_kafka_message_errstr(message)),
                topicPartition: partition)
        }
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &type)
        guard type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE else {
            throw KafkaError(
                RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED, message: "the record at \(message.pointee.offset) has no timestamp",
                topicPartition: partition)
        }
        return (message.pointee.offset, milliseconds)
    }

    private func topicHandle(_ topic: String) throws(KafkaError) -> OpaquePointer {
        guard let topicHandle = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw KafkaError(rd_kafka_last_error(), message: "cannot open topic \(topic)")
        }
        return topicHandle
    }

    private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
