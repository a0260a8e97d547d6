import CRdKafka

extension KafkaMessage {
    /// Copies a successfully consumed `rd_kafka_message_t` (the caller still destroys it).
    init(_ message: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) {
        let raw = message.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        self.init(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            key: raw.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.key_len)) },
            payload: raw.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? [],
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            headers: Self.headers(of: message)
        )
    }

    private static func headers(
        of message: UnsafeMutablePointer<rd_kafka_message_t>
    ) -> [(key: String, value: [UInt8])] {
        // The headers stay owned by the message.
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
        var result: [(key: String, value: [UInt8])] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            result.append((key: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }
}
