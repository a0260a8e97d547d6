import Kafka

/// Why `starsink offsets` refused, beyond the warehouse's and the broker's own errors.
package enum OffsetsError: Error, Sendable, CustomStringConvertible {
    /// `--partition` named partitions the topic does not have (a usage error).
    case unknownPartitions([Int32], topic: String, available: [Int32])
    /// Members of the consumer group are active: a running worker would fence itself or load over the reset.
    case groupActive(KafkaGroupDescription)
    /// An offset moved while starsink watched or wrote them: a worker of the group is loading.
    case offsetsMoved(group: String)

    package var isUsageError: Bool {
        if case .unknownPartitions = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case .unknownPartitions(let unknown, let topic, let available):
            let range = available.isEmpty ? "none" : "\(available.first!)–\(available.last!)"
            return
                "--partition \(unknown.map(String.init).joined(separator: ", ")): topic \(topic) has partitions \(range)"
        case .groupActive(let group):
            let members = group.members.map(\.description).joined(separator: ", ")
            return "consumer group \(group.groupID) is \(group.state) with \(group.members.count) member(s)"
                + (members.isEmpty ? "" : " (\(members))")
                + ": a running worker would fence itself or load over the reset. "
                + "Stop every starsink of the group (systemctl stop starsink), then reset; nothing was changed"
        case .offsetsMoved(let group):
            return
                "the warehouse offsets of group \(group) moved while starsink read them: a starsink worker of the group is loading. "
                + "Stop every starsink of the group, then reset again; nothing was changed"
        }
    }
}
