import Kafka
import ODBC
import Testing
@testable import Daemon

/// `BatchFailure.reaction` is the one place that decides what a worker does with a failed batch: re-read
/// after a fence, split to isolate a refused record, retry (reconnecting, or slowly), or give up.
@Suite struct BatchFailureTests {
    static let partition = TopicPartition(topic: "orders", partition: 4)

    static func warehouse(_ sqlstate: String) -> BatchFailure {
        .warehouse(WarehouseError(ODBCError(operation: "SQLExecute", sqlstate: sqlstate, message: "m")))
    }

    /// The reaction reduced to what the worker does, for comparing.
    static func summary(_ reaction: BatchFailure.Reaction) -> String {
        switch reaction {
        case .reread(let partition): "reread \(partition.partition)"
        case .isolate(let error): "isolate \(error.sqlstate)"
        case .retry(let error, let reconnect, let slowly):
            "retry \(error.sqlstate)" + (reconnect ? " reconnecting" : "") + (slowly ? " slowly" : "")
        case .abandon: "abandon"
        }
    }

    func react(_ failure: BatchFailure, attempt: Int = 0, bare: Bool = false) -> String {
        Self.summary(failure.reaction(attempt: attempt, bareDeadLetter: bare))
    }

    @Test func aFenceRereadsThePartition() {
        #expect(react(.fenced(Self.partition)) == "reread 4")
        #expect(react(BatchFailure(BatchFailure.fenced(Self.partition))) == "reread 4", "passed through untyped")
        #expect(!BatchFailure.fenced(Self.partition).refusedARecord)
    }

    @Test func warehouseFailuresAreRetriedByKind() {
        #expect(react(Self.warehouse("08S01")) == "retry 08S01 reconnecting")
        #expect(react(Self.warehouse("40P01")) == "retry 40P01")
        #expect(react(Self.warehouse("42501")) == "retry 42501 slowly")
        #expect(react(Self.warehouse("XX000")) == "retry XX000")
        let configuration = BatchFailure.warehouse(WarehouseError(kind: .configuration, sqlstate: "", message: "m"))
        #expect(react(configuration) == "retry ")
        #expect(react(BatchFailure(WarehouseError(kind: .transient, sqlstate: "HYT00", message: "m"))) == "retry HYT00")
    }

    @Test func aRefusedRecordIsIsolatedUnlessItIsABareDeadLetter() {
        #expect(react(Self.warehouse("22001")) == "isolate 22001")
        #expect(react(Self.warehouse("22001"), bare: true) == "retry 22001", "splitting cannot help a bare dead letter")
        #expect(Self.warehouse("22001").refusedARecord)
        #expect(!Self.warehouse("08S01").refusedARecord)
    }

    @Test func aUniqueViolationIsRetriedAsAConcurrentInsertBeforeItIsIsolated() {
        let retries = WarehouseError.concurrentInsertRetries
        #expect(react(Self.warehouse("23505"), attempt: 0) == "retry 23505")
        #expect(react(Self.warehouse("23505"), attempt: retries - 1) == "retry 23505")
        #expect(react(Self.warehouse("23505"), attempt: retries) == "isolate 23505")
        #expect(react(Self.warehouse("23503"), attempt: 0) == "isolate 23503", "only 23505 is a concurrent insert")
    }

    @Test func anythingElseAbandonsTheBatch() {
        struct Surprise: Error {}
        let failure = BatchFailure(Surprise())
        #expect(react(failure) == "abandon")
        #expect(!failure.refusedARecord)
    }
}
