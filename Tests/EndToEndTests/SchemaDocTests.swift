import Foundation
import Logging
import ODBC
import Testing
import TestSupport

/// docs/schema.md as its readers use it: every SQL query it prints runs against the warehouse
/// `starsink demo` writes (the real binary, defaults, its data directory in a temporary folder),
/// through the SQLite ODBC driver, and returns rows; every result table it prints is what the query
/// returns; every worked example's table is what `starsink sql` holds after the example's event files.
@Suite struct SchemaDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func document() throws -> SchemaDocument {
        try SchemaDocument(String(contentsOf: root.appendingPathComponent("docs/schema.md"), encoding: .utf8))
    }

    @Test(.timeLimit(.minutes(8)))
    func everyQueryRunsOnTheDemoWarehouseAndPrintsItsResult() async throws {
        let document = try Self.document()
        // The four queries the document promises, at least, each with the result it prints.
        #expect(document.queries.count >= 4)
        #expect(document.queries.filter { $0.expected != nil }.count >= 4)
        let directory = try makeTemporaryDirectory(prefix: "starsink-schemadoc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let demo = try await offThePool {
            try ChildProcess.run(["demo", "--data-directory", directory], timeout: .seconds(420))
        }
        try #require(demo.status == 0, "starsink demo failed: \(demo.stderr.suffix(2000))")
        let results = try await offThePool {
            let connection = try ODBCConnection(
                connectionString: "Driver=SQLite3;Database=\(directory)/warehouse.db",
                logger: Logger(label: "schemadoc"))
            return try document.queries.map { try connection.query($0.sql) }
        }
        for (query, rows) in zip(document.queries, results) {
            #expect(!rows.isEmpty, "docs/schema.md:\(query.line): the query returns no rows")
            guard let expected = query.expected else { continue }
            let actual = rows.map { $0.map { $0 ?? "NULL" } }
            #expect(
                rows.allSatisfy { $0.count == expected.header.count },
                "docs/schema.md:\(query.line): the printed table has \(expected.header.count) columns")
            #expect(
                actual == expected.rows, "docs/schema.md:\(query.line): the printed result differs from the query's")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func everyWorkedExampleShowsTheRowsStarsinkWrites() async throws {
        let document = try Self.document()
        #expect(
            document.examples.count >= 5,
            "customer before, after two moves, after a late order; product before and after")
        for example in document.examples {
            let arguments =
                ["sql", "--dialect", "sqlite", "--checks", "--format", "json"]
                + example.eventFiles.flatMap {
                    ["--events", Self.root.appendingPathComponent("docs/examples/\($0)").path]
                }
            let sql = try await offThePool { try ChildProcess.run(arguments) }
            try #require(
                sql.status == 0, "starsink \(arguments.joined(separator: " ")) failed: \(sql.stderr.suffix(2000))")
            let table = try #require(
                try Self.checkedTable(example.table, in: sql.stdout),
                "docs/schema.md:\(example.line): starsink sql reports no table \(example.table)")
            let indices = example.expected.header.map { table.columns.firstIndex(of: $0) }
            #expect(
                !indices.contains(nil),
                "docs/schema.md:\(example.line): \(example.expected.header) are not all columns of \(example.table)")
            let actual = table.rows.map { row in indices.compactMap { $0 }.map { row[$0] ?? "NULL" } }
            #expect(
                actual == example.expected.rows,
                "docs/schema.md:\(example.line): the printed rows differ from what starsink wrote")
        }
    }

    /// The `check` line `starsink sql --checks --format json` prints for one table: its columns
    /// (from the check's `SELECT a, b, … FROM table`) and its rows.
    static func checkedTable(_ name: String, in stdout: String) throws -> (columns: [String], rows: [[String?]])? {
        for line in stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["check"] as? String == "table \(name)",
                let sql = object["sql"] as? String, let rows = object["rows"] as? [[Any]],
                let select = sql.range(of: "SELECT "), let from = sql.range(of: " FROM ")
            else { continue }
            let columns = sql[select.upperBound..<from.lowerBound].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return (columns, rows.map { $0.map { $0 as? String } })
        }
        return nil
    }
}
