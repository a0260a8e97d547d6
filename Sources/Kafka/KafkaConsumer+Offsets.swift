import CRdKafka

extension KafkaConsumer {
    /// Commits "next offset to read" per partition to the group coordinator. Asynchronous commits report
    /// failures to the log from a later `poll`. An empty dictionary commits nothing.
    package func commit(_ nextOffsets: [TopicPartition: Int64], asynchronously: Bool) throws(KafkaError) {
        try checkOpen()
        guard !nextOffsets.isEmpty else { return }
        let list = RDKafkaPartitionList.make(nextOffsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_commit(client, list, asynchronously ? 1 : 0)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
        if !asynchronously, let failed = RDKafkaPartitionList.firstError(list) { throw failed }
    }

    /// Moves the fetch position of an assigned partition.
    package func seek(_ partition: TopicPartition, to offset: Int64, timeoutMilliseconds: Int32) throws(KafkaError) {
        try checkOpen()
        let list = RDKafkaPartitionList.make([(partition, offset)])
        defer { rd_kafka_topic_partition_list_destroy(list) }
        if let error = rd_kafka_seek_partitions(client, list, timeoutMilliseconds) {
            var failure = KafkaError(consuming: error)
            failure.topicPartition = partition
            throw failure
        }
        if let failed = RDKafkaPartitionList.firstError(list) { throw failed }
    }

    /// The partition's log start and end offsets (end = offset of the next message to be written), asked
    /// from its leader.
    package func watermarks(
        _ partition: TopicPartition,
        timeoutMilliseconds: Int32
    ) throws(KafkaError) -> (low: Int64, high: Int64) {
        try checkOpen()
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(
            client, partition.topic, partition.partition, &low, &high, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, topicPartition: partition) }
        return (low, high)
    }

    /// The partition's offsets as last seen in fetch responses: no request to the broker, so it
    /// costs nothing on the consuming thread. `high` is nil until the partition has been fetched,
    /// `low` until the client has learnt it.
    package func cachedWatermarks(_ partition: TopicPartition) -> (low: Int64?, high: Int64?) {
        guard !isClosed else { return (nil, nil) }
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_get_watermark_offsets(client, partition.topic, partition.partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { return (nil, nil) }
        return (low >= 0 ? low : nil, high >= 0 ? high : nil)
    }

    /// The partitions currently assigned to this consumer, sorted.
    package func assignment() throws(KafkaError) -> [TopicPartition] {
        try checkOpen()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client, &list)
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
        return RDKafkaPartitionList.partitions(list).sorted()
    }
}
