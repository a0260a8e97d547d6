import Foundation
import Logging
import StarSchema

/// `starsink dead-letters replay`: re-submits stored payloads through the daemon's own decoder,
/// planner and batch transaction (`BatchTransaction`), one warehouse transaction per chunk.
///
/// In that transaction the chunk's rows are locked and re-read, the batch runs as the daemon's
/// would (same dimension locks, Snowflake's writer lock, same fact and dead-letter writes) except
/// that STARSINK_OFFSETS is left alone, and the chunk's dead letters are REMOVED when their order now
/// loads or is already loaded identically. Removed rather than marked: STARSINK_REJECTED holds what is
/// a dead letter now (README, Guarantees: every invalid message in it exactly once, and operators, alerts and
/// tests count its rows); a loaded order's lineage stays in FACT_ORDERS' KAFKA_* columns and the
/// original message in the DLQ topic; and no schema migration is needed. A dead letter that still
/// fails keeps its row when the reason is unchanged (so a second replay changes nothing) and is
/// rewritten with the new code, detail and time when it changed.
package struct DeadLetterReplay {
    package let session: WarehouseSession
    package let configuration: Configuration
    package let logger: Logger
    /// Runs every statement, then rolls back instead of committing.
    package var dryRun = false

    package init(session: WarehouseSession, configuration: Configuration, logger: Logger, dryRun: Bool = false) {
        self.session = session
        self.configuration = configuration
        self.logger = logger
        self.dryRun = dryRun
    }

    /// What a replay did (or, dry, would do).
    package struct Summary: Sendable, Equatable {
        /// Dead letters re-submitted.
        package var replayed = 0
        /// Now facts; their dead letters are removed.
        package var loaded = 0
        /// Identical to an order already loaded (a no-op); their dead letters are removed.
        package var alreadyLoaded = 0
        /// Still dead letters, by their code now.
        package var stillFailing: [String: Int] = [:]
        /// Of those, how many were stored with a new reason (code or detail).
        package var newReasons = 0
        /// Stored without a payload (the warehouse refused even that): nothing to re-submit.
        package var skipped = 0

        package init() {}

        package var stillFailingTotal: Int { stillFailing.values.reduce(0, +) }

        mutating func add(_ other: Summary) {
            replayed += other.replayed
            loaded += other.loaded
            alreadyLoaded += other.alreadyLoaded
            stillFailing.merge(other.stillFailing, uniquingKeysWith: +)
            newReasons += other.newReasons
            skipped += other.skipped
        }
    }

    /// Retries of a chunk after a transient failure (deadlock, lock timeout, SQLite busy) before giving up.
    static let transientRetries = 8
    private let retry = RetryPolicy(initial: .milliseconds(100), maximum: .seconds(5))

    /// Replays every dead letter matching `filter`, in position order.
    package func run(_ filter: DeadLetterFilter) throws -> Summary {
        try SchemaManager(session: session, logger: logger).check()
        if !session.sessionIsSetUp {
            // Once per connection, outside any chunk: Snowflake's setup commits, which would end a chunk's locks.
            for sql in session.statements.sessionSetup { try session.execute(sql: sql) }
            try session.commit()
            session.sessionIsSetUp = true
        }
        let reader = DeadLetterReader(session: session)
        let pageSize = max(1, configuration.pipeline.batchMaxRecords)
        var summary = Summary()
        var after: SourcePosition?
        while true {
            let page = try reader.page(filter, after: after, limit: pageSize, payload: false)
            guard let last = page.last else { break }
            after = last.letter.position
            for chunk in chunks(page) { try replay(chunk, refused: [:], into: &summary) }
            if page.count < pageSize { break }
        }
        return summary
    }

    /// A page cut into chunks bounded like a daemon batch: `pipeline.batch_max_bytes` of payload.
    private func chunks(_ page: [(letter: StoredDeadLetter, payloadLength: Int)]) -> [[SourcePosition]] {
        var chunks: [[SourcePosition]] = []
        var current: [SourcePosition] = []
        var bytes = 0
        for (letter, length) in page {
            if !current.isEmpty, bytes + length > configuration.pipeline.batchMaxBytes {
                chunks.append(current)
                current = []
                bytes = 0
            }
            current.append(letter.position)
            bytes += length
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// One chunk, retried on transient failures; a row the warehouse refuses is isolated by halving,
    /// as the daemon does, until it stands alone and is stored as `warehouse_rejected`.
    private func replay(
        _ positions: [SourcePosition], refused: [SourcePosition: EventRejection], into summary: inout Summary
    ) throws {
        var attempt = 0
        while true {
            do {
                summary.add(try transact(positions, refused: refused))
                return
            } catch let error as WarehouseError {
                session.rollbackQuietly()
                attempt += 1
                // A unique violation means a concurrent writer committed the same row: re-reading finds it.
                let concurrent = error.isConcurrentInsert && attempt <= WarehouseError.concurrentInsertRetries
                if error.kind == .record, !concurrent {
                    try isolate(positions, refused: refused, error, into: &summary)
                    return
                }
                guard concurrent || (error.kind == .transient && attempt <= Self.transientRetries) else { throw error }
                logger.info(
                    "retrying a dead-letter replay chunk",
                    metadata: ["odbc.sqlstate": "\(error.sqlstate)", "replay.rows": "\(positions.count)"])
                Thread.sleep(forTimeInterval: retry.delay(attempt: attempt).inSeconds)
            }
        }
    }

    private func isolate(
        _ positions: [SourcePosition], refused: [SourcePosition: EventRejection], _ error: WarehouseError,
        into summary: inout Summary
    ) throws {
        guard positions.count > 1 else {
            // Refused as a dead letter too: nothing of this chunk is committed; the operator is told.
            guard refused[positions[0]] == nil else { throw error }
            try replay(
                positions, refused: [positions[0]: .warehouseRefused(sqlstate: error.sqlstate, message: error.message)],
                into: &summary)
            return
        }
        let middle = positions.count / 2
        try replay(Array(positions[..<middle]), refused: refused, into: &summary)
        try replay(Array(positions[middle...]), refused: refused, into: &summary)
    }

    /// The warehouse transaction of one chunk: lock and re-read its rows, then the batch transaction.
    private func transact(_ positions: [SourcePosition], refused: [SourcePosition: EventRejection]) throws -> Summary {
        let statements = session.statements
        if statements.dialect == .sqlite { _ = try session.execute(statements.sqliteWriteLock) }
        var part = Summary()
        var stored: [SourcePosition: StoredDeadLetter] = [:]
        var records: [LoadRecord] = []
        // Rows replayed meanwhile by someone else are simply not there any more.
        for row in try session.query(statements.lockDeadLetters(positions)) {
            guard let (letter, _) = statements.parseStoredDeadLetter(row) else {
                throw WarehouseError(kind: .other, sqlstate: "", message: "unexpected row in starsink_rejected")
            }
            guard !letter.payloadWasOmitted, let payload = letter.payload else {
                part.skipped += 1
                continue
            }
            stored[letter.position] = letter
            var record = letter.record(payload: payload)
            if let rejection = refused[letter.position] { record.outcome = .failure(rejection) }
            records.append(record)
        }
        guard !records.isEmpty else {
            session.rollbackQuietly()
            return part
        }

        var transaction = BatchTransaction(
            statements: statements, groupID: configuration.kafka.groupID, policy: configuration.dimensions,
            holder: "\(LoadWorker.hostName) pid \(getpid()) dead-letters replay")
        transaction.storesOffsets = false
        var planned: BatchPlan?
        let replayed = records.map(\.position)
        transaction.writesBeforePlan = { plan, writer in
            planned = plan
            // Rows failing for the reason they already have stay untouched (the plan's insert skips
            // existing keys); every other row goes, and the plan stores the new reasons.
            let unchanged = Set(
                plan.deadLetters.filter { stored[$0.position]?.hasReason($0.rejection) == true }.map(\.position))
            statements.deleteDeadLetters(replayed.filter { !unchanged.contains($0) }, into: &writer)
        }
        let executor = DryRunExecutor(session, rollsBack: dryRun)
        do {
            _ = try transaction.run(
                records, storedOffsets: [:], caches: BatchTransaction.Caches(), now: .now, executor: executor)
        } catch is WarehouseError where executor.stoppedAtCommit {
            session.rollbackQuietly()
        }
        guard let plan = planned else {
            throw WarehouseError(kind: .other, sqlstate: "", message: "internal: the replay was not planned")
        }
        part.replayed = records.count
        part.loaded = plan.facts.count
        part.alreadyLoaded = plan.duplicates
        for letter in plan.deadLetters {
            part.stillFailing[letter.rejection.code.rawValue, default: 0] += 1
            if stored[letter.position]?.hasReason(letter.rejection) != true { part.newReasons += 1 }
        }
        return part
    }
}

/// The session, except that with `rollsBack` the commit is refused (and remembered): a dry run
/// runs every statement of the real transaction, so the warehouse's own refusals show, and keeps none.
final class DryRunExecutor: StatementExecutor {
    private let inner: WarehouseSession
    private let rollsBack: Bool
    private(set) var stoppedAtCommit = false

    var sessionIsSetUp: Bool {
        get { inner.sessionIsSetUp }
        set { inner.sessionIsSetUp = newValue }
    }

    init(_ inner: WarehouseSession, rollsBack: Bool) {
        self.inner = inner
        self.rollsBack = rollsBack
    }

    func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]] { try inner.query(statement) }
    func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int { try inner.execute(statement) }
    func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int { try inner.executeArray(statement) }

    func commit() throws(WarehouseError) {
        guard rollsBack else { return try inner.commit() }
        stoppedAtCommit = true
        throw WarehouseError(kind: .other, sqlstate: "", message: "dry run: rolled back")
    }
}
