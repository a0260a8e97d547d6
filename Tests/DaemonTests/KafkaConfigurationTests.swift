import Foundation
import Kafka
import Testing
import TestSupport
@testable import Daemon

/// The `kafka` section's secrets, per-client properties and static membership, and `${…}` in paths.
@Suite struct KafkaConfigurationTests {
    static let warehouse = #"warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=/tmp/x.db"}"#

    func parse(_ kafka: String, context: ConfigurationContext = .init(credentialsDirectory: nil, hostName: "web-01"))
        throws(ConfigurationError)
        -> Configuration
    {
        try ConfigurationLoader.parse(yaml: kafka + "\n" + Self.warehouse, file: "test.yaml", context: context)
    }

    /// The problems of a configuration that must not load.
    func problems(_ kafka: String, context: ConfigurationContext = .init(credentialsDirectory: nil, hostName: "web-01"))
        -> ConfigurationError?
    {
        do {
            _ = try parse(kafka, context: context)
            return nil
        } catch {
            return error
        }
    }

    @Test func secretFilesAreReadWithOneTrailingNewlineDroppedAndNeverPrinted() throws {
        let directory = try makeTemporaryDirectory(prefix: "starsink-credentials-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "s3cr3t-sasl\n".write(toFile: directory + "/starsink_kafka-password", atomically: true, encoding: .utf8)
        try "k3y-pass\n\n".write(toFile: directory + "/starsink_key-password", atomically: true, encoding: .utf8)
        try "w1ndows\r\n".write(toFile: directory + "/keystore", atomically: true, encoding: .utf8)
        let configuration = try parse(
            """
            kafka:
              brokers: "k:9092"
              secret_files:
                sasl.password: ${CREDENTIALS_DIRECTORY}/starsink_kafka-password
                ssl.key.password: "${CREDENTIALS_DIRECTORY}/starsink_key-password"
                ssl.keystore.password: \(directory)/keystore
            """, context: .init(credentialsDirectory: directory, hostName: "h"))
        let kafka = configuration.kafka
        #expect(kafka.secrets["sasl.password"]?.value == "s3cr3t-sasl")
        #expect(kafka.secrets["ssl.key.password"]?.value == "k3y-pass\n", "only one trailing newline is dropped")
        #expect(kafka.secrets["ssl.keystore.password"]?.value == "w1ndows")
        #expect(kafka.secretFiles["sasl.password"] == directory + "/starsink_kafka-password")
        // Both kinds of client authenticate with them.
        #expect(kafka.consumerClientProperties["sasl.password"] == "s3cr3t-sasl")
        #expect(kafka.producerClientProperties["sasl.password"] == "s3cr3t-sasl")
        for printed in ["\(configuration)", String(reflecting: configuration), "\(kafka.secrets)"] {
            #expect(
                !printed.contains("s3cr3t") && !printed.contains("k3y-pass") && !printed.contains("w1ndows"),
                "\(printed.prefix(300))")
        }
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
    }

