import Foundation
import Kafka
import Logging
import StarSchema
import Synchronization
import Systemd

/// One consumer-group member with its own warehouse connection: polls a batch, loads it in one
/// warehouse transaction, repeats.
///
/// Threading: `run()` is the one work item of the worker's own serial Dispatch queue (`WorkerPool`), and
/// every other method is called from there too — librdkafka invokes the rebalance callbacks from inside
/// `poll`, on that same queue — so the mutable state below needs no lock. Only `StopSignal`,
/// `LiveSettings`, `PipelineMetrics` and `WatchdogGate` are shared, and each guards itself.
package final class LoadWorker {
    package struct Context: Sendable {
        package var configuration: Configuration
        package var settings: LiveSettings
        package var metrics: PipelineMetrics
        package var gate: WatchdogGate?
        package var deadLetterProducer: KafkaProducer?
        package var stop: StopSignal
        /// Told when this worker cannot go on (fenced); nil in tests that run workers without a supervisor.
        package var halt: HaltSignal?
        /// The level of the "event dead-lettered" line each rejected event gets.
        package var deadLetterLogLevel: Logger.Level = .warning
        /// Backoff after a statement the warehouse refuses as written (`WarehouseError.Kind.statement`):
        /// it heals only when someone acts (a grant, a column put back), so ask again rarely.
        package var refusedStatementRetry = Context.defaultRefusedStatementRetry
        package static let defaultRefusedStatementRetry = RetryPolicy(initial: .seconds(10), maximum: .seconds(120))
    }

    let id: Int
    let context: Context
    var logger: Logger
    let retry = RetryPolicy()
    var consumer: KafkaConsumer?
    var session: WarehouseSession?
    /// The next offset the warehouse holds for each loading partition; absent = no row yet.
    var storedOffsets: [TopicPartition: Int64] = [:]
    /// The partitions the group assigned, and where each is on its way from paused to loading.
    var assignment = PartitionAssignment()
    /// Failed attempts to read or apply the warehouse offsets of newly assigned partitions, and when the
    /// next one is due.
    var offsetReadAttempts = 0
    var offsetReadDue: ContinuousClock.Instant?
    /// Polled but not yet loaded; dropped when partitions are revoked.
    var pending: [LoadRecord] = []
    var pendingBytes = 0
    /// When the batch being collected got its first record (for the debug-level batch line).
    var batchOpenedAt = ContinuousClock.now
    /// Dates and products known to be in the warehouse. The product cache is bounded: cleared when
    /// full, and after any refused record in case a row was removed by hand.
    var caches = BatchTransaction.Caches()
    static let knownProductsLimit = 1_000_000
    var lastLagCheck = ContinuousClock.now
    let subscribed = Mutex(false)
    /// Set once the broker fenced this worker's static membership: the consumer is unusable, the worker ends.
    var fenced = false

    var configuration: Configuration { context.configuration }

    /// The partitions whose messages load: assigned, and sought to their warehouse offsets.
    var assigned: Set<TopicPartition> { assignment.loading }

    package init(id: Int, context: Context, logger: Logger) {
        self.id = id
        self.context = context
        var logger = logger
        logger[metadataKey: "worker"] = "\(id)"
        if let member = context.configuration.kafka.memberInstanceID(worker: id) {
            logger[metadataKey: "kafka.instance_id"] = "\(member)"
        }
        self.logger = logger
    }

    /// True once the worker has joined the group's subscription (READY waits for every worker).
    package var hasSubscribed: Bool { subscribed.withLock { $0 } }

    /// Runs until a stop is requested, then finishes the batch in flight and leaves the group.
    package func run() {
        context.gate?.register(worker: id)
        context.metrics.workerStarted()
        defer {
            context.gate?.unregister(worker: id)
            context.metrics.workerStopped()
        }
        guard let consumer = connectConsumer() else { return }
        self.consumer = consumer
        while !context.stop.isRequested, !fenced {
            let batch = collectBatch(consumer)
            if !batch.isEmpty { deliver(batch) }
        }
        logger.info("worker stopping: leaving the consumer group")
        consumer.close()
        self.consumer = nil
        session = nil
    }

    private func connectConsumer() -> KafkaConsumer? {
        guard !context.stop.isRequested else { return nil }
        return retryingUntilStopped { () throws(KafkaError) -> KafkaConsumer in
            var properties = configuration.kafka.consumerClientProperties
            properties["client.id"] = properties["client.id"] ?? "starsink-worker-\(id)"
            // librdkafka prefetches up to 64 MiB per consumer by default; a worker never needs more
            // than about one batch ahead, and the daemon's memory budget is small.
            properties["queued.max.messages.kbytes"] = properties["queued.max.messages.kbytes"] ?? "4096"
            // A broker may hold a fetch this long waiting for data; it bounds the latency at low rates.
            properties["fetch.wait.max.ms"] = properties["fetch.wait.max.ms"] ?? "100"
            let consumer = try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(
                    brokers: configuration.kafka.brokers, groupID: configuration.kafka.groupID,
                    instanceID: configuration.kafka.memberInstanceID(worker: id), properties: properties),
                logger: logger)
            consumer.rebalanceListener = self
            try consumer.subscribe(topics: [configuration.kafka.topic])
            // Logged before the flag is set, so the line always precedes the READY it allows.
            logger.info(
                "subscribed",
                metadata: [
                    "kafka.topic": "\(configuration.kafka.topic)", "kafka.group": "\(configuration.kafka.groupID)",
                ])
            subscribed.withLock { $0 = true }
            return consumer
        } failed: { error, delay in
            logger.error(
                "cannot create the Kafka consumer; retrying",
                metadata: [
                    "error.code": "\(error.code)", "error": "\(error.message)",
                    "retry.in_ms": "\(delay.milliseconds)",
                ])
        }
    }

    /// Polls until the batch is full by records or bytes, or `maxWait` has passed since its first record.
    private func collectBatch(_ consumer: KafkaConsumer) -> [LoadRecord] {
        let limits = context.settings.batchLimits
        let clock = ContinuousClock()
        var deadline: ContinuousClock.Instant?
        while !context.stop.isRequested, !fenced {
            if pending.count >= limits.maxRecords || pendingBytes >= limits.maxBytes { break }
            if let deadline, clock.now >= deadline { break }
            if pending.isEmpty { context.gate?.idle(worker: id, now: .now) }
            if !assignment.isSettled { positionAssignedPartitions(consumer) }
            // Here, not between batches: an idle worker never leaves this loop, and its lag must still be reported.
            reportLag(consumer)
            let timeout = deadline.map { max(1, min(100, ($0 - clock.now).milliseconds)) } ?? 100
            switch consumer.poll(timeoutMilliseconds: Int32(timeout)) {
            case nil:
                continue
            case .error(let error):
                handleConsumerError(error, consumer)
            case .message(let message):
                let partition = message.topicPartition
                // Nothing of a partition loads before its offset was read from the warehouse and sought.
                guard assignment.isLoading(partition) else { continue }
                if let stored = storedOffsets[partition], message.offset < stored { continue }
                if pending.isEmpty {
                    deadline = clock.now + limits.maxWait
                    batchOpenedAt = clock.now
                }
                let position = SourcePosition(
                    topic: message.topic, partition: message.partition, offset: message.offset)
                pending.append(
                    LoadRecord(
                        position: position, payload: message.payload,
                        outcome: OrderEventDecoder.decode(message.payload),
                        producedAtMilliseconds: message.timestampMilliseconds))
                pendingBytes += message.payload.count
            }
        }
        defer {
            pending = []
            pendingBytes = 0
        }
        return pending
    }

    private func handleConsumerError(_ error: KafkaError, _ consumer: KafkaConsumer) {
        if error.code == .autoOffsetReset || error.code == .offsetOutOfRange {
            context.metrics.recordRetentionGap()
            reportRetentionGap(error, consumer)
        } else if error.isFencedInstance {
            stopFenced(error)
        } else if error.isFatal {
            logger.critical(
                "Kafka consumer fatal error", metadata: ["error.code": "\(error.code)", "error": "\(error.message)"])
        } else {
            logger.warning(
                "Kafka consumer error", metadata: ["error.code": "\(error.code)", "error": "\(error.message)"])
        }
    }

    /// Logs how many offsets expired unloaded: the log start now minus the offset the warehouse holds.
    private func reportRetentionGap(_ error: KafkaError, _ consumer: KafkaConsumer) {
        var metadata: Logger.Metadata = ["error.code": "\(error.code)", "error": "\(error.message)"]
        var missing = "some"
        if let partition = error.topicPartition {
            metadata["kafka.partition"] = "\(partition.partition)"
            if let stored = storedOffsets[partition],
                let marks = try? consumer.watermarks(partition, timeoutMilliseconds: 2000)
            {
                missing = "\(max(0, marks.low - stored))"
                metadata["kafka.offset"] = "\(stored)"
                metadata["kafka.log_start"] = "\(marks.low)"
                metadata["retention.missing_offsets"] = "\(missing)"
            }
        }
        logger.error(
            "retention gap: \(missing) offsets expired before they were loaded; continuing from the earliest available offset",
            metadata: metadata)
    }

    private func reportLag(_ consumer: KafkaConsumer) {
        guard ContinuousClock.now - lastLagCheck > .seconds(5) else { return }
        lastLagCheck = .now
        // The cached end offsets from fetch responses: asking the brokers here cost a round trip
        // per partition every five seconds on the consuming thread, a visible stall in the latency tail.
        for partition in assigned {
            let marks = consumer.cachedWatermarks(partition)
            guard let high = marks.high else { continue }
            context.metrics.setLag(partition, max(0, high - (storedOffsets[partition] ?? marks.low ?? 0)))
        }
    }

    /// Reads this group's offsets from the warehouse, retrying until it answers or a stop is requested
    /// (then nothing: `[:]`).
    func readStoredOffsets() -> [TopicPartition: Int64] {
        retryingUntilStopped { () throws(WarehouseError) in
            try fetchStoredOffsets()
        } failed: { error, delay in
            if error.kind == .connection { session = nil }
            warehouseProblem(error, retryIn: delay)
        } ?? [:]
    }

    /// This group's next offsets for the topic, as committed in the warehouse.
    func fetchStoredOffsets() throws(WarehouseError) -> [TopicPartition: Int64] {
        let session = try connectedSession()
        let rows = try session.query(
            session.statements.storedOffsets(group: configuration.kafka.groupID, topic: configuration.kafka.topic))
        session.rollbackQuietly()
        var offsets: [TopicPartition: Int64] = [:]
        for row in rows {
            guard row.count == 2, let partition = row[0].flatMap({ Int32($0) }),
                let next = row[1].flatMap({ Int64($0) })
            else { continue }
            offsets[TopicPartition(topic: configuration.kafka.topic, partition: partition)] = next
        }
        return offsets
    }

    func connectedSession() throws(WarehouseError) -> WarehouseSession {
        if let session { return session }
        let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
        self.session = session
        // A fresh connection means the outage is over: STATUS stops saying otherwise even while idle.
        context.metrics.setWarehouseProblem(nil)
        logger.info("connected to the warehouse")
        return session
    }

    func warehouseProblem(_ error: WarehouseError, retryIn delay: Duration) {
        let seconds = max(1, (delay.milliseconds + 500) / 1000)
        let state = error.sqlstate.isEmpty ? "" : " (SQLSTATE \(error.sqlstate))"
        let summary =
            switch error.kind {
            case .connection: "warehouse unreachable, retrying in \(seconds)s"
            case .transient: "warehouse busy (\(error.sqlstate)), retrying in \(seconds)s"
            case .statement:
                "warehouse refuses \(error.statement ?? "a statement")\(state): needs an operator, retrying in \(seconds)s"
            default: "warehouse error \(error.sqlstate), retrying in \(seconds)s"
            }
        context.metrics.recordWarehouseError(sqlstate: error.sqlstate)
        context.metrics.setWarehouseProblem(summary)
        var metadata: Logger.Metadata = ["odbc.sqlstate": "\(error.sqlstate)", "error": "\(error.message)"]
        if let statement = error.statement { metadata["warehouse.statement"] = "\(statement)" }
        if error.kind == .statement || error.kind == .configuration {
            logger.error("\(summary)", metadata: metadata)
        } else {
            logger.warning("\(summary)", metadata: metadata)
        }
    }
}
