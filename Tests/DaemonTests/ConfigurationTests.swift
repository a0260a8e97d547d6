import Foundation
import Logging
import Testing
@testable import Daemon
@testable import StarSchema

@Suite struct ConfigurationTests {
    /// The repository root, from this file's path (Tests/DaemonTests/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func parse(_ yaml: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader.parse(yaml: yaml, file: "test.yaml")
    }

    @Test func theShippedExampleIsValid() throws {
        let example = Self.repositoryRoot.appendingPathComponent("config/starsink.yaml").path
        // Outside the unit (no $CREDENTIALS_DIRECTORY): it must load as a user's first check-config sees it.
        let configuration = try ConfigurationLoader.load(
            path: example, context: .init(credentialsDirectory: nil, hostName: "h"))
        // SQLite by default: the installed unit starts with no secret at all.
        #expect(configuration.warehouse.dialect == .sqlite && configuration.warehouse.passwordFile == nil)
        #expect(configuration.kafka.secretFiles.isEmpty && configuration.kafka.instanceID == nil)
        #expect(configuration.pipeline.workers == 2)
        #expect(configuration.kafka.deadLetterTopic == "orders.dlq")
    }

    @Test func minimalConfigurationTakesDefaults() throws {
        let configuration = try parse(
            """
            kafka: {brokers: "k:9092"}
            warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=/tmp/x.db"}
            """)
        #expect(configuration.kafka.topic == "orders")
        #expect(configuration.kafka.groupID == "starsink")
        #expect(configuration.pipeline == Configuration.Pipeline())
        #expect(configuration.log.level == .info)
        #expect(configuration.warehouse.schema.text == "e_commerce")
        #expect(configuration.warehouse.foreignKeys == .enforced)
    }

    @Test func everyProblemIsReportedAtOnceWithFileKeyAndLine() {
        let yaml = """
            kafka:
              brokers: "k:9092"
              topic: "bad topic!"
              colour: blue
            warehouse:
              dialect: oracle
              connection: "Driver=X;UID=u;PWD=hunter2"
              schema: "x; drop table y"
            pipeline:
              workers: 0
              batch_max_records: lots
            log:
              level: loud
            extra: 1
            """
        #expect(throws: ConfigurationError.self) { try parse(yaml) }
        do {
            _ = try parse(yaml)
        } catch {
            let keys = error.problems.map(\.key)
            for key in [
                "kafka.topic", "kafka.colour", "warehouse.dialect", "warehouse.connection", "warehouse.schema",
                "pipeline.workers", "pipeline.batch_max_records", "log.level", "extra",
            ] {
                #expect(keys.contains(key), "missing a problem for \(key)")
            }
            #expect(error.problems.allSatisfy { $0.file == "test.yaml" })
            #expect(error.problems.first { $0.key == "pipeline.workers" }?.line == 10)
            // The password in the rejected connection string is never echoed.
            #expect(!error.description.contains("hunter2"))
        }
    }

    /// `warehouse.database` qualifies Snowflake's tables and is refused, by name, for the other dialects;
    /// a Snowflake key passphrase inline is refused like a password and never echoed.
    @Test func snowflakeDatabaseAndKeyPassphrase() throws {
        let snowflake = try parse(
            """
            kafka: {brokers: "k:9092"}
            warehouse: {dialect: snowflake, connection: "Driver=SnowflakeDSIIDriver;Server=a.snowflakecomputing.com", database: ANALYTICS}
            """)
        #expect(snowflake.warehouse.target.table("fact_orders") == "ANALYTICS.e_commerce.fact_orders")
        for (yaml, key) in [
            (#"warehouse: {dialect: postgresql, connection: "Driver=X", database: ANALYTICS}"#, "warehouse.database"),
            (#"warehouse: {dialect: snowflake, connection: "Driver=X", database: "a;b"}"#, "warehouse.database"),
            (
                #"warehouse: {dialect: snowflake, connection: "Driver=X;PRIV_KEY_FILE_PWD=s3cret"}"#,
                "warehouse.connection"
            ),
        ] {
            do {
                _ = try parse("kafka: {brokers: \"k:9092\"}\n" + yaml)
                Issue.record("expected a problem with \(key)")
            } catch {
                #expect(error.problems.map(\.key).contains(key), "\(error.description)")
                #expect(!error.description.contains("s3cret"))
            }
        }
    }

    @Test func missingSectionsAreNamed() {
        do {
            _ = try parse("log: {level: info}")
            Issue.record("expected an error")
        } catch {
            #expect(Set(error.problems.map(\.key)).isSuperset(of: ["kafka", "warehouse"]))
        }
    }

    @Test func unreadableFileNamesThePath() {
        do {
            _ = try ConfigurationLoader.load(path: "/nonexistent/starsink.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent/starsink.yaml"))
        }
    }

    @Test func passwordFileIsAppendedQuoted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "starsink-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pw").path
        try "s3;cr}t\n".write(toFile: file, atomically: true, encoding: .utf8)
        var warehouse = Configuration.Warehouse(dialect: .postgresql, connection: "Driver=X;UID=u")
        warehouse.passwordFile = file
        #expect(
            try WarehouseSession.connectionString(warehouse)
                == "Driver=X;UID=u;Protocol=7.4-1;UseServerSidePrepare=1;CommLog=0;Debug=0;PWD={s3;cr}}t}")
    }

    @Test func retryDelaysGrowAndStayCapped() {
        let policy = RetryPolicy(initial: .milliseconds(100), maximum: .seconds(2))
        for attempt in 1...20 {
            let delay = policy.delay(attempt: attempt)
            #expect(delay <= .seconds(2))
            #expect(delay >= .milliseconds(10))
        }
        #expect((1...50).map { _ in policy.delay(attempt: 1) }.allSatisfy { $0 <= .milliseconds(100) })
    }
}
