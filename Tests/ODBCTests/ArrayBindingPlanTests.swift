import CODBC
import Testing

@testable import ODBC

/// The pure parts of array binding, without a driver: column kinds, splitting by the byte budget,
/// and turning what a driver wrote back into statuses and failed rows.
struct ArrayBindingPlanTests {
    @Test func columnKinds() throws {
        let plan = try ArrayBindingPlan(
            columns: [[1, .null, 3], [.null, .null, .null], [1, "two", .null], ["a", "b", "c"]], maxBufferBytes: 1 << 20
        )
        // An all-NULL column is text, like a single NULL parameter.
        #expect(plan.kinds == [.integer, .text, .text, .text])
    }

    @Test func elementWidthIsTheLongestValueOfEachChunkInUTF16Units() throws {
        // "😀" is two UTF-16 units; Int64.min is 20 characters in decimal.
        let columns: [[ODBCValue]] = [["a", "😀😀", .null, "abc"], [1, .integer(.min), "x", .null]]
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: 1 << 20)
        #expect(plan.chunks.map(\.textUnits) == [[4, 20]])
        #expect(ArrayBindingPlan.decimalDigits(.min) == 20)
        #expect(ArrayBindingPlan.decimalDigits(.max) == 19)
        #expect(ArrayBindingPlan.decimalDigits(0) == 1)
        #expect(ArrayBindingPlan.decimalDigits(-7) == 2)
    }

    @Test func chunksCoverEveryRowOnceInOrderWithinTheBudget() throws {
        let names: [ODBCValue] = (0..<1_000).map { .text(String(repeating: "x", count: $0 % 50)) }
        let columns: [[ODBCValue]] = [(0..<1_000).map { .integer(Int64($0)) }, names]
        let budget = 4_096
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: budget)
        #expect(plan.chunks.count > 10)
        #expect(plan.chunks.allSatisfy { $0.byteCount <= budget && !$0.rows.isEmpty })
        #expect(plan.chunks.flatMap { Array($0.rows) } == Array(0..<1_000))
        for chunk in plan.chunks {
            let widest = chunk.rows.map { ArrayBindingPlan.units(of: names[$0]) }.max()
            #expect(chunk.textUnits == [0, widest])
        }
    }

    @Test func aRowLargerThanTheBudgetGetsAnExecutionOfItsOwn() throws {
        let columns: [[ODBCValue]] = [["a", .text(String(repeating: "y", count: 1_000)), "b", "c"]]
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: 100)
        #expect(plan.chunks.map(\.rows) == [0..<1, 1..<2, 2..<4])
    }

    @Test func unequalColumnsAreRefused() throws {
        let error = try #require(throws: ODBCError.self) {
            try ArrayBindingPlan(columns: [[1], [1, 2]], maxBufferBytes: 1 << 20)
        }
        #expect(error.message.contains("column 2 has 2 values but column 1 has 1"))
    }

    static let unwritten = ArrayExecutionOutcome.unwritten
    static let ok = SQLUSMALLINT(SQL_PARAM_SUCCESS)
    static let failed = SQLUSMALLINT(SQL_PARAM_ERROR)

    @Test func errorStatusesFailAnExecutionThatReturnedSuccessWithInfo() {
        // A driver that processed every set and reported success with info, one set in error.
        let outcome = ArrayExecutionOutcome(
            raw: [Self.ok, Self.failed, Self.ok], processed: 3, succeeded: true, processedExcludesFailedSet: false,
            reportedSets: [])
        #expect(outcome.isFailure)
        #expect(outcome.failedSets == [1])
        #expect(outcome.statuses == [.success, .error, .success])
    }

    @Test func statusesWrittenByTheDriverAreTakenAsTheyAre() {
        let outcome = ArrayExecutionOutcome(
            raw: [Self.ok, Self.ok, Self.failed, Self.failed, Self.unwritten], processed: 4, succeeded: false,
            processedExcludesFailedSet: false, reportedSets: [])
        #expect(outcome.failedSets == [2, 3])
        #expect(outcome.statuses == [.success, .success, .error, .error, .unused])
    }

    @Test func withoutStatusesTheProcessedCountDecides() {
        let raw = [SQLUSMALLINT](repeating: Self.unwritten, count: 5)
        let succeeded = ArrayExecutionOutcome(
            raw: raw, processed: 5, succeeded: true, processedExcludesFailedSet: true, reportedSets: [])
        #expect(!succeeded.isFailure)
        #expect(succeeded.statuses == Array(repeating: .success, count: 5))
        // SQLite's rule: the processed count excludes the failed set.
        let sqlite = ArrayExecutionOutcome(
            raw: raw, processed: 2, succeeded: false, processedExcludesFailedSet: true, reportedSets: [])
        #expect(sqlite.failedSets == [2])
        #expect(sqlite.statuses == [.success, .success, .error, .unused, .unused])
        // Any other driver: only diagnostic row numbers name a failed set.
        let other = ArrayExecutionOutcome(
            raw: raw, processed: 2, succeeded: false, processedExcludesFailedSet: false, reportedSets: [1, 9])
        #expect(other.isFailure)
        #expect(other.failedSets == [1])
        #expect(other.statuses == [.diagnosticUnavailable, .error, .unused, .unused, .unused])
    }
}
