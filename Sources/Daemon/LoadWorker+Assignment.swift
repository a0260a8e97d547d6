import Kafka
import Logging

/// Rebalances: the callbacks record, the worker's loop acts.
///
/// librdkafka runs the rebalance callbacks inside `poll`. They only update `assignment` and return; the
/// partitions come assigned paused. Between polls, `positionAssignedPartitions` reads their offsets from the
/// warehouse, seeks there and resumes them. A warehouse that does not answer is retried with backoff while
/// the loop polls on, so further rebalances and a stop are still served meanwhile.
extension LoadWorker: KafkaRebalanceListener {
    package func partitionsAssigned(_ partitions: [TopicPartition]) -> KafkaAssignmentStart {
        logger.info("partitions assigned", metadata: ["kafka.partitions": "\(Self.numbers(partitions))"])
        context.metrics.recordRebalance(assigned: true)
        assignment.assign(partitions)
        // Newly assigned partitions are asked about at once, whatever the backoff of an earlier read.
        offsetReadAttempts = 0
        offsetReadDue = nil
        return .paused
    }

    package func partitionsRevoked(_ partitions: [TopicPartition]) {
        logger.info("partitions revoked", metadata: ["kafka.partitions": "\(Self.numbers(partitions))"])
        context.metrics.recordRebalance(assigned: false)
        // Records polled but not loaded belong to whoever gets the partition now.
        let revoked = Set(partitions)
        pending.removeAll { record in
            revoked.contains(TopicPartition(topic: record.position.topic, partition: record.position.partition))
        }
        pendingBytes = pending.reduce(0) { $0 + $1.payload.count }
        assignment.revoke(partitions)
        for partition in partitions { storedOffsets[partition] = nil }
        context.metrics.forgetLag(partitions)
    }

    /// The loop's half of a rebalance: one attempt, between polls, to read the warehouse offsets of the
    /// partitions waiting for them, then to seek and resume those whose offset is known. Does nothing while
    /// every partition loads, or while a failed attempt's backoff runs.
    func positionAssignedPartitions(_ consumer: KafkaConsumer) {
        guard !assignment.isSettled, offsetReadDue.map({ ContinuousClock.now >= $0 }) ?? true else { return }
        if let request = assignment.offsetRequest {
            do {
                assignment.offsetsRead(try fetchStoredOffsets(), for: request)
                offsetReadAttempts = 0
                offsetReadDue = nil
            } catch {
                if error.kind == .connection { session = nil }
                let delay = backOff()
                warehouseProblem(error, retryIn: delay)
                context.gate?.idle(worker: id, now: .now)
            }
        }
        resumeAtStoredOffsets(consumer)
    }

    /// Seeks each partition whose warehouse offset is known to it and resumes it; from then on it loads.
    private func resumeAtStoredOffsets(_ consumer: KafkaConsumer) {
        let ready = assignment.positioning
        guard !ready.isEmpty else { return }
        var sought: [TopicPartition] = []
        var failure: (partition: TopicPartition?, error: KafkaError)?
        for (partition, stored) in ready.sorted(by: { $0.key < $1.key }) {
            do {
                // No row in the warehouse means nothing of this partition was loaded: start at the
                // beginning, whatever Kafka's committed offset says.
                try consumer.seek(partition, to: stored ?? Self.offsetBeginning, timeoutMilliseconds: 5000)
                sought.append(partition)
            } catch {
                // `_STATE`: the fetch librdkafka starts after an assignment has not begun yet; next turn will do.
                if error.code != .state { failure = (partition, error) }
            }
        }
        do {
            try consumer.resume(sought)
            let resumed = sought.filter { assignment.resumed($0) }
            for partition in resumed { storedOffsets[partition] = ready[partition] ?? nil }
            if !resumed.isEmpty {
                logger.info(
                    "partitions resumed at the warehouse offsets",
                    metadata: [
                        "kafka.partitions": "\(Self.numbers(resumed))",
                        "kafka.offsets": "\(resumed.map { Self.startText(ready[$0] ?? nil) }.joined(separator: ","))",
                    ])
            }
        } catch {
            failure = (nil, error)
        }
        guard let failure else { return }
        var metadata: Logger.Metadata = [
            "error.code": "\(failure.error.code)", "error": "\(failure.error.message)",
            "retry.in_ms": "\(backOff().milliseconds)",
        ]
        if let partition = failure.partition { metadata["kafka.partition"] = "\(partition.partition)" }
        logger.warning("cannot move an assigned partition to its warehouse offset; retrying", metadata: metadata)
    }

    /// Schedules the next attempt after a failure and returns how long it waits.
    private func backOff() -> Duration {
        offsetReadAttempts += 1
        let delay = retry.delay(attempt: offsetReadAttempts)
        offsetReadDue = .now + delay
        return delay
    }

    /// librdkafka's RD_KAFKA_OFFSET_BEGINNING.
    static let offsetBeginning: Int64 = -2

    /// A start offset as the log shows it: the warehouse's next offset, or "start" without a row.
    static func startText(_ stored: Int64?) -> String { stored.map(String.init) ?? "start" }

    static func numbers(_ partitions: [TopicPartition]) -> String {
        partitions.map { "\($0.partition)" }.joined(separator: ",")
    }
}
