import Foundation
import Kafka
import Logging
import StarSchema
import Synchronization

/// SQLite allows one writer at a time; workers in this process take turns instead of failing
/// with SQLITE_BUSY halfway through a batch.
let sqliteWriterLock = NSLock()

extension LoadWorker {
    /// Names this process in Snowflake's STARSINK_LOCK row, for an operator asking who holds it.
    static let hostName = ProcessInfo.processInfo.hostName
}

extension LoadWorker {
    /// Loads `records` exactly once, retrying transient failures with backoff until it succeeds,
    /// the batch is fenced off, or a stop is requested while the warehouse is down (then nothing
    /// was committed, and the records will be read again). Returns false in those last two cases:
    /// the caller must then drop any later records of the same batch, or their offsets would
    /// jump over the ones not loaded.
    @discardableResult
    func deliver(_ records: [LoadRecord]) -> Bool {
        var attempt = 0
        while true {
            context.gate?.busy(worker: id, now: .now)
            let failure: BatchFailure
            do throws(BatchFailure) {
                try transact(records)
                context.gate?.progressed(worker: id, now: .now)
                return true
            } catch {
                failure = error
            }
            if failure.refusedARecord { caches.knownProducts = [] }
            switch failure.reaction(attempt: attempt, bareDeadLetter: Self.isBareDeadLetter(records)) {
            case .reread(let partition):
                session?.rollbackQuietly()
                context.metrics.recordFence()
                logger.warning(
                    "offset row moved by another writer; this batch is dropped and the partition re-read",
                    metadata: ["kafka.partition": "\(partition.partition)"])
                refreshOffsets()
                return false
            case .isolate(let error):
                session?.rollbackQuietly()
                context.metrics.recordWarehouseError(sqlstate: error.sqlstate, retrying: false)
                return isolateRejectedRecords(records, error)
            case .retry(let error, let reconnect, let slowly):
                session?.rollbackQuietly()
                if reconnect { session = nil }
                attempt += 1
                let delay = (slowly ? context.refusedStatementRetry : retry).delay(attempt: attempt)
                warehouseProblem(error, retryIn: delay)
                if context.stop.isRequested {
                    logger.warning(
                        "stopping while the warehouse fails: the batch in flight is not committed and will be read again",
                        metadata: ["batch.rows": "\(records.count)"])
                    return false
                }
                context.gate?.idle(worker: id, now: .now)
                context.stop.wait(for: delay)
            case .abandon(let error):
                logger.error("unexpected error while loading a batch", metadata: ["error": "\(error)"])
                return false
            }
        }
    }

    /// Splits a batch the warehouse refused because of one row, until that row stands alone; it then
    /// becomes a `warehouse_rejected` dead letter and everything else loads.
    private func isolateRejectedRecords(_ records: [LoadRecord], _ error: WarehouseError) -> Bool {
        if records.count == 1, case .failure(let rejection) = records[0].outcome, rejection.code == .warehouseRejected {
            // The dead letter itself was refused: keep its position and reason, drop the payload the
            // warehouse would not take. If even that is refused, deliver() retries with backoff and
            // logs it — the record is never skipped silently.
            var record = records[0]
            record.payload = []
            record.outcome = .failure(
                EventRejection(.warehouseRejected, rejection.detail + StoredDeadLetter.omittedPayloadNote))
            logger.error(
                "dead letter refused by the warehouse; storing it without its payload",
                metadata: [
                    "kafka.partition": "\(record.position.partition)", "kafka.offset": "\(record.position.offset)",
                    "odbc.sqlstate": "\(error.sqlstate)",
                ])
            return deliver([record])
        }
        if records.count == 1 {
            var record = records[0]
            record.outcome = .failure(.warehouseRefused(sqlstate: error.sqlstate, message: error.message))
            logger.warning(
                "record refused by the warehouse; dead-lettered",
                metadata: [
                    "kafka.partition": "\(record.position.partition)", "kafka.offset": "\(record.position.offset)",
                    "odbc.sqlstate": "\(error.sqlstate)",
                ])
            return deliver([record])
        }
        logger.info(
            "splitting a batch to isolate a refused record",
            metadata: ["batch.rows": "\(records.count)", "odbc.sqlstate": "\(error.sqlstate)"])
        // Halves keep poll order, so within each partition the first half holds the earlier offsets
        // and each half advances the stored offsets monotonically.
        // If the first half was not committed (fenced off, or stopping), the second must not be either.
        let middle = records.count / 2
        guard deliver(Array(records[..<middle])) else { return false }
        return deliver(Array(records[middle...]))
    }

