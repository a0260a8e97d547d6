import Kafka
import StarSchema

/// One batch's warehouse transaction, the same for every dialect and for `starsink sql`: the
/// reads that inform the plan, the pure plan, then the writes and the fenced offsets, then commit.
///
/// The order of the queries is the same in every dialect (facts, customers, [history], products,
/// [product order keys]); `starsink sql` relies on it to replay one dialect's answers to another.
struct BatchTransaction {
    let statements: WarehouseStatements
    let groupID: String
    let policy: DimensionPolicy
    /// Who takes Snowflake's writer lock, for operators reading STARSINK_LOCK.
    let holder: String
    /// False for `dead-letters replay`: it re-submits stored payloads and must not move STARSINK_OFFSETS.
    var storesOffsets = true
    /// Writes added once the plan is known, ahead of the plan's own (replay: removing the dead letters
    /// it re-submits, before the plan stores those that still fail).
    var writesBeforePlan: (BatchPlan, inout BatchWriter) -> Void = { _, _ in }

    /// What a worker remembers between batches.
    struct Caches: Sendable {
        /// Dates known to be in DIM_DATE (dates never change, so this cache is always right).
        var knownDates: Set<CalendarDate> = []
        /// Products known to have a DIM_PRODUCT row (rows are never deleted), so a batch defines only
        /// products it sees for the first time; the Type 3 merge still reads every product.
        var knownProducts: Set<String> = []
    }

    struct Outcome {
        var plan: BatchPlan
        var nextOffsets: [TopicPartition: Int64]
    }

    /// Milliseconds per statement label, collected only when asked (the debug-level batch line).
    /// Used by the worker's own thread only.
    final class Timings {
        let enabled: Bool
        private(set) var milliseconds: [String: Int64] = [:]

        init(enabled: Bool) { self.enabled = enabled }

