import Daemon
import Kafka
import StarSchema
import Testing

/// The pieces of `starsink offsets reset` that need no broker or warehouse: parsing `--to`, turning a
/// target into offsets, finding an offset by time when the broker cannot, and the Snowflake transaction.
@Suite struct OffsetResetTests {
    @Test func parsesEveryTargetAndRefusesTheRest() {
        #expect(OffsetTarget(argument: "earliest") == .earliest)
        #expect(OffsetTarget(argument: "latest") == .latest)
        #expect(OffsetTarget(argument: "1200") == .offset(1200))
        #expect(
            OffsetTarget(argument: "2026-11-28T10:15:00.250Z") == .time(Timestamp(iso8601: "2026-11-28T10:15:00.250Z")!)
        )
        #expect(
            OffsetTarget(argument: "2026-11-28T11:15:00+01:00") == .time(Timestamp(iso8601: "2026-11-28T10:15:00Z")!))
        for bad in ["", "-5", "first", "12a", "99999999999999999999", "2026-13-01T00:00:00Z"] {
            #expect(OffsetTarget(argument: bad) == nil, "\(bad)")
        }
    }

    let rows = [
        PartitionOffsets(partition: 0, warehouseOffset: 40, logStart: 10, logEnd: 50),
        PartitionOffsets(partition: 1, warehouseOffset: nil, logStart: 0, logEnd: 7),
    ]

    func plan(_ target: OffsetTarget) -> OffsetResetPlan {
        OffsetResetPlan.make(topic: "orders", target: target, partitions: rows) { _, _ in
            Issue.record("no time lookup expected")
            return OffsetTimeLookup.Answer(offset: 0, foundByReading: false)
        }
    }

    @Test func targetsBecomeOffsetsClampedToTheLog() {
        #expect(plan(.earliest).changes.map(\.to) == [10, 0])
        #expect(plan(.latest).changes.map(\.to) == [50, 7])
        let clamped = plan(.offset(3))
        #expect(clamped.changes.map(\.to) == [10, 3])
        #expect(clamped.changes[0].note == "3 is before the log start")
        #expect(plan(.offset(45)).changes.map(\.to) == [45, 7])
        #expect(plan(.offset(45)).changes[1].note == "45 is past the log end")
        #expect(
            plan(.offset(40)).moves == [OffsetMove(topic: "orders", partition: 1, expected: nil, next: 7)],
            "a partition already at its target is not written")
        #expect(plan(.earliest).lines == ["partition 0: 40 -> 10 (replays 30 records)", "partition 1: none -> 0"])
        #expect(
            plan(.latest).lines == ["partition 0: 40 -> 50 (skips 10 records, never loaded)", "partition 1: none -> 7"])
        #expect(
            plan(.offset(40)).lines == [
                "partition 0: 40 -> 40 (unchanged)", "partition 1: none -> 7 (40 is past the log end)",
            ])
    }

    /// What the group coordinator says decides; a refusal names who is still in the group.
    @Test func aGroupWithMembersIsNotIdle() {
        let member = KafkaGroupDescription.Member(memberID: "m-1", clientID: "rdkafka", clientHost: "/10.0.0.7")
        #expect(KafkaGroupDescription(groupID: "g", state: "Empty", members: []).isIdle)
        #expect(KafkaGroupDescription(groupID: "g", state: "Dead", members: []).isIdle)
        #expect(!KafkaGroupDescription(groupID: "g", state: "PreparingRebalance", members: []).isIdle)
        let stable = KafkaGroupDescription(groupID: "starsink", state: "Stable", members: [member])
        #expect(!stable.isIdle)
        let text = OffsetsError.groupActive(stable).description
        #expect(
            text.hasPrefix("consumer group starsink is Stable with 1 member(s) (rdkafka from /10.0.0.7)"), "\(text)")
        #expect(text.contains("nothing was changed") && !OffsetsError.groupActive(stable).isUsageError)
    }

    /// Records at offsets 0…99, produced at 1000 + 10 × offset milliseconds.
    static func read(_ offset: Int64) -> (offset: Int64, milliseconds: Int64)? {
        guard offset < 100 else { return nil }
        return (offset, 1000 + 10 * offset)
    }

    @Test func searchesTheLogWhenTheBrokerSaysNoRecordIsThatRecent() throws {
        for (time, expected) in [
            (Int64(1000), Int64(0)), (1005, 1), (1500, 50), (1990, 99), (1991, 100), (5000, 100), (0, 0),
        ] {
            let answer = try OffsetTimeLookup.resolve(
                milliseconds: time, brokerAnswer: nil, start: 0, end: 100, read: Self.read)
            #expect(answer.offset == expected, "time \(time)")
            #expect(answer.foundByReading == (expected < 100), "time \(time)")
        }
        let trusted = try OffsetTimeLookup.resolve(milliseconds: 1500, brokerAnswer: 50, start: 0, end: 100) { _ in
            Issue.record("a broker's offset is not second-guessed")
            return nil
        }
        #expect(trusted == OffsetTimeLookup.Answer(offset: 50, foundByReading: false))
        let empty = try OffsetTimeLookup.resolve(milliseconds: 1500, brokerAnswer: nil, start: 100, end: 100) { _ in nil
        }
        #expect(empty.offset == 100)
    }

    /// Snowflake has no ON CONFLICT: the reset takes the writer lock and uses the batch's set-based
    /// fenced UPDATE and NOT EXISTS INSERT, then commits once.
    @Test func snowflakeResetUsesTheLockAndTheFencedStatements() throws {
        let target = WarehouseTarget(dialect: .snowflake, schema: SQLIdentifier("e_commerce")!)
        let moves = [
            OffsetMove(topic: "orders", partition: 0, expected: 40, next: 10),
            OffsetMove(topic: "orders", partition: 1, expected: nil, next: 0),
        ]
        let executor = FenceExecutor()
        let transaction = OffsetResetTransaction(
            statements: WarehouseStatements(target: target), groupID: "starsink", holder: "test")
        try transaction.run(moves, now: Timestamp(microseconds: 0), executor: executor)
        let sql = executor.statements.joined(separator: "\n")
        #expect(!sql.contains("ON CONFLICT"))
        #expect(executor.statements.contains { $0.hasPrefix("UPDATE e_commerce.starsink_lock") })
        #expect(
            executor.statements.contains {
                $0.contains("UPDATE e_commerce.starsink_offsets AS o")
                    && $0.contains("o.next_offset = u.expected_offset")
            })
        #expect(
            executor.statements.contains {
                $0.contains("INSERT INTO e_commerce.starsink_offsets") && $0.contains("NOT EXISTS")
            })
        #expect(executor.commits == 2, "the session set-up, then the reset: one transaction")

        let moved = FenceExecutor()
        moved.fenceShortBy = 1
        #expect(throws: OffsetsError.self) {
            try transaction.run(moves, now: Timestamp(microseconds: 0), executor: moved)
        }
        #expect(moved.commits == 1, "only the session set-up was committed")
    }
}

/// Answers every fenced statement with the row count it expects, less `fenceShortBy`.
final class FenceExecutor: StatementExecutor {
    var statements: [String] = []
    var commits = 0
    var fenceShortBy = 0
    var sessionIsSetUp = false

    func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]] { [] }
    func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int {
        statements.append(statement.sql)
        return 0
    }
    func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int { statement.rows.count }
    func commit() throws(WarehouseError) { commits += 1 }
    func run(_ step: WarehouseStep) throws(WarehouseError) -> Int {
        switch step {
        case .statement(let statement, let expected):
            statements.append(statement.sql)
            return (expected ?? 0) - (expected == nil ? 0 : fenceShortBy)
        case .lock(let statement):
            statements.append(statement.sql)
            return 1
        case .array(let array):
            return array.rows.count
        }
    }
}