    /// One warehouse transaction (`BatchTransaction`), then Kafka is told, for lag monitoring only.
    private func transact(_ records: [LoadRecord]) throws(BatchFailure) {
        let started = ContinuousClock.now
        let session: WarehouseSession
        do { session = try connectedSession() } catch { throw .warehouse(error) }
        let lock: Bool = configuration.warehouse.dialect == .sqlite
        if lock { sqliteWriterLock.lock() }
        defer { if lock { sqliteWriterLock.unlock() } }

        let timings = BatchTransaction.Timings(enabled: logger.logLevel <= .debug)
        let transaction = BatchTransaction(
            statements: session.statements, groupID: configuration.kafka.groupID,
            policy: configuration.dimensions, holder: "\(Self.hostName) pid \(getpid()) worker \(id)")
        let outcome: BatchTransaction.Outcome
        do {
            outcome = try transaction.run(
                records, storedOffsets: storedOffsets, caches: caches, now: .now,
                executor: session, timings: timings)
        } catch {
            throw BatchFailure(error)
        }
        let plan = outcome.plan
        let nextOffsets = outcome.nextOffsets
        for (partition, next) in nextOffsets { storedOffsets[partition] = next }
        caches.remember(plan, productsLimit: Self.knownProductsLimit)
        let committedAt = Timestamp.now.microseconds / 1000
        let produceToCommit = records.compactMap { record in record.producedAtMilliseconds.map { committedAt - $0 } }
        let oldestProduced = committedAt - (produceToCommit.max() ?? 0)
        var deadLetterCodes: [String: Int] = [:]
        for letter in plan.deadLetters { deadLetterCodes[letter.rejection.code.rawValue, default: 0] += 1 }
        context.metrics.recordBatch(
            loaded: plan.facts.count, deadLetters: deadLetterCodes, duplicates: plan.duplicates,
            duration: ContinuousClock.now - started, produceToCommitMilliseconds: produceToCommit)
        logger.debug(
            "batch committed",
            metadata: [
                "batch.rows": "\(records.count)", "batch.facts": "\(plan.facts.count)",
                "batch.rejected": "\(plan.deadLetters.count)",
                "batch.ms": "\((ContinuousClock.now - started).milliseconds)",
                // Where a record's latency goes: since the batch's first poll, and since the oldest record was produced.
                "batch.since_first_poll_ms": "\((ContinuousClock.now - batchOpenedAt).milliseconds)",
                "batch.since_oldest_produced_ms": "\(committedAt - oldestProduced)",
                "batch.statement_ms":
                    "\(timings.milliseconds.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
            ])
        for letter in plan.deadLetters {
            // One line per bad event, with its position and code as journal fields (KAFKA_PARTITION=…, ERROR_CODE=…).
            logger.log(
                level: context.deadLetterLogLevel, "event dead-lettered",
                metadata: [
                    "kafka.topic": "\(letter.position.topic)", "kafka.partition": "\(letter.position.partition)",
                    "kafka.offset": "\(letter.position.offset)", "error.code": "\(letter.rejection.code.rawValue)",
                ])
        }
        publishDeadLetters(plan.deadLetters)
        do {
            try consumer?.commit(nextOffsets, asynchronously: true)
        } catch {
            logger.debug("Kafka offset commit failed (informational only)", metadata: ["error.code": "\(error.code)"])
        }
    }

    /// A single dead letter already stripped of its payload: refusing it again is not a record problem
    /// that splitting can solve, so it is retried like a transient failure instead of recursing.
    static func isBareDeadLetter(_ records: [LoadRecord]) -> Bool {
        guard records.count == 1, records[0].payload.isEmpty, case .failure(let rejection) = records[0].outcome else {
            return false
        }
        return rejection.code == .warehouseRejected
    }

    /// Sends dead letters to the DLQ topic after the warehouse commit. STARSINK_REJECTED is the
    /// record of truth; the topic is a convenience for tools that watch it.
    private func publishDeadLetters(_ letters: [DeadLetter]) {
        guard let producer = context.deadLetterProducer, let topic = configuration.kafka.deadLetterTopic else { return }
        for letter in letters {
            var headers: [(String, [UInt8])] = [
                ("starsink.source.topic", Array(letter.position.topic.utf8)),
                ("starsink.source.partition", Array(String(letter.position.partition).utf8)),
                ("starsink.source.offset", Array(String(letter.position.offset).utf8)),
                ("starsink.error.code", Array(letter.rejection.code.rawValue.utf8)),
                ("starsink.error.detail", Array(letter.rejection.detail.prefix(1000).utf8)),
            ]
            // A payload refused for its size would be refused by the DLQ topic too (message.max.bytes):
            // publish its head and say so; the whole payload is in STARSINK_REJECTED.
            var payload = letter.payload
            if payload.count > OrderEventDecoder.maximumPayloadBytes {
                headers.append(("starsink.payload.truncated_from", Array(String(payload.count).utf8)))
                payload = Array(payload.prefix(OrderEventDecoder.maximumPayloadBytes))
            }
            do {
                try producer.send(topic: topic, key: nil, value: payload, headers: headers)
            } catch {
                logger.warning(
                    "could not publish a dead letter to the DLQ topic (it is in STARSINK_REJECTED)",
                    metadata: ["error.code": "\(error.code)", "kafka.offset": "\(letter.position.offset)"])
            }
        }
    }

    /// After a fence: re-read this group's offsets and move the consumer to them.
    private func refreshOffsets() {
        // Retried like at assignment: with no answer, every partition would seek to its beginning.
        let offsets = readStoredOffsets()
        if context.stop.isRequested { return }
        for partition in assigned {
            storedOffsets[partition] = offsets[partition]
            let target = offsets[partition] ?? Self.offsetBeginning
            do {
                try consumer?.seek(partition, to: target, timeoutMilliseconds: 5000)
            } catch {
                logger.warning(
                    "seek after fence failed",
                    metadata: ["kafka.partition": "\(partition.partition)", "error.code": "\(error.code)"])
            }
        }
    }
}