        /// The label is an autoclosure: naming a statement splits its SQL text, which only timings need.
        func measure<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
            guard enabled else { return try body() }
            let started = ContinuousClock.now
            defer { milliseconds[label(), default: 0] += (ContinuousClock.now - started).milliseconds }
            return try body()
        }
    }

    /// Runs the transaction through `commit`. Throws `BatchFailure.fenced` when an offset moved underneath,
    /// `WarehouseError` (with the failing statement's label) when the warehouse refused.
    func run(
        _ records: [LoadRecord], storedOffsets: [TopicPartition: Int64], caches: Caches, now: Timestamp,
        executor: some StatementExecutor, timings: Timings = Timings(enabled: false)
    ) throws -> Outcome {
        if !executor.sessionIsSetUp {
            for sql in statements.sessionSetup {
                _ = try labelled(sql) { () throws(WarehouseError) in try executor.execute(BoundStatement(sql: sql)) }
            }
            try executor.commit()
            executor.sessionIsSetUp = true
        }
        let nextOffsets = Self.nextOffsets(records)
        let moves: [OffsetMove] =
            !storesOffsets
            ? []
            : nextOffsets.sorted { $0.key < $1.key }.map { partition, next in
                OffsetMove(
                    topic: partition.topic, partition: partition.partition, expected: storedOffsets[partition],
                    next: next)
            }
        for step in statements.beginSteps(holder: holder, now: now) {
            guard try run(step, executor, timings) == 1 else {
                throw WarehouseError(
                    kind: .statement, sqlstate: "",
                    message: "STARSINK_LOCK has no 'writer' row; run `starsink schema apply`",
                    statement: Self.statementLabel(step.sql))
            }
        }

        func query(_ label: String, _ statement: BoundStatement) throws -> [[String?]] {
            var rows: [[String?]] = []
            try timings.measure(label) {
                rows = try labelled(statement.sql) { () throws(WarehouseError) in try executor.query(statement) }
            }
            return rows
        }
        let prepared = PreparedBatch(records: records)
        var existing: [String: ExistingFact] = [:]
        var current: [String: CustomerVersion] = [:]
        if !prepared.events.isEmpty {
            for row in try query("SELECT fact_orders", statements.existingFacts(prepared.orderIDs)) {
                if let fact = statements.parseExistingFact(row) { existing[fact.orderID] = fact }
            }
            let rows = try query("SELECT dim_customer", statements.currentCustomers(prepared.customerIDs))
            current.reserveCapacity(rows.count)
            for row in rows {
                if let version = statements.parseCustomerVersion(row) { current[version.customerID] = version }
            }
        }
        var plan = BatchPlan()
        try timings.measure("plan") {
            plan = try prepared.plan(
                existingFacts: existing, currentCustomers: current, knownDates: caches.knownDates,
                knownProducts: caches.knownProducts, policy: policy,
                loadLastEvents: { customerIDs in
                    var last: [String: EventKey] = [:]
                    for row in try query(
                        "SELECT last orders", statements.customerHistory(customerIDs, currentVersionOnly: true))
                    {
                        guard let (customerID, point) = statements.parseHistoryRow(row) else { continue }
                        if last[customerID].map({ $0 < point.key }) ?? true { last[customerID] = point.key }
                    }
                    return last
                }
            ) { customerIDs in
                var histories: [String: [HistoryPoint]] = [:]
                for row in try query("SELECT history", statements.customerHistory(customerIDs)) {
                    if let (customerID, point) = statements.parseHistoryRow(row) {
                        histories[customerID, default: []].append(point)
                    }
                }
                return histories
            }
        }

        // PostgreSQL writes the plan before it reads (and locks) the products, which every worker
        // shares; the other dialects hold one writer lock for the whole transaction anyway.
        let productsLate = statements.dialect == .postgresql
        var writer = BatchWriter(statements)
        writesBeforePlan(plan, &writer)
        statements.planWrites(plan, rejectedAt: now, definingNewProducts: productsLate, into: &writer)
        if productsLate {
            for step in writer.steps { _ = try run(step, executor, timings) }
            writer = BatchWriter(statements)
        }
        var stored: [String: ProductState] = [:]
        if !plan.productOrders.isEmpty {
            let productIDs = plan.productOrders.keys.sorted { $0.precedesInByteOrder($1) }
            let rows = try query("SELECT dim_product", statements.lockProducts(productIDs))
            stored.reserveCapacity(rows.count)
            for row in rows {
                if let state = statements.parseProductState(row) { stored[state.productID] = state }
            }
        }
        let changed = try ProductHistory.mergeBatch(plan.productOrders, stored: stored) { productIDs in
            var keys: [String: [EventKey]] = [:]
            for row in try query("SELECT product orders", statements.productOrderKeys(productIDs)) {
                if let (productID, key) = statements.parseProductOrderKey(row) {
                    keys[productID, default: []].append(key)
                }
            }
            return keys
        }
        statements.productWrites(changed, stored: Set(stored.keys), into: &writer)
        statements.offsetWrites(moves, group: groupID, now: now, into: &writer)
        // The fenced statements are the offsets', in `moves` order (Snowflake: all moves in one or two).
        var fences = 0
        for step in writer.steps {
            let count = try run(step, executor, timings)
            guard case .statement(_, let expected?) = step else { continue }
            if count != expected {
                let move = moves[min(fences, moves.count - 1)]
                throw BatchFailure.fenced(TopicPartition(topic: move.topic, partition: move.partition))
            }
            fences += 1
        }
        try timings.measure("COMMIT") {
            try labelled("COMMIT") { () throws(WarehouseError) in try executor.commit() }
        }
        return Outcome(plan: plan, nextOffsets: nextOffsets)
    }

    private func run(_ step: WarehouseStep, _ executor: some StatementExecutor, _ timings: Timings) throws -> Int {
        try timings.measure(Self.statementLabel(step.sql)) {
            try labelled(step.sql) { () throws(WarehouseError) in try executor.run(step) }
        }
    }

    /// Tags a warehouse error with the statement it came from (`INSERT fact_orders`), for STATUS and logs.
    private func labelled<T>(_ sql: String, _ body: () throws(WarehouseError) -> T) throws(WarehouseError) -> T {
        do {
            return try body()
        } catch {
            var error = error
            if error.statement == nil { error.statement = Self.statementLabel(sql) }
            throw error
        }
    }

    /// `INSERT fact_orders`, `UPDATE dim_customer`, `MERGE dim_product`: which statement a timing or an error belongs to.
    static func statementLabel(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" })
        let verb =
            words.first {
                ["INSERT", "UPDATE", "DELETE", "MERGE", "SET", "SELECT", "CREATE", "USE", "COMMIT"].contains($0)
            } ?? words.first ?? ""
        let table = words.first { $0.contains("dim_") || $0.contains("fact_") || $0.contains("starsink_") } ?? ""
        let name = table.split(separator: ".").last.map(String.init) ?? ""
        return name.isEmpty ? String(verb) : "\(verb) \(name)"
    }

    static func nextOffsets(_ records: [LoadRecord]) -> [TopicPartition: Int64] {
        // Keyed by partition number while every record has the first record's topic (a daemon reads
        // one topic): hashing the topic's String for each of 20k records was 2% of the daemon's CPU.
        guard let topic = records.first?.position.topic else { return [:] }
        var byNumber: [Int32: Int64] = [:]
        var next: [TopicPartition: Int64] = [:]
        for record in records {
            let position = record.position
            if position.topic == topic {
                byNumber[position.partition] = max(byNumber[position.partition] ?? 0, position.offset + 1)
            } else {
                let partition = TopicPartition(topic: position.topic, partition: position.partition)
                next[partition] = max(next[partition] ?? 0, position.offset + 1)
            }
        }
        for (number, offset) in byNumber { next[TopicPartition(topic: topic, partition: number)] = offset }
        return next
    }
}

extension BatchTransaction.Caches {
    /// After a commit: the plan's dates and products are in the warehouse now.
    mutating func remember(_ plan: BatchPlan, productsLimit: Int) {
        knownDates.formUnion(plan.newDates)
        if knownProducts.count > productsLimit { knownProducts = [] }
        knownProducts.formUnion(plan.productOrders.keys)
    }
}
