import Foundation
import Logging
import StarSchema
import Yams

/// Walks the YAML tree, recording a problem for every unknown key and bad value. Sections with
/// loaders of their own extend it (`NodeReader+Kafka.swift`, `NodeReader+Metrics.swift`).
struct NodeReader {
    let file: String
    let context: ConfigurationContext
    var problems: [ConfigurationError.Problem] = []

    init(file: String, context: ConfigurationContext) {
        self.file = file
        self.context = context
    }

    mutating func problem(_ key: String, _ node: Node?, _ message: String) {
        problems.append(.init(file: file, line: node?.mark?.line, key: key, message: message))
    }

    mutating func mapping(_ node: Node, key: String) -> [String: (node: Node, keyNode: Node)]? {
        guard case .mapping(let mapping) = node else {
            if key.isEmpty { return nil }
            problem(key, node, "must be a mapping")
            return nil
        }
        var result: [String: (node: Node, keyNode: Node)] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else {
                problem(key, keyNode, "keys must be strings")
                continue
            }
            result[name] = (value, keyNode)
        }
        return result
    }

    /// Checks a section's keys against the known ones; unknown keys are errors (a typo must not pass silently).
    mutating func section(
        _ parent: [String: (node: Node, keyNode: Node)], _ name: String, known: [String], required: Bool
    ) -> [String: (node: Node, keyNode: Node)]? {
        guard let entry = parent[name] else {
            if required { problem(name, nil, "is required") }
            return nil
        }
        guard let section = mapping(entry.node, key: name) else { return nil }
        for key in section.keys.sorted() where !known.contains(key) {
            problem("\(name).\(key)", section[key]?.keyNode, "unknown key (known: \(known.joined(separator: ", ")))")
        }
        return section
    }

    mutating func string(_ section: [String: (node: Node, keyNode: Node)]?, _ path: String, required: Bool = false)
        -> String?
    {
        let key = String(path.split(separator: ".").last!)
        guard let entry = section?[key] else {
            if required { problem(path, nil, "is required") }
            return nil
        }
        guard case .scalar(let scalar) = entry.node else {
            problem(path, entry.node, "must be a string")
            return nil
        }
        if scalar.string.isEmpty, required { problem(path, entry.node, "must not be empty") }
        return scalar.string
    }

    mutating func integer(_ section: [String: (node: Node, keyNode: Node)]?, _ path: String, range: ClosedRange<Int>)
        -> Int?
    {
        guard let text = string(section, path) else { return nil }
        guard let value = Int(text.replacingAll("_", with: "")), range.contains(value) else {
            problem(
                path, section?[String(path.split(separator: ".").last!)]?.node,
                "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text.prefix(40))")
            return nil
        }
        return value
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ section: [String: (node: Node, keyNode: Node)]?, _ path: String, _ type: T.Type
    ) -> T? where T.RawValue == String {
        guard let text = string(section, path) else { return nil }
        guard let value = T(rawValue: text) else {
            problem(
                path, section?[String(path.split(separator: ".").last!)]?.node,
                "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not \(text.prefix(40))")
            return nil
        }
        return value
    }

    mutating func configuration(_ root: [String: (node: Node, keyNode: Node)]) -> Configuration? {
        for key in root.keys.sorted()
        where !["kafka", "warehouse", "pipeline", "log", "dimensions", "metrics"].contains(key) {
            problem(
                key, root[key]?.keyNode, "unknown section (known: kafka, warehouse, pipeline, log, dimensions, metrics)"
            )
        }
        let kafkaSection = section(root, "kafka", known: Self.kafkaKeys, required: true)
        let warehouseSection = section(
            root, "warehouse",
            known: [
                "dialect", "connection", "password_file", "schema", "database", "foreign_keys",
                "apply_schema", "query_timeout_seconds", "login_timeout_seconds",
            ], required: true)
        let pipelineSection = section(
            root, "pipeline", known: ["workers", "batch_max_records", "batch_max_bytes", "batch_max_wait_ms"],
            required: false)
        let logSection = section(root, "log", known: ["level", "destination"], required: false)
        let dimensionsSection = section(
            root, "dimensions", known: ["customer_region", "customer_name"], required: false)

        let kafka = kafka(kafkaSection)

        let dialect = choice(warehouseSection, "warehouse.dialect", WarehouseDialect.self)
        if warehouseSection != nil, warehouseSection?["dialect"] == nil {
            problem("warehouse.dialect", nil, "is required")
        }
        let connection = string(warehouseSection, "warehouse.connection", required: true)
        var warehouse = Configuration.Warehouse(dialect: dialect ?? .sqlite, connection: connection ?? "")
        if let connection, containsPassword(connection) {
            problem(
                "warehouse.connection", warehouseSection?["connection"]?.node,
                "must not contain a password (PWD=/Password=/PRIV_KEY_FILE_PWD=); use warehouse.password_file")
        }
        if let written = string(warehouseSection, "warehouse.password_file") {
            // Read at every (re)connect, not here: a rotated password applies at the next connect.
            switch context.filePath(written) {
            case .success(let path): warehouse.passwordFile = path
            case .failure(let pathProblem):
                problem("warehouse.password_file", warehouseSection?["password_file"]?.node, pathProblem.message)
            }
        }
        if let schema = string(warehouseSection, "warehouse.schema") {
            if let identifier = SQLIdentifier(schema) {
                warehouse.schema = identifier
            } else {
                problem(
                    "warehouse.schema", warehouseSection?["schema"]?.node,
                    "must match [A-Za-z_][A-Za-z0-9_]* (at most 63 characters), not \(schema.prefix(40))")
            }
        }
        if let database = string(warehouseSection, "warehouse.database") {
            if dialect != .snowflake {
                problem(
                    "warehouse.database", warehouseSection?["database"]?.node,
                    "applies to the snowflake dialect only (PostgreSQL and SQLite take the database from the connection)"
                )
            } else if let identifier = SQLIdentifier(database) {
                warehouse.database = identifier
            } else {
                problem(
                    "warehouse.database", warehouseSection?["database"]?.node,
                    "must match [A-Za-z_][A-Za-z0-9_]* (at most 63 characters), not \(database.prefix(40))")
            }
        }
        if let mode = choice(warehouseSection, "warehouse.foreign_keys", ForeignKeyMode.self) {
            warehouse.foreignKeys = mode
        }
        if let apply = string(warehouseSection, "warehouse.apply_schema") {
            switch apply.lowercased() {
            case "true", "yes", "on": warehouse.applySchema = true
            case "false", "no", "off": warehouse.applySchema = false
            default: problem("warehouse.apply_schema", warehouseSection?["apply_schema"]?.node, "must be true or false")
            }
        }
        if let seconds = integer(warehouseSection, "warehouse.query_timeout_seconds", range: 1...86_400) {
            warehouse.queryTimeoutSeconds = seconds
        }
        if let seconds = integer(warehouseSection, "warehouse.login_timeout_seconds", range: 1...600) {
            warehouse.loginTimeoutSeconds = seconds
        }

        var pipeline = Configuration.Pipeline()
        if let value = integer(pipelineSection, "pipeline.workers", range: 1...64) { pipeline.workers = value }
        if let value = integer(pipelineSection, "pipeline.batch_max_records", range: 1...1_000_000) {
            pipeline.batchMaxRecords = value
        }
        if let value = integer(pipelineSection, "pipeline.batch_max_bytes", range: 1024...1_073_741_824) {
            pipeline.batchMaxBytes = value
        }
        if let value = integer(pipelineSection, "pipeline.batch_max_wait_ms", range: 1...600_000) {
            pipeline.batchMaxWaitMilliseconds = value
        }

        var log = Configuration.Log()
        if let level = choice(logSection, "log.level", Logger.Level.self) { log.level = level }
        if let destination = choice(logSection, "log.destination", LogDestinationChoice.self) {
            log.destination = destination
        }

        var dimensions = DimensionPolicy()
        if let type = choice(dimensionsSection, "dimensions.customer_region", SCDType.self) {
            dimensions.customerRegion = type
        }
        if choice(dimensionsSection, "dimensions.customer_name", SCDType.self) == .type2 {
            problem(
                "dimensions.customer_name", dimensionsSection?["customer_name"]?.node,
                "only type1 is supported: FACT_ORDERS does not keep each order's name, so its history could not be rebuilt"
            )
        }

        let metrics = metricsSection(root)

        guard dialect != nil, kafkaSection?["brokers"] != nil, connection != nil else { return nil }
        return Configuration(
            kafka: kafka, warehouse: warehouse, pipeline: pipeline, log: log, dimensions: dimensions, metrics: metrics)
    }

    /// Kafka topic names: 1–249 of `[A-Za-z0-9._-]`.
    mutating func checkedTopic(_ topic: String, _ path: String, _ node: Node?) -> String {
        let valid =
            !topic.isEmpty && topic.utf8.count <= 249
            && topic.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) || $0 == 46 || $0 == 95 || $0 == 45
            }
        if !valid { problem(path, node, "must be 1–249 characters of letters, digits, '.', '_' or '-'") }
        return topic
    }

    func containsPassword(_ connection: String) -> Bool {
        connection.split(separator: ";").contains { part in
            let key =
                part.split(separator: "=", maxSplits: 1).first.map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                } ?? ""
            return key == "pwd" || key == "password" || key == "priv_key_file_pwd"
        }
    }
}
