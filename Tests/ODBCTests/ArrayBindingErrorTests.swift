import Foundation
import Testing
import TestSupport

@testable import ODBC

/// `executeArray` failures on both drivers: a rejected row names the failed parameter sets as
/// each driver really reports them, and malformed calls fail before anything is executed.
@Suite(.timeLimit(.minutes(2)))
struct ArrayBindingErrorTests {
    /// The two constraint violations a warehouse load meets.
    enum Violation: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case notNull, primaryKey
        var testDescription: String { rawValue }
    }

    /// Twenty rows for `t`, with row `bad` (0-based) violating the constraint.
    static func rows(_ count: Int, bad: Int, _ violation: Violation) -> [[ODBCValue]] {
        var ids: [ODBCValue] = (0..<count).map { .integer(Int64($0)) }
        var names: [ODBCValue] = (0..<count).map { .text("name\($0 % 10)") }
        switch violation {
        case .notNull: names[bad] = .null
        case .primaryKey: ids[bad] = .integer(2)
        }
        return [ids, names]
    }

    static let insert = "INSERT INTO t (id, name) VALUES (?, ?)"

    @Test(arguments: ArrayBindingDriver.allCases, Violation.allCases)
    func badRowFailsTheCallAndNamesItsParameterSets(driver: ArrayBindingDriver, violation: Violation) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        try connection.setAutocommit(false)
        let error = try #require(throws: ODBCError.self) {
            try connection.executeArray(Self.insert, columns: Self.rows(20, bad: 6, violation))
        }
        #expect(error.category == .record, "\(error)")
        #expect(error.failedRows.contains(6), "\(error)")
        switch driver {
        case .sqlite:
            // Stops at the bad row; its processed count (6) is the number of rows before it.
            #expect(error.failedRows == [6])
            #expect(error.records.first?.message.contains(violation == .notNull ? "NOT NULL" : "UNIQUE") == true)
        case .postgres:
            // The bad row fails its whole batch of spliced INSERTs; all 20 rows are one batch.
            #expect(error.failedRows == Array(0..<20))
            #expect(error.sqlstate == (violation == .notNull ? "23502" : "23505"))
        }
        #expect(error.description.contains("failed rows 6") || error.description.contains("failed rows 0, 1"))
        try connection.rollback()
        try connection.setAutocommit(true)
        #expect(try database.scalar("SELECT count(*) FROM t") == "0")
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func failedRowsCountAcrossExecutions(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        let columns = Self.rows(20, bad: 12, .notNull)
        // A budget of exactly five rows of this shape: executions of rows 0..<5, 5..<10, …
        let rowBytes = ArrayBindingPlan.rowBytes(kinds: [.integer, .text], textUnits: [0, 5])
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: 5 * rowBytes)
        #expect(plan.chunks.map(\.rows) == [0..<5, 5..<10, 10..<15, 15..<20])

        try connection.setAutocommit(false)
        let error = try #require(throws: ODBCError.self) {
            try connection.executeArray(Self.insert, columns: columns, maxBufferBytes: 5 * rowBytes)
        }
        #expect(error.category == .record, "\(error)")
        switch driver {
        case .sqlite: #expect(error.failedRows == [12])
        case .postgres: #expect(error.failedRows == Array(10..<15))  // the failing execution's batch
        }
        // The earlier executions ran inside the transaction; the rollback takes them back.
        try connection.rollback()
        try connection.setAutocommit(true)
        #expect(try database.scalar("SELECT count(*) FROM t") == "0")
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func autocommitKeepsTheRowsTheDriverRanBeforeTheFailure(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        let error = try #require(throws: ODBCError.self) {
            try connection.executeArray(Self.insert, columns: Self.rows(300, bad: 150, .notNull))
        }
        switch driver {
        case .sqlite:
            // One set at a time, each its own transaction: everything before the bad row stays.
            #expect(error.failedRows == [150])
            #expect(try database.scalar("SELECT count(*) FROM t") == "150")
        case .postgres:
            // Batches of 100 (BatchSize), each one round trip and one implicit transaction: the
            // batch before the bad row's stays, the bad row's batch fails whole, the rest never runs.
            #expect(error.failedRows == Array(100..<200))
            #expect(try database.scalar("SELECT count(*) FROM t") == "100")
        }
    }

    @Test func postgresRollsBackTheFailedExecuteButKeepsTheTransaction() throws {
        let database = try ArrayBindingDatabase(.postgres)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        try connection.setAutocommit(false)
        try connection.execute("INSERT INTO t VALUES (-1, 'before')")
        let error = try #require(throws: ODBCError.self) {
            try connection.executeArray(Self.insert, columns: Self.rows(300, bad: 150, .notNull))
        }
        #expect(error.failedRows == Array(100..<200))
        // Protocol=7.4-2 (the default): a savepoint around the execute, so rows 0..<100 are gone
        // but the earlier statement's row is still there and the transaction still usable.
        #expect(try connection.query("SELECT id FROM t") == [["-1"]])
        try connection.rollback()
        try connection.setAutocommit(true)
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func unequalColumnsAreRefusedBeforeExecuting(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        let columns: [[ODBCValue]] = [[1, 2, 3], ["a", "b"]]
        let error = try #require(throws: ODBCError.self) { try connection.executeArray(Self.insert, columns: columns) }
        #expect(error.message.contains("column 2 has 2 values but column 1 has 3"), "\(error)")
        #expect(error.category == .other)
        #expect(!error.isRetriable)
        let statement = try connection.prepare(Self.insert)
        #expect(throws: ODBCError.self) { try statement.executeArray(columns: columns) }
        #expect(try database.scalar("SELECT count(*) FROM t") == "0")
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func zeroRowsExecuteNothing(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        // Not SQL at all: preparing or executing it would fail, so success proves nothing ran.
        let empty = ODBCArrayResult(rowCount: 0, statuses: [], executions: 0)
        #expect(try database.connection.executeArray("not SQL", columns: [[], []]) == empty)
        #expect(try database.connection.executeArray("not SQL", columns: []) == empty)
    }
}
