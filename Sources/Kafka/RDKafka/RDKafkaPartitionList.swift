import CRdKafka

/// Conversions between `rd_kafka_topic_partition_list_t` and our value types.
///
/// The list pointers are borrowed for the duration of each call; `make` returns a list the caller destroys.
enum RDKafkaPartitionList {
    /// A new list (destroy with `rd_kafka_topic_partition_list_destroy`); `nil` offsets stay INVALID
    /// ("use the committed offset").
    static func make(_ entries: [(TopicPartition, Int64?)]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: entries.count))!
        for (partition, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)!
            if let offset { element.pointee.offset = offset }
        }
        return list
    }

    /// Calls `body` with each element, in list order.
    static func forEach(
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        _ body: (TopicPartition, UnsafeMutablePointer<rd_kafka_topic_partition_t>) -> Void
    ) {
        guard let list, let elements = list.pointee.elems else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let element = elements + index
            let partition = TopicPartition(
                topic: String(cString: element.pointee.topic),
                partition: element.pointee.partition
            )
            body(partition, element)
        }
    }

    static func partitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartition] {
        var result: [TopicPartition] = []
        forEach(list) { partition, _ in result.append(partition) }
        return result
    }

    /// The first per-partition error librdkafka left in the list, if any.
    static func firstError(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> KafkaError? {
        var error: KafkaError?
        forEach(list) { partition, element in
            if error == nil, element.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                error = KafkaError(element.pointee.err, topicPartition: partition)
            }
        }
        return error
    }
}
