import CRdKafka
import Logging
import SyslogSeverity

/// librdkafka's mock cluster: a Kafka-protocol cluster on loopback TCP inside this process, with consumer
/// groups, offsets and fault injection. For development (`starsink dev-kafka`, `demo`) and tests.
///
/// Limits (librdkafka 2.0.2): it keeps only the newest ~5 MiB per partition; data lives in memory; a group's
/// first join always takes 3 s (a fixed initial rebalance delay), and each later rebalance (a member joins
/// or leaves) about `session.timeout.ms` − 1 s, so consumers need `session.timeout.ms` > 3000 (below that
/// the first join never completes: the member expires while the group waits). A broker set down still
/// serves some requests in 2.0.2 (newer versions close its listener too). Keep a reference for as long as
/// clients use it: its deinit shuts the brokers down.
///
/// `@unchecked Sendable` because every `rd_kafka_mock_*` call hands its work to the cluster's own thread and
/// waits for it, so they may be called from any thread; our own state is immutable.
package final class KafkaMockCluster: @unchecked Sendable {
    /// The client handle the cluster lives in: it creates the cluster and destroys it with itself.
    private let handle: RDKafkaHandle
    /// Owned by `handle`.
    private let cluster: OpaquePointer
    package let brokerIDs: [Int32]
    package let bootstrapServers: String

    package init(brokers: Int, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: "a mock cluster needs at least one broker")
        }
        handle = try RDKafkaHandle(
            type: RD_KAFKA_PRODUCER,
            properties: [
                "log_level": "\(logger.logLevel.syslogSeverity)",
                // Rather than rd_kafka_mock_cluster_new on a bare handle, which warns that the handle itself
                // has no bootstrap.servers: this way the handle points at its own cluster.
                "test.mock.num.brokers": "\(brokers)",
            ],
            context: RDKafkaClientContext(logger: logger)
        )
        guard let cluster = rd_kafka_handle_mock_cluster(handle.pointer) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, message: "cannot start the mock Kafka cluster")
        }
        self.cluster = cluster
        // The mock cluster numbers its brokers 1...n.
        brokerIDs = Array(1...Int32(clamping: brokers))
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        logger.info("Mock Kafka cluster started", metadata: ["kafka.bootstrap_servers": "\(bootstrapServers)"])
    }

    package func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor), "create topic \(name)")
    }

    /// Takes a broker down (its connections close, it refuses new ones) or brings it back.
    package func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        let err = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        try check(err, "set broker \(id) \(up ? "up" : "down")")
    }

    /// Makes the next requests with `apiKey` (any broker) fail with `errorCodes`, in order (Kafka protocol
    /// codes, e.g. 7 = REQUEST_TIMED_OUT).
    package func pushRequestErrors(apiKey: Int16, errorCodes: [Int32]) {
        let errors = errorCodes.map { rd_kafka_resp_err_t(rawValue: $0) }
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, errors.count, errors)
    }

    /// Delays every response of a broker.
    package func setRoundTripTime(broker: Int32, milliseconds: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster, broker, milliseconds), "set broker \(broker) round trip time")
    }

    private func check(_ err: rd_kafka_resp_err_t, _ action: String) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, message: "mock cluster: cannot \(action): \(String(cString: rd_kafka_err2str(err)))")
        }
    }
}
