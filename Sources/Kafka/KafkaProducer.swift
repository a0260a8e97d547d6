import CRdKafka
import Logging
import SyslogSeverity

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends records to Kafka; delivery happens in the background and is counted from delivery reports.
///
/// `@unchecked Sendable` because librdkafka producers are thread-safe: `rd_kafka_produceva`, `rd_kafka_poll`
/// and `rd_kafka_flush` may be called from any thread at once, and our own state is atomic counters. `send`
/// and `flush` block (on a full queue, or until delivered), so call them off Swift's cooperative pool.
package final class KafkaProducer: @unchecked Sendable {
    private let handle: RDKafkaHandle
    private let context: RDKafkaProducerContext

    package init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let context = RDKafkaProducerContext(logger: logger, deliveryLog: configuration.deliveryLog)
        var properties = ["log_level": "\(logger.logLevel.syslogSeverity)"]
        properties.merge(configuration.librdkafkaProperties) { _, configured in configured }
        handle = try RDKafkaHandle(type: RD_KAFKA_PRODUCER, properties: properties, context: context) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message else { return }
                RDKafkaProducerContext.of(opaque: opaque)?.deliveryReport(message)
            }
        }
        self.context = context
    }

    /// Queues one record; key and value are copied (RD_KAFKA_MSG_F_COPY), so the arrays may go at once.
    /// When librdkafka's queue is full, serves delivery reports for a moment and tries again; other errors
    /// are thrown. A `nil` partition lets the partitioner choose (by key).
    package func send(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]?,
        value: [UInt8],
        headers: [(String, [UInt8])] = []
    ) throws(KafkaError) {
        var headerList = Self.makeHeaders(headers)
        // produceva owns the header list only when it succeeds.
        defer { if let headerList { rd_kafka_headers_destroy(headerList) } }
        let createdAt = context.deliveryLog == nil ? nil : Self.nowMilliseconds()
        while true {
            let error = produce(
                topic: topic, partition: partition, key: key, value: value, headers: headerList, createdAt: createdAt)
            guard let error else {
                headerList = nil
                rd_kafka_poll(handle.pointer, 0)
                return
            }
            let failure = KafkaError(consuming: error)
            guard failure.code == .queueFull else { throw failure }
            rd_kafka_poll(handle.pointer, 100)
        }
    }

    /// One rd_kafka_produceva call; the pointers it gets live only for the call, which F_COPY permits.
    ///
    /// With `createdAt`, the record's CreateTime is set to it and the same milliseconds ride along as
    /// the message opaque (its bit pattern, never dereferenced): the delivery report's own timestamp
    /// cannot be used, because a broker's LogAppendTime replaces it there (librdkafka's mock cluster
    /// reports 1234), while consumers still see the CreateTime.
    private func produce(
        topic: String,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8],
        headers: OpaquePointer?,
        createdAt: Int64?
    ) -> OpaquePointer? {
        topic.withCString { topicName in
            value.withUnsafeBytes { valueBytes in
                Self.withOptionalBytes(key) { keyBytes in
                    var values = [
                        starsink_vu_topic(topicName),
                        starsink_vu_partition(partition ?? starsink_partition_unassigned()),
                        starsink_vu_copy_flag(),
                        // A non-NULL pointer even for an empty value: NULL would make it a tombstone.
                        starsink_vu_value(valueBytes.baseAddress ?? UnsafeRawPointer(topicName), valueBytes.count),
                    ]
                    if let keyBytes {
                        let start = keyBytes.baseAddress ?? UnsafeRawPointer(topicName)
                        values.append(starsink_vu_key(start, keyBytes.count))
                    }
                    if let headers { values.append(starsink_vu_headers(headers)) }
                    if let createdAt {
                        values.append(starsink_vu_timestamp(createdAt))
                        values.append(starsink_vu_opaque(UnsafeMutableRawPointer(bitPattern: Int(createdAt))))
                    }
                    return rd_kafka_produceva(handle.pointer, values, values.count)
                }
            }
        }
    }

    /// The wall clock in milliseconds since the epoch, as librdkafka takes it for a CreateTime.
    private static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }

    private static func makeHeaders(_ headers: [(String, [UInt8])]) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        let list = rd_kafka_headers_new(headers.count)!
        for (name, value) in headers {
            // rd_kafka_header_add copies name and value.
            value.withUnsafeBytes { bytes in
                _ = rd_kafka_header_add(list, name, -1, bytes.baseAddress, bytes.count)
            }
        }
        return list
    }

    /// Fetches the topic's metadata, which also connects to the brokers: a paced producer calls it
    /// before its clock starts, so its first records do not wait for the connection (measured: about
    /// a second of records arriving late, the whole p99 of a ten-second latency run).
    package func prepare(topic: String, timeoutMilliseconds: Int32) throws(KafkaError) {
        guard let handleTopic = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw KafkaError(rd_kafka_last_error())
        }
        defer { rd_kafka_topic_destroy(handleTopic) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle.pointer, 0, handleTopic, &metadata, timeoutMilliseconds)
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
    }

    /// Waits until every queued record is delivered or failed; throws `_TIMED_OUT` if some remain.
    package func flush(timeoutMilliseconds: Int32) throws(KafkaError) {
        let err = rd_kafka_flush(handle.pointer, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let remaining = rd_kafka_outq_len(handle.pointer)
            throw KafkaError(
                err, message: "\(remaining) Kafka messages still undelivered after \(timeoutMilliseconds) ms")
        }
    }

    /// Delivery reports that carried an error (each is also logged).
    package var deliveryFailures: Int { context.failed.load(ordering: .relaxed) }
    package var deliveredCount: Int { context.delivered.load(ordering: .relaxed) }
}
