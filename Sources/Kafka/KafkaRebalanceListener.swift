/// Told about partition assignment changes of a `KafkaConsumer`.
///
/// Called on the polling queue (or thread) from inside `KafkaConsumer.poll` (and `close`), through librdkafka's
/// rebalance_cb with the eager protocol: every rebalance revokes all partitions and assigns a new set.
package protocol KafkaRebalanceListener: AnyObject {
    /// Returns the offset to start from for each assigned partition; partitions missing from the result
    /// start from the committed offset, or from `auto.offset.reset` (earliest) if none was committed.
    func partitionsAssigned(_ partitions: [TopicPartition]) -> [TopicPartition: Int64]
    func partitionsRevoked(_ partitions: [TopicPartition])
}
