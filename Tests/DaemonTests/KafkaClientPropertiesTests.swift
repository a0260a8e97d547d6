import Kafka
import Logging
import Testing
import TestSupport
@testable import Daemon

/// The clients as the daemon builds them (WorkerPool's dead-letter producer, LoadWorker's consumers), seen
/// through librdkafka's own log callback: its `CONFWARN` lines and, with `debug: conf`, the configuration
/// dump each client logs when it is created.
@Suite struct KafkaClientPropertiesTests {
    /// The `CONF` dump lines of one client (`[thrd:app]:   session.timeout.ms = 7000`), without the thread prefix.
    func configurationDump(_ capture: LogCapture) -> [String] {
        capture.records.filter { $0.metadata["kafka.facility"] == "CONF" }.map { record in
            let message =
                record.message.hasPrefix("[thrd:")
                ? record.message.drop { $0 != "]" }.dropFirst(2) : Substring(record.message)
            return message.trimmingCharacters(in: .whitespaces)
        }
    }

    func warnings(_ capture: LogCapture) -> [String] {
        capture.records.filter { $0.level >= .warning }.map(\.message)
    }

    @Test(.timeLimit(.minutes(1)))
    func aConsumerPropertyReachesTheConsumerAndDoesNotWarnTheProducer() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: Logger(label: "mock"))
        let kafka = try ConfigurationLoader.parse(
            yaml: """
                kafka:
                  brokers: "\(cluster.bootstrapServers)"
                  instance_id: host-a
                  properties: {session.timeout.ms: "7000", queue.buffering.max.ms: "20", debug: conf}
                warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=/tmp/x.db"}
                """, file: "test.yaml", context: .init(credentialsDirectory: nil, hostName: "h")
        ).kafka

        let producerLogs = LogCapture()
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                brokers: kafka.brokers, properties: kafka.producerClientProperties),
            logger: producerLogs.logger(level: .debug))
        let consumerLogs = LogCapture()
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                brokers: kafka.brokers, groupID: kafka.groupID, instanceID: kafka.memberInstanceID(worker: 1),
                properties: kafka.consumerClientProperties),
            logger: consumerLogs.logger(level: .debug))

        #expect(warnings(producerLogs).isEmpty, "\(warnings(producerLogs))")
        #expect(warnings(consumerLogs).isEmpty, "\(warnings(consumerLogs))")
        let producerDump = configurationDump(producerLogs)
        #expect(producerDump.contains("queue.buffering.max.ms = 20"), "\(producerDump)")
        #expect(!producerDump.contains { $0.hasPrefix("session.timeout.ms") })
        let consumerDump = configurationDump(consumerLogs)
        #expect(consumerDump.contains("session.timeout.ms = 7000"), "\(consumerDump)")
        #expect(consumerDump.contains("group.instance.id = host-a-1"), "\(consumerDump)")
        consumer.close()
        _ = producer

        // The control: the same properties unsplit make librdkafka warn, and the capture sees it.
        let unsplitLogs = LogCapture()
        _ = try KafkaProducer(
            configuration: KafkaProducerConfiguration(brokers: kafka.brokers, properties: kafka.properties),
            logger: unsplitLogs.logger(level: .info))
        #expect(
            warnings(unsplitLogs).contains { $0.contains("session.timeout.ms is a consumer property") },
            "\(warnings(unsplitLogs))")
    }

    /// librdkafka's debug dump of a client's configuration does not print secret properties, so a user's
    /// `debug: conf` does not undo `kafka.secret_files`.
    @Test(.timeLimit(.minutes(1)))
    func theConfigurationDumpLeavesSecretsOut() throws {
        var kafka = Configuration.Kafka(brokers: "127.0.0.1:1")
        kafka.properties = ["debug": "conf"]
        kafka.secrets = ["sasl.password": Secret("dump-s3cret"), "ssl.key.password": Secret("dump-k3y")]
        let logs = LogCapture()
        _ = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                brokers: kafka.brokers, properties: kafka.producerClientProperties),
            logger: logs.logger(level: .debug))
        #expect(!configurationDump(logs).isEmpty)
        #expect(!logs.records.contains { $0.text.contains("dump-s3cret") || $0.text.contains("dump-k3y") })
    }
}
