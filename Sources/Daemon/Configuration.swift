import Logging
import StarSchema

/// starsink's configuration: the YAML file's keys (README, Configuration), validated.
package struct Configuration: Sendable, Equatable {
    package struct Kafka: Sendable, Equatable {
        package var brokers: String
        package var topic: String = "orders"
        package var groupID: String = "starsink"
        package var deadLetterTopic: String? = "orders.dlq"
        /// Passed to librdkafka as they are (security.protocol, sasl.*, …); each client gets only those that
        /// apply to it (`KafkaPropertyCatalog`).
        package var properties: [String: String] = [:]
        /// For the consumers only, or the dead-letter producer only; they win over `properties`.
        package var consumerProperties: [String: String] = [:]
        package var producerProperties: [String: String] = [:]
        /// Secret librdkafka properties → the file holding each value (`${CREDENTIALS_DIRECTORY}` expanded).
        package var secretFiles: [String: String] = [:]
        /// Their values, read when the configuration was loaded (at start and at every reload).
        package var secrets: [String: Secret] = [:]
        /// Static group membership: worker N joins as `<instanceID>-<N>`; nil keeps dynamic membership.
        package var instanceID: String?
    }

    package struct Warehouse: Sendable, Equatable {
        package var dialect: WarehouseDialect
        /// The ODBC connection string, without the password when `passwordFile` is set.
        package var connection: String
        package var passwordFile: String?
        package var schema: SQLIdentifier = SQLIdentifier("e_commerce")!
        /// Snowflake only: the database holding the schema, when it is not the connection's current one.
        package var database: SQLIdentifier?
        package var foreignKeys: ForeignKeyMode = .enforced
        /// Apply or migrate the schema at start-up (`starsink schema apply` does it on demand).
        package var applySchema = true
        /// Bounds every statement, so a stalled server cannot hang a worker forever.
        package var queryTimeoutSeconds = 30
        package var loginTimeoutSeconds = 10

        package var target: WarehouseTarget {
            WarehouseTarget(dialect: dialect, schema: schema, foreignKeys: foreignKeys, database: database)
        }
    }

    package struct Pipeline: Sendable, Equatable {
        package var workers = 2
        package var batchMaxRecords = 20_000
        package var batchMaxBytes = 8_388_608
        package var batchMaxWaitMilliseconds = 200
    }

    package struct Log: Sendable, Equatable {
        package var level: Logger.Level = .info
        /// auto: the journal when systemd connected stderr to it, else plain lines.
        package var destination: LogDestinationChoice = .auto
    }

    package var kafka: Kafka
    package var warehouse: Warehouse
    package var pipeline = Pipeline()
    package var log = Log()
    /// Which customer attributes keep Type 2 history (`dimensions.customer_region`, `customer_name`).
    package var dimensions = DimensionPolicy()
    /// `metrics.listen` (Configuration+Metrics.swift).
    package var metrics = Metrics()

    package init(
        kafka: Kafka, warehouse: Warehouse, pipeline: Pipeline = Pipeline(), log: Log = Log(),
        dimensions: DimensionPolicy = DimensionPolicy(), metrics: Metrics = Metrics()
    ) {
        self.kafka = kafka
        self.warehouse = warehouse
        self.pipeline = pipeline
        self.log = log
        self.dimensions = dimensions
        self.metrics = metrics
    }
}

extension Configuration.Kafka {
    package init(brokers: String) { self.brokers = brokers }
}

extension Configuration.Warehouse {
    package init(dialect: WarehouseDialect, connection: String) {
        self.dialect = dialect
        self.connection = connection
    }
}
