import Kafka
import StarSchema

/// The warehouse side of `starsink offsets reset`: every partition's move in ONE transaction, through the
/// same fenced statements a batch uses (`WarehouseStatements.offsetWrites`): an UPDATE that must find the
/// offset the operator was shown, or an INSERT that must claim a partition nobody loaded yet. On Snowflake
/// the writer lock is taken first, like a batch does. A fence that fails means a worker moved an offset
/// since it was read: nothing is written.
package struct OffsetResetTransaction {
    let statements: WarehouseStatements
    let groupID: String
    /// Who takes Snowflake's writer lock, for operators reading STARSINK_LOCK.
    let holder: String

    package init(statements: WarehouseStatements, groupID: String, holder: String) {
        self.statements = statements
        self.groupID = groupID
        self.holder = holder
    }

    package func run(_ moves: [OffsetMove], now: Timestamp, executor: some StatementExecutor) throws {
        if !executor.sessionIsSetUp {
            for sql in statements.sessionSetup { _ = try executor.execute(BoundStatement(sql: sql)) }
            try executor.commit()
            executor.sessionIsSetUp = true
        }
        for step in statements.beginSteps(holder: holder, now: now) {
            guard try executor.run(step) == 1 else {
                throw WarehouseError(
                    kind: .statement, sqlstate: "",
                    message: "STARSINK_LOCK has no 'writer' row; run `starsink schema apply`")
            }
        }
        var writer = BatchWriter(statements)
        statements.offsetWrites(moves, group: groupID, now: now, into: &writer)
        for step in writer.steps {
            let count = try executor.run(step)
            if case .statement(_, let expected?) = step, count != expected {
                throw OffsetsError.offsetsMoved(group: groupID)
            }
        }
        try executor.commit()
    }
}
