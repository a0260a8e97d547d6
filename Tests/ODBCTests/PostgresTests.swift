import Foundation
import Testing
import TestSupport

@testable import ODBC

/// psqlODBC ("PostgreSQL Unicode") against the shared throwaway server.
@Suite(.timeLimit(.minutes(1)))
struct PostgresTests {
    let logs = LogCapture()

    func connect() throws -> ODBCConnection {
        let server = try PostgresServer.shared()
        return try ODBCConnection(connectionString: try server.createDatabase(), logger: logs.logger())
    }

    @Test func reportsDBMSName() throws {
        #expect(try connect().dbmsName == "PostgreSQL")
    }

    @Test func textRoundTrips() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT NOT NULL)")
        let values = RoundTripCases.texts + [RoundTripCases.large]
        let insert = try connection.prepare("INSERT INTO t (id, v) VALUES (?, ?)")
        for (index, value) in values.enumerated() {
            #expect(try insert.execute([.integer(Int64(index)), .text(value)]) == 1)
        }
        let rows = try connection.query("SELECT v, length(v), octet_length(v) FROM t ORDER BY id")
        #expect(rows.count == values.count)
        for (row, value) in zip(rows, values) {
            #expect(row[0] == value)
            #expect(row[1] == String(value.unicodeScalars.count))
            #expect(row[2] == String(value.utf8.count))
        }
        // The server saw the characters, not mojibake: compare against SQL literals.
        #expect(try connection.query("SELECT count(*) FROM t WHERE v IN ('Zoë', '東京')") == [["2"]])
        #expect(try connection.query("SELECT id FROM t WHERE v = ?", ["😀 emoji 👩‍👩‍👧"]) == [["5"]])
    }

    @Test func integersNullsAndTimestamps() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (n BIGINT, i INTEGER, s TEXT, ts TIMESTAMP, d DATE, m NUMERIC(18,2))")
        for n in RoundTripCases.integers {
            try connection.execute(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                [.integer(n), .integer(n % 1000), .null, "2026-01-25 19:57:24.123456", "2026-01-25", "12345.67"])
        }
        try connection.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [.null, .null, "", .null, .null, .null])
        let rows = try connection.query("SELECT n, i, s, ts::text, d::text, m::text FROM t ORDER BY n NULLS LAST")
        #expect(rows.dropLast().map { $0[0] } == RoundTripCases.integers.sorted().map { String($0) })
        #expect(
            rows.dropLast().allSatisfy {
                $0[2] == nil && $0[3] == "2026-01-25 19:57:24.123456" && $0[4] == "2026-01-25" && $0[5] == "12345.67"
            })
        #expect(rows.last == [nil, nil, "", nil, nil, nil])
        // Fetching a timestamp column as text keeps its fraction too.
        #expect(try connection.query("SELECT ts FROM t WHERE n = 42") == [["2026-01-25 19:57:24.123456"]])
        #expect(try connection.query("SELECT count(*) FROM t WHERE ts = ?", ["2026-01-25T19:57:24.123456"]) == [["7"]])
        // Text parameters are cast by the server to the column's type (integer, numeric, date).
        try connection.execute("INSERT INTO t (n, i, m, d) VALUES (?, ?, ?, ?)", ["-5", "17", "0.10", "2026-02-28"])
        #expect(
            try connection.query("SELECT i, m, d FROM t WHERE n = ?", [.integer(-5)]) == [["17", "0.10", "2026-02-28"]])
    }

    @Test func transactions() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (v TEXT)")
        try connection.setAutocommit(false)
        try connection.execute("INSERT INTO t VALUES (?)", ["discarded"])
        try connection.rollback()
        try connection.execute("INSERT INTO t VALUES (?)", ["kept"])
        try connection.commit()
        try connection.setAutocommit(true)
        #expect(try connection.query("SELECT v FROM t") == [["kept"]])
    }

    @Test func preparedStatementReexecutes() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (k TEXT, n BIGINT)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?)")
        let select = try connection.prepare("SELECT sum(n) FROM t WHERE k = ?")
        for n in 1...50 { try insert.execute([.text("k\(n % 3)"), .integer(Int64(n))]) }
        #expect(try select.query(["k1"]) == [["425"]])
        #expect(try select.query(["k0"]) == [["408"]])
        #expect(try select.query(["none"]) == [[nil]])
        #expect(try connection.execute("UPDATE t SET n = n + 1 WHERE k = ?", ["k2"]) == 17)
        #expect(try connection.execute("DELETE FROM t WHERE k = ?", ["none"]) == 0)
    }

    @Test func unnestOfLargeArrayLiterals() throws {
        let connection = try connect()
        try connection.execute(
            "CREATE TABLE f (id TEXT PRIMARY KEY, ts TIMESTAMP NOT NULL, amount NUMERIC(18,2) NOT NULL)")
        let count = 20_000
        let ids = (0..<count).map { "order-\($0)-Zoë" }
        let stamps = (0..<count).map(Self.timestamp)
        let amounts = (0..<count).map { (n: Int) -> String in "\(n)." + String(format: "%02d", n % 100) }
        let inserted = try connection.execute(
            "INSERT INTO f SELECT * FROM unnest(?::text[], ?::timestamp[], ?::numeric[])",
            [
                .text(PostgresArray.literal(ids)), .text(PostgresArray.literal(stamps)),
                .text(PostgresArray.literal(amounts)),
            ])
        #expect(inserted == count)
        let rows = try connection.query(
            "SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), amount::text FROM f ORDER BY f.amount")
        #expect(rows.count == count)
        // Compare without printing 20k rows on failure: report the first difference only.
        let firstDifference = rows.indices.first { (index: Int) -> Bool in
            rows[index] != [ids[index], stamps[index], amounts[index]]
        }
        #expect(firstDifference == nil, "first differing row: \(firstDifference.map { rows[$0] } ?? [])")
    }

    /// Distinct, increasing timestamps with all six fraction digits used.
    static func timestamp(_ n: Int) -> String {
        let seconds = String(format: "%02d:%02d:%02d", n / 3600, n / 60 % 60, n % 60)
        return "2026-01-25 " + seconds + String(format: ".%06d", n * 7 % 1_000_000)
    }

    @Test func constraintAndDataErrorsAreRecordErrors() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES (?)", ["a"])
        let unique = try #require(throws: ODBCError.self) { try connection.execute("INSERT INTO t VALUES (?)", ["a"]) }
        #expect(unique.sqlstate == "23505")
        #expect(unique.category == .record)
        let division = try #require(throws: ODBCError.self) { try connection.query("SELECT 1/0") }
        #expect(division.sqlstate == "22012")
        #expect(division.category == .record)
        let syntax = try #require(throws: ODBCError.self) { try connection.query("SELEC 1") }
        #expect(syntax.sqlstate == "42601")
        #expect(!syntax.isRetriable)
        // The connection is still usable after errors in autocommit mode.
        #expect(try connection.query("SELECT count(*) FROM t") == [["1"]])
    }

    @Test func wrongPasswordErrorHidesThePassword() throws {
        let server = try PostgresServer.shared()
        let good = try server.createDatabase()
        let wrongPassword = "Wr0ng-" + UUID().uuidString
        let bad = good.split(separator: ";").map { $0.hasPrefix("PWD=") ? "PWD=\(wrongPassword)" : String($0) }
            .joined(separator: ";")
        let error = try #require(throws: ODBCError.self) {
            _ = try ODBCConnection(connectionString: bad, logger: logs.logger())
        }
        #expect(error.operation == "SQLDriverConnect")
        #expect(error.sqlstate.hasPrefix("08") || error.sqlstate == "28P01")
        #expect(!error.description.contains(wrongPassword))
        #expect(!error.records.contains { $0.message.contains(wrongPassword) })
        #expect(!logs.records.contains { $0.text.contains(wrongPassword) })
    }

    @Test func logsNeverContainThePassword() throws {
        let server = try PostgresServer.shared()
        let connectionString = try server.createDatabase()
        let password = try #require(ConnectionString.secrets(in: connectionString).first)
        let connection = try ODBCConnection(connectionString: connectionString, logger: logs.logger())
        _ = try connection.query("SELECT 1")
        connection.close()
        #expect(!logs.records.isEmpty)
        #expect(!logs.records.contains { $0.text.contains(password) })
    }

    @Test func queryTimeoutFailsFastAndIsRetriable() throws {
        let connection = try connect()
        connection.queryTimeoutSeconds = 1
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: ODBCError.self) { try connection.query("SELECT pg_sleep(5)") }
        #expect(clock.now - start < .seconds(4))
        #expect(error.isRetriable)
        #expect(error.category == .transient)
        connection.queryTimeoutSeconds = 0
        #expect(try connection.query("SELECT 2") == [["2"]])
    }
}

/// PostgreSQL array literals, as the loader builds them (each element quoted and escaped).
enum PostgresArray {
    static func literal(_ elements: [String]) -> String {
        "{"
            + elements.map { element in
                "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }.joined(separator: ",") + "}"
    }
}
