import Foundation
import Testing
import TestSupport

@testable import ODBC

/// `executeArray` against the SQLite3 ODBC driver and psqlODBC with a real PostgreSQL: values
/// round-trip, large calls and split calls insert every row once, in order.
@Suite(.timeLimit(.minutes(2)))
struct ArrayBindingTests {
    @Test(arguments: ArrayBindingDriver.allCases)
    func everyKindOfValueRoundTrips(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute(
            "CREATE TABLE k (id BIGINT PRIMARY KEY, name TEXT, n BIGINT, ts TIMESTAMP, amount NUMERIC(18,2), "
                + "mixed TEXT, unset TIMESTAMP)")
        // ASCII, "", non-Latin, emoji with surrogate pairs, quotes, backslashes, then a NULL text.
        let names: [String?] = RoundTripCases.texts + [nil]
        let rows = names.indices
        let integers: [Int64?] = [.min, .max, nil, 0, -1, 42, 9_007_199_254_740_993]
        let numbers = rows.map { integers[$0 % integers.count] }
        // Odd microseconds: PostgreSQL prints no trailing zeros, so every digit is compared.
        let stamps = rows.map { $0 == 3 ? nil : String(format: "2026-01-25 19:57:%02d.%06d", $0, 100_001 + 2 * $0) }
        let amounts = rows.map { ["12345.67", "-0.05", "1.25", "99999.99"][$0 % 4] }
        // Integers in a text column make the whole column text, written in decimal.
        let mixed: [ODBCValue] = rows.map { $0 % 2 == 0 ? .text("t\($0)") : .integer(Int64($0) * -1000) }
        let result = try connection.executeArray(
            "INSERT INTO k (id, name, n, ts, amount, mixed, unset) VALUES (?, ?, ?, ?, ?, ?, ?)",
            columns: [
                rows.map { .integer(Int64($0)) }, names.map(Self.value), numbers.map(Self.value),
                stamps.map(Self.value), amounts.map(ODBCValue.text), mixed, rows.map { _ in .null },
            ])
        #expect(
            result
                == ODBCArrayResult(
                    rowCount: rows.count, statuses: Array(repeating: .success, count: rows.count), executions: 1))

