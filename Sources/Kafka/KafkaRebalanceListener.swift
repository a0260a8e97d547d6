/// Told about partition assignment changes of a `KafkaConsumer`.
///
/// Called on the polling queue (or thread) from inside `KafkaConsumer.poll` (and `close`), through librdkafka's
/// rebalance_cb with the eager protocol: every rebalance revokes all partitions and assigns a new set (the
/// cooperative protocol, if configured, adds and removes some). Both methods run inside a C callback: they
/// record what changed and return at once; anything that can block or back off (asking a warehouse where
/// to start) belongs to the owner's own loop, after `poll` returns — hence `.paused`.
package protocol KafkaRebalanceListener: AnyObject {
    /// Where the newly assigned partitions start: known offsets, or paused until the owner resumes them.
    func partitionsAssigned(_ partitions: [TopicPartition]) -> KafkaAssignmentStart
    func partitionsRevoked(_ partitions: [TopicPartition])
}
