import Foundation
import Testing
import TestSupport

@testable import ODBC

/// The SQLite3 ODBC driver (in process) against a temporary database file.
@Suite(.timeLimit(.minutes(1)))
final class SQLiteTests {
    let logs = LogCapture()
    let directory: String

    init() throws {
        directory = try makeTemporaryDirectory(prefix: "starsink-sqlite-")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func connect() throws -> ODBCConnection {
        try ODBCConnection(connectionString: "Driver=SQLite3;Database=\(directory)/test.db", logger: logs.logger())
    }

    @Test func reportsDBMSName() throws {
        let connection = try connect()
        #expect(connection.dbmsName == "SQLite")
    }

    @Test func textRoundTrips() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        let values = RoundTripCases.texts + [RoundTripCases.large]
        let insert = try connection.prepare("INSERT INTO t (id, v) VALUES (?, ?)")
        for (index, value) in values.enumerated() {
            #expect(try insert.execute([.integer(Int64(index)), .text(value)]) == 1)
        }
        let rows = try connection.query("SELECT v, length(v) FROM t ORDER BY id")
        #expect(rows.count == values.count)
        for (row, value) in zip(rows, values) {
            #expect(row[0] == value)
            #expect(row[1] == String(value.count) || row[1] == String(value.unicodeScalars.count))
        }
    }

    @Test func integersNullsAndTimestamps() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (n INTEGER, s TEXT, ts TIMESTAMP)")
        for n in RoundTripCases.integers {
            try connection.execute(
                "INSERT INTO t VALUES (?, ?, ?)", [.integer(n), .null, "2026-01-25 19:57:24.123456"])
        }
        let rows = try connection.query("SELECT n, s, ts, typeof(n) FROM t ORDER BY rowid")
        #expect(rows.map { $0[0] } == RoundTripCases.integers.map { String($0) })
        #expect(rows.allSatisfy { $0[1] == nil && $0[2] == "2026-01-25 19:57:24.123456" && $0[3] == "integer" })
    }

    @Test func transactions() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (v TEXT)")
        try connection.setAutocommit(false)
        try connection.execute("INSERT INTO t VALUES (?)", ["discarded"])
        try connection.rollback()
        try connection.execute("INSERT INTO t VALUES (?)", ["kept"])
        try connection.commit()
        #expect(try connection.query("SELECT v FROM t") == [["kept"]])
    }

    @Test func preparedStatementReexecutes() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (k TEXT, n INTEGER)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?)")
        let select = try connection.prepare("SELECT n FROM t WHERE k = ?")
        for n in 1...50 { try insert.execute([.text("k\(n % 3)"), .integer(Int64(n))]) }
        #expect(try select.query(["k1"]).count == 17)
        #expect(try select.query(["k0"]).count == 16)
        #expect(try select.query(["none"]).isEmpty)
    }

    @Test func constraintViolationIsARecordError() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES ('a')")
        let error = try #require(throws: ODBCError.self) { try connection.execute("INSERT INTO t VALUES ('a')") }
        #expect(error.operation == "SQLExecDirect")
        #expect(error.message.lowercased().contains("unique"))
        #expect(error.category == .record, "\(error)")
    }

    @Test func closedConnectionFailsCleanly() throws {
        let connection = try connect()
        let statement = try connection.prepare("SELECT 1")
        connection.close()
        connection.close()
        #expect(connection.isClosed)
        let error = try #require(throws: ODBCError.self) { try statement.query([]) }
        #expect(error.category == .connection)
        #expect(throws: ODBCError.self) { try connection.query("SELECT 1") }
    }
}
