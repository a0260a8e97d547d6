extension KafkaError {
    /// librdkafka's `rd_kafka_resp_err_t`, kept as its number so that callers compare codes, never names
    /// (as swift-kafka-client keeps the C code and postgres-nio keeps `PSQLError.Code`).
    ///
    /// Negative codes are local to the client (`_TRANSPORT`, `_QUEUE_FULL`), the others are Kafka
    /// protocol errors (`OFFSET_OUT_OF_RANGE`). The codes starsink reacts to are static members and
    /// `name` is librdkafka's own (`rd_kafka_err2name`); both are defined in `RDKafka/`, beside the C
    /// import, so no C type leaves this module.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package var rawValue: Int32

        package init(rawValue: Int32) { self.rawValue = rawValue }

        /// The name, as logs and error descriptions have always shown it.
        package var description: String { name }
    }
}
