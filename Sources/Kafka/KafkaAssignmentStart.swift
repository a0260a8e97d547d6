/// Where the partitions of a new assignment start, as a `KafkaRebalanceListener` decides it.
package enum KafkaAssignmentStart: Sendable, Equatable {
    /// From these offsets; a partition missing here starts from its committed offset, or from
    /// `auto.offset.reset` (earliest) if none was committed.
    case offsets([TopicPartition: Int64])
    /// Assigned paused: nothing of them reaches `poll` until the consumer's `resume`, usually after a `seek`
    /// to a position the listener's owner looked up outside the callback.
    case paused
}
