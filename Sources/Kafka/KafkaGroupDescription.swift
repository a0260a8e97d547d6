/// What the group coordinator says about a consumer group (`rd_kafka_list_groups`).
package struct KafkaGroupDescription: Sendable, Equatable {
    /// One member as the coordinator knows it: who it is and where it connects from.
    package struct Member: Sendable, Equatable, CustomStringConvertible {
        package var memberID: String
        package var clientID: String
        package var clientHost: String

        package init(memberID: String, clientID: String, clientHost: String) {
            self.memberID = memberID
            self.clientID = clientID
            self.clientHost = clientHost
        }

        package var description: String { "\(clientID) from \(clientHost)" }
    }

    package var groupID: String
    /// Kafka's group state: `Empty`, `Dead`, `Stable`, `PreparingRebalance`, `CompletingRebalance`.
    package var state: String
    package var members: [Member]

    package init(groupID: String, state: String, members: [Member]) {
        self.groupID = groupID
        self.state = state
        self.members = members
    }

    /// No consumer is in the group: nobody polls, nobody would commit over an operator's change.
    /// A group the coordinator never heard of comes back `Dead` with no members.
    package var isIdle: Bool { members.isEmpty && (state == "Empty" || state == "Dead" || state.isEmpty) }
}

/// The answer to "who is in this group?": a description, or the brokers cannot say.
package enum KafkaGroupLookup: Sendable, Equatable {
    case described(KafkaGroupDescription)
    /// The brokers do not implement ListGroups/DescribeGroups. librdkafka's mock cluster (2.0.2, behind
    /// `starsink dev-kafka`) is one: `rd_kafka_list_groups` fails with `_UNSUPPORTED_FEATURE`.
    case unsupported(reason: String)
}
