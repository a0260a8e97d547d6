import CRdKafka

extension KafkaConsumer {
    /// Lets partitions assigned `.paused` (or paused by `pause`) deliver messages again, from their current
    /// fetch position — the `seek`ed one, if the caller sought while they were paused.
    package func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try checkOpen()
        guard !partitions.isEmpty else { return }
        let list = RDKafkaPartitionList.make(partitions.map { ($0, nil) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_resume_partitions(client, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
        if let failed = RDKafkaPartitionList.firstError(list) { throw failed }
    }

}