        let stored = try connection.query(
            "SELECT name, CAST(n AS TEXT), CAST(ts AS TEXT), CAST(amount AS TEXT), mixed, unset FROM k ORDER BY id")
        let expected: [[String?]] = rows.map { row in
            let mixedText: String? = if case .integer(let n) = mixed[row] { String(n) } else { "t\(row)" }
            return [names[row], numbers[row].map { String($0) }, stamps[row], amounts[row], mixedText, nil]
        }
        #expect(stored == expected)
        // The server stored the characters' UTF-8, not UTF-16 units or mojibake: compare its bytes.
        // (Bytes, not SQL literals: the SQLite driver mangles non-Latin literals in SQL text.)
        let hex = try connection.query(
            "SELECT \(driver.hexOfUTF8("name")), length(name) FROM k WHERE name IS NOT NULL ORDER BY id")
        #expect(
            hex
                == RoundTripCases.texts.map { text in
                    [text.utf8.map { String(format: "%02X", $0) }.joined(), String(text.unicodeScalars.count)]
                })
        #expect(try database.scalar("SELECT count(*) FROM k WHERE name = ''") == "1")
        #expect(try database.scalar("SELECT count(*) FROM k WHERE name IS NULL") == "1")
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func twelveThousandRowsInOneCall(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute(
            "CREATE TABLE f (id BIGINT PRIMARY KEY, name TEXT NOT NULL, ts TIMESTAMP, amount NUMERIC(18,2))")
        let count = 12_000
        let names = (0..<count).map { "order-\($0)-Zoë" }
        let stamps = (0..<count).map(Self.timestamp)
        let amounts = (0..<count).map { "\($0).25" }
        // In one transaction, as the daemon loads: SQLite in autocommit mode syncs every row.
        try connection.setAutocommit(false)
        let result = try connection.executeArray(
            "INSERT INTO f (id, name, ts, amount) VALUES (?, ?, ?, ?)",
            columns: [
                (0..<count).map { .integer(Int64($0)) }, names.map(ODBCValue.text), stamps.map(ODBCValue.text),
                amounts.map(ODBCValue.text),
            ])
        try connection.commit()
        #expect(result.rowCount == count)
        #expect(result.executions == 1)
        #expect(result.statuses == [ODBCParameterSetStatus](repeating: .success, count: count))

        let rows = try connection.query("SELECT id, name, CAST(ts AS TEXT), CAST(amount AS TEXT) FROM f ORDER BY id")
        #expect(rows.count == count)
        // Report the first difference only, not 12,000 rows.
        let firstDifference = rows.indices.first { (row: Int) -> Bool in
            let expected: [String?] = [String(row), names[row], stamps[row], amounts[row]]
            return rows[row] != expected
        }
        #expect(firstDifference == nil, "first differing row: \(firstDifference.map { rows[$0] } ?? [])")
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func smallBudgetSplitsIntoExecutionsInRowOrder(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (\(driver.insertionOrderColumn), id BIGINT NOT NULL, name TEXT)")
        let count = 500
        // Names of varying width, so chunks differ in element width as well as in row count.
        let names: [ODBCValue] = (0..<count).map {
            $0 % 11 == 0 ? .null : .text(String(repeating: "é", count: $0 % 37))
        }
        let columns: [[ODBCValue]] = [(0..<count).map { .integer(Int64($0)) }, names]
        let budget = 2_000
        let plan = try ArrayBindingPlan(columns: columns, maxBufferBytes: budget)
        #expect(plan.chunks.count > 5)
        #expect(plan.chunks.allSatisfy { $0.byteCount <= budget })

        let result = try connection.executeArray(
            "INSERT INTO t (id, name) VALUES (?, ?)", columns: columns, maxBufferBytes: budget)
        #expect(result.executions == plan.chunks.count)
        #expect(result.rowCount == count)
        #expect(result.statuses == [ODBCParameterSetStatus](repeating: .success, count: count))
        let stored = try connection.query("SELECT id, name FROM t ORDER BY seq")
        #expect(stored.map { $0[0] } == (0..<count).map { String($0) })
        #expect(stored.map { $0[1] } == names.map { if case .text(let text) = $0 { text } else { nil } })
    }

    @Test(arguments: ArrayBindingDriver.allCases)
    func preparedStatementRunsSingleRowsAfterAnArray(driver: ArrayBindingDriver) throws {
        let database = try ArrayBindingDatabase(driver)
        let connection = database.connection
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT)")
        let insert = try connection.prepare("INSERT INTO t (id, name) VALUES (?, ?)")
        // Two executions of two rows each (30 bytes a row), so the last one leaves PARAMSET_SIZE 2.
        let array = try insert.executeArray(columns: [[1, 2, 3, 4], ["a", "b", "c", "d"]], maxBufferBytes: 60)
        #expect(array.rowCount == 4)
        #expect(array.executions == 2)
        // PARAMSET_SIZE is back to 1: one execute inserts one row, not two from stale buffers.
        #expect(try insert.execute([.integer(5), "e"]) == 1)
        let expected: [[String?]] = [["1", "a"], ["2", "b"], ["3", "c"], ["4", "d"], ["5", "e"]]
        #expect(try connection.query("SELECT id, name FROM t ORDER BY id") == expected)
        let update = try connection.executeArray(
            "UPDATE t SET name = ? WHERE id = ?", columns: [["x", "y", "z"], [1, 3, 99]])
        #expect(update.rowCount == 2)
        #expect(try connection.query("SELECT name FROM t ORDER BY id") == [["x"], ["b"], ["y"], ["d"], ["e"]])
        // Nothing matched: a driver may answer SQL_NO_DATA for the execution, which is no error.
        let none = try connection.executeArray("UPDATE t SET name = ? WHERE id = ?", columns: [["q", "r"], [98, 99]])
        #expect(none.rowCount == 0)
        #expect(none.statuses == [.success, .success])
    }

    /// Distinct, increasing timestamps with odd microseconds (PostgreSQL prints no trailing zeros).
    static func timestamp(_ n: Int) -> String {
        String(format: "2026-01-25 %02d:%02d:%02d.%06d", n / 3600, n / 60 % 60, n % 60, n * 2 + 1)
    }

    static func value(_ text: String?) -> ODBCValue { text.map(ODBCValue.text) ?? .null }
    static func value(_ number: Int64?) -> ODBCValue { number.map(ODBCValue.integer) ?? .null }
}
