import Kafka
import Yams

/// The `kafka` section: topics and group, librdkafka properties per client, secrets from files, static membership.
extension NodeReader {
    typealias Section = [String: (node: Node, keyNode: Node)]

    static let kafkaKeys = [
        "brokers", "topic", "group_id", "dead_letter_topic", "instance_id", "properties", "consumer_properties",
        "producer_properties", "secret_files",
    ]

    mutating func kafka(_ section: Section?) -> Configuration.Kafka {
        var kafka = Configuration.Kafka(brokers: string(section, "kafka.brokers", required: true) ?? "")
        if let topic = string(section, "kafka.topic") {
            kafka.topic = checkedTopic(topic, "kafka.topic", section?["topic"]?.node)
        }
        if let group = string(section, "kafka.group_id") {
            if group.isEmpty { problem("kafka.group_id", section?["group_id"]?.node, "must not be empty") }
            kafka.groupID = group
        }
        if let entry = section?["dead_letter_topic"] {
            if isNull(entry.node) {
                kafka.deadLetterTopic = nil
            } else if let topic = string(section, "kafka.dead_letter_topic") {
                kafka.deadLetterTopic = checkedTopic(topic, "kafka.dead_letter_topic", entry.node)
            }
        }
        if let entry = section?["instance_id"], !isNull(entry.node), let written = string(section, "kafka.instance_id")
        {
            kafka.instanceID = checkedInstanceID(written, entry.node)
        }
        kafka.properties = properties(section, "properties", refusing: nil)
        kafka.consumerProperties = properties(section, "consumer_properties", refusing: .producer)
        kafka.producerProperties = properties(section, "producer_properties", refusing: .consumer)
        readSecretFiles(section, into: &kafka)
        return kafka
    }

    /// `~`, `null` or nothing: the key is there to switch a feature off.
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.tag == .implicit else { return false }
        return scalar.string == "" || scalar.string == "null" || scalar.string == "~"
    }

    /// A mapping of librdkafka properties. Secrets are refused (the file is world-readable) without echoing
    /// their value, and so is a property of the other kind of client, which librdkafka would ignore with a warning.
    private mutating func properties(
        _ section: Section?, _ name: String, refusing wrongScope: KafkaPropertyCatalog.Scope?
    ) -> [String: String] {
        guard let entry = section?[name], let mapping = mapping(entry.node, key: "kafka.\(name)") else { return [:] }
        var result: [String: String] = [:]
        for property in mapping.keys.sorted() {
            let value = mapping[property]!
            let key = "kafka.\(name).\(property)"
            guard case .scalar(let scalar) = value.node else {
                problem(key, value.node, "must be a string")
                continue
            }
            if KafkaPropertyCatalog.secrets.contains(property) {
                problem(
                    key, value.keyNode,
                    "is a secret and must not be written in the configuration (it is world-readable); "
                        + "put it in a file readable only by the service and name that file under kafka.secret_files.\(property)"
                )
            } else if property == "group.instance.id" {
                problem(
                    key, value.keyNode, "set kafka.instance_id instead: each worker needs its own id, derived from it")
            } else if let wrongScope, KafkaPropertyCatalog.scope(of: property) == wrongScope {
                let kind = wrongScope == .producer ? "producer" : "consumer"
                problem(
                    key, value.keyNode,
                    "is a \(kind) property, which librdkafka ignores here; put it under kafka.\(kind)_properties")
            } else {
                result[property] = scalar.string
            }
        }
        return result
    }

    /// `secret_files`: each secret property and the file holding its value, read now (at start and at every reload).
    private mutating func readSecretFiles(_ section: Section?, into kafka: inout Configuration.Kafka) {
        guard let entry = section?["secret_files"], let mapping = mapping(entry.node, key: "kafka.secret_files") else {
            return
        }
        for property in mapping.keys.sorted() {
            let value = mapping[property]!
            let key = "kafka.secret_files.\(property)"
            guard KafkaPropertyCatalog.secrets.contains(property) else {
                problem(
                    key, value.keyNode,
                    "is not a secret librdkafka property (known: \(KafkaPropertyCatalog.secrets.sorted().joined(separator: ", "))); "
                        + "put other properties under kafka.properties")
                continue
            }
            guard case .scalar(let scalar) = value.node, !scalar.string.isEmpty else {
                problem(key, value.node, "must be a file path")
                continue
            }
            switch context.filePath(scalar.string) {
            case .failure(let pathProblem):
                problem(key, value.node, pathProblem.message)
            case .success(let path):
                kafka.secretFiles[property] = path
                switch SecretFile.read(path) {
                case .success(let secret): kafka.secrets[property] = Secret(secret)
                case .failure(let readProblem): problem(key, value.node, readProblem.message)
                }
            }
        }
    }

    /// Kafka's rule for `group.instance.id` (the characters of topic names), with room for `-<worker>`.
    private mutating func checkedInstanceID(_ written: String, _ node: Node) -> String? {
        let id = context.instanceID(written)
        let valid =
            (1...200).contains(id.utf8.count)
            && id.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) || $0 == 46 || $0 == 95 || $0 == 45
            }
        guard valid else {
            problem(
                "kafka.instance_id", node,
                "must be 1–200 characters of letters, digits, '.', '_' or '-' "
                    + "(after ${HOSTNAME} is replaced by the host name), not \(id.prefix(40))")
            return nil
        }
        return id
    }
}
