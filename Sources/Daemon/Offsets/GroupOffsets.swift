import Foundation
import Kafka
import Logging
import StarSchema

/// The configured group's offsets on the configured topic, as the warehouse holds them and as the broker's
/// log stands: what `starsink offsets show` prints and `starsink offsets reset` changes.
///
/// Used from one thread (the command line's); every call blocks on the broker or the warehouse.
package final class GroupOffsets {
    package let configuration: Configuration
    private let admin: KafkaAdmin
    private let session: WarehouseSession
    private let logger: Logger
    /// How long each broker request may take.
    private let timeoutMilliseconds: Int32 = 10_000

    package var group: String { configuration.kafka.groupID }
    package var topic: String { configuration.kafka.topic }

    package init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        // A consumer's properties and secrets: the brokers see the same client (TLS, SASL) the workers are.
        admin = try KafkaAdmin(
            brokers: configuration.kafka.brokers, properties: configuration.kafka.consumerClientProperties,
            logger: logger)
        session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
        try SchemaManager(session: session, logger: logger).check()
    }

    /// The group's next offsets per partition, as committed in the warehouse.
    package func warehouseOffsets() throws(WarehouseError) -> [Int32: Int64] {
        let rows = try session.query(session.statements.storedOffsets(group: group, topic: topic))
        session.rollbackQuietly()
        var offsets: [Int32: Int64] = [:]
        for row in rows {
            guard row.count == 2, let partition = row[0].flatMap({ Int32($0) }),
                let next = row[1].flatMap({ Int64($0) })
            else { continue }
            offsets[partition] = next
        }
        return offsets
    }

    /// Every partition of the topic (or only `only`, when not empty), sorted.
    package func partitions(only: [Int32] = []) throws -> [PartitionOffsets] {
        let available = try admin.partitions(of: topic, timeoutMilliseconds: timeoutMilliseconds)
        let unknown = Set(only).subtracting(available).sorted()
        guard unknown.isEmpty else { throw OffsetsError.unknownPartitions(unknown, topic: topic, available: available) }
        let stored = try warehouseOffsets()
        return try (only.isEmpty ? available : Set(only).sorted()).map { partition in
            let marks = try admin.watermarks(
                TopicPartition(topic: topic, partition: partition), timeoutMilliseconds: timeoutMilliseconds)
            return PartitionOffsets(
                partition: partition, warehouseOffset: stored[partition], logStart: marks.start, logEnd: marks.end)
        }
    }

    /// How long a loading group can go without moving an offset: a rebalance pauses it for up to
    /// `session.timeout.ms` (the mock cluster completes one after session.timeout.ms − 1 s), then the
    /// next batch commits within `batch_max_wait_ms`. (6000 ms is the daemon's default session timeout.)
    package var observationWindow: Duration {
        let session = configuration.kafka.consumerClientProperties["session.timeout.ms"].flatMap { Int($0) } ?? 6000
        return .milliseconds(session + configuration.pipeline.batchMaxWaitMilliseconds + 1000)
    }

    /// Refuses (`OffsetsError`) while the group has members. Where the brokers cannot describe groups
    /// (librdkafka's mock cluster), watches the warehouse offsets for `observationWindow` instead: a worker
    /// that loads moves them. Returns a warning for the operator when only that watch could be done.
    package func checkGroupIsIdle() throws -> String? {
        let observation = observationWindow
        switch try admin.group(group, timeoutMilliseconds: timeoutMilliseconds) {
        case .described(let description):
            guard description.isIdle else { throw OffsetsError.groupActive(description) }
            return nil
        case .unsupported(let reason):
            let before = try warehouseOffsets()
            Thread.sleep(forTimeInterval: observation.inSeconds)
            guard try warehouseOffsets() == before else { throw OffsetsError.offsetsMoved(group: group) }
            return
                "\(reason): starsink watched group \(group)'s warehouse offsets for \(observation.milliseconds / 1000) s instead and none moved. "
                + "A worker of the group that is running but idle would be fenced at its next batch and continue from the reset"
        }
    }

    /// The offsets `target` means for `partitions`.
    package func plan(_ target: OffsetTarget, for partitions: [PartitionOffsets]) throws -> OffsetResetPlan {
        try OffsetResetPlan.make(topic: topic, target: target, partitions: partitions) { row, time in
            let partition = TopicPartition(topic: topic, partition: row.partition)
            let milliseconds = time.microseconds / 1000
            let answer =
                try admin.offsets(atOrAfter: milliseconds, [partition], timeoutMilliseconds: timeoutMilliseconds)[
                    partition] ?? nil
            return try OffsetTimeLookup.resolve(
                milliseconds: milliseconds, brokerAnswer: answer, start: row.logStart, end: row.logEnd
            ) { offset in
                try admin.recordTimestamp(at: offset, partition, timeoutMilliseconds: timeoutMilliseconds)
            }
        }
    }

    /// Writes the plan's moves in one warehouse transaction and logs each; fenced on the offsets it was made
    /// from (`OffsetsError.offsetsMoved` when a worker moved one meanwhile).
    package func apply(_ plan: OffsetResetPlan) throws {
        let moves = plan.moves
        guard !moves.isEmpty else { return }
        let transaction = OffsetResetTransaction(
            statements: session.statements, groupID: group,
            holder: "starsink offsets reset on \(ProcessInfo.processInfo.hostName) pid \(getpid())")
        do {
            try transaction.run(moves, now: .now, executor: session)
        } catch {
            session.rollbackQuietly()
            throw error
        }
        for move in moves {
            logger.notice(
                "offset reset",
                metadata: [
                    "kafka.group": "\(group)", "kafka.topic": "\(move.topic)", "kafka.partition": "\(move.partition)",
                    "offset.from": "\(move.expected.map(String.init) ?? "none")", "offset.to": "\(move.next)",
                ])
        }
    }
}