    /// Every secret librdkafka property is refused inline, in any of the three property maps, by name and
    /// without its value — as `PWD=` is refused in the connection string.
    @Test func inlineSecretsAreRefusedByName() {
        for property in KafkaPropertyCatalog.secrets.sorted() {
            for section in ["properties", "consumer_properties", "producer_properties"] {
                let error = problems("kafka: {brokers: \"k:9092\", \(section): {\(property): hunter2}}")
                let problem = error?.problems.first { $0.key == "kafka.\(section).\(property)" }
                #expect(
                    problem?.message.contains("kafka.secret_files.\(property)") == true,
                    "\(error?.description ?? "accepted \(section).\(property)")")
                #expect(error?.description.contains("hunter2") == false)
            }
        }
        for property in [
            "sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret",
            "ssl.key.pem",
        ] {
            #expect(KafkaPropertyCatalog.secrets.contains(property))
        }
    }

    @Test func unreadableOrEmptySecretFilesNameTheKeyAndTheFile() throws {
        let directory = try makeTemporaryDirectory(prefix: "starsink-credentials-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "".write(toFile: directory + "/empty", atomically: true, encoding: .utf8)
        let error = problems(
            """
            kafka:
              brokers: "k:9092"
              secret_files:
                sasl.password: \(directory)/missing
                ssl.key.password: \(directory)/empty
                sasl.username: \(directory)/empty
                ssl.key.pem: relative/key.pem
            """)
        let byKey = Dictionary(uniqueKeysWithValues: (error?.problems ?? []).map { ($0.key, $0.message) })
        #expect(
            byKey["kafka.secret_files.sasl.password"]?.contains(
                "cannot read \(directory)/missing (No such file or directory)") == true, "\(byKey)")
        #expect(byKey["kafka.secret_files.ssl.key.password"] == "\(directory)/empty is empty")
        #expect(byKey["kafka.secret_files.sasl.username"]?.contains("is not a secret librdkafka property") == true)
        #expect(byKey["kafka.secret_files.ssl.key.pem"]?.contains("absolute path") == true)
        #expect(error?.problems.first { $0.key == "kafka.secret_files.sasl.password" }?.line == 4)
    }

    /// `${CREDENTIALS_DIRECTORY}` is the only variable in paths; unset (outside the unit) it is a problem
    /// that says what to write instead.
    @Test func credentialsDirectoryIsExpandedInPasswordFile() throws {
        let inUnit = try ConfigurationLoader.parse(
            yaml: """
                kafka: {brokers: "k:9092"}
                warehouse: {dialect: postgresql, connection: "Driver=X", password_file: "${CREDENTIALS_DIRECTORY}/starsink_warehouse-password"}
                """, file: "test.yaml",
            context: .init(credentialsDirectory: "/run/credentials/starsink.service", hostName: "h"))
        #expect(inUnit.warehouse.passwordFile == "/run/credentials/starsink.service/starsink_warehouse-password")
        for (path, expected) in [
            ("${CREDENTIALS_DIRECTORY}/starsink_warehouse-password", "which is not set"),
            ("$CREDENTIALS_DIRECTORY/pw", "only a leading ${CREDENTIALS_DIRECTORY}"),
            ("/etc/${HOME}/pw", "only a leading ${CREDENTIALS_DIRECTORY}"),
            ("pw", "absolute path"),
        ] {
            do {
                _ = try ConfigurationLoader.parse(
                    yaml: """
                        kafka: {brokers: "k:9092"}
                        warehouse: {dialect: postgresql, connection: "Driver=X", password_file: "\(path)"}
                        """, file: "test.yaml", context: .init(credentialsDirectory: nil, hostName: "h"))
                Issue.record("accepted password_file \(path)")
            } catch {
                let problem = error.problems.first { $0.key == "warehouse.password_file" }
                #expect(problem?.message.contains(expected) == true, "\(path): \(error.description)")
            }
        }
    }

    /// Shared properties go to the client they apply to; the per-client maps win and refuse the other kind's.
    @Test func eachClientGetsOnlyItsOwnProperties() throws {
        let kafka = try parse(
            """
            kafka:
              brokers: "k:9092"
              properties: {session.timeout.ms: "30000", auto.offset.reset: latest, linger.ms: "50", acks: "all", security.protocol: ssl}
              consumer_properties: {session.timeout.ms: "45000", fetch.max.bytes: "1048576"}
              producer_properties: {compression.type: lz4}
            """
        ).kafka
        #expect(
            kafka.consumerClientProperties == [
                "session.timeout.ms": "45000", "auto.offset.reset": "latest", "security.protocol": "ssl",
                "fetch.max.bytes": "1048576",
            ])
        #expect(
            kafka.producerClientProperties == [
                "linger.ms": "50", "acks": "all", "security.protocol": "ssl", "compression.type": "lz4",
            ])

        let error = problems(
            """
            kafka:
              brokers: "k:9092"
              consumer_properties: {linger.ms: "5"}
              producer_properties: {group.id: x}
              properties: {group.instance.id: fixed}
            """)
        let byKey = Dictionary(uniqueKeysWithValues: (error?.problems ?? []).map { ($0.key, $0.message) })
        #expect(byKey["kafka.consumer_properties.linger.ms"]?.contains("is a producer property") == true, "\(byKey)")
        #expect(byKey["kafka.producer_properties.group.id"]?.contains("is a consumer property") == true)
        #expect(byKey["kafka.properties.group.instance.id"]?.contains("kafka.instance_id") == true)
    }

    /// `kafka.instance_id`: off by default, `${HOSTNAME}` expanded, strictly checked, one id per worker.
    @Test func instanceIDGivesEachWorkerItsOwnStaticMembership() throws {
        #expect(try parse("kafka: {brokers: \"k:9092\"}").kafka.instanceID == nil)
        #expect(try parse("kafka: {brokers: \"k:9092\", instance_id: ~}").kafka.instanceID == nil)
        let kafka = try parse(
            "kafka: {brokers: \"k:9092\", instance_id: \"${HOSTNAME}.loader\"}",
            context: .init(credentialsDirectory: nil, hostName: "web-01.example.com")
        ).kafka
        #expect(kafka.instanceID == "web-01.example.com.loader")
        #expect(kafka.memberInstanceID(worker: 2) == "web-01.example.com.loader-2")
        #expect(
            try parse("kafka: {brokers: \"k:9092\", instance_id: 007}").kafka.memberInstanceID(worker: 1) == "007-1")
        #expect(try parse("kafka: {brokers: \"k:9092\"}").kafka.memberInstanceID(worker: 1) == nil)
        for bad in ["\"a b\"", "\"${USER}\"", "\"" + String(repeating: "x", count: 201) + "\"", "[a]"] {
            let error = problems("kafka: {brokers: \"k:9092\", instance_id: \(bad)}")
            #expect(
                error?.problems.contains { $0.key == "kafka.instance_id" } == true,
                "accepted instance_id \(bad.prefix(30))")
        }
    }
}
