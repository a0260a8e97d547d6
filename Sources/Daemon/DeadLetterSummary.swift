import Logging
import StarSchema

/// How many events STARSINK_REJECTED holds for each error code: the demo's short account of the
/// bad events it made on purpose, instead of a log line per event.
package struct DeadLetterSummary: Sendable {
    package var counts: [(code: String, count: Int)]
    package var total: Int { counts.reduce(0) { $0 + $1.count } }

    package init(counts: [(code: String, count: Int)]) { self.counts = counts }

    package static func read(warehouse: Configuration.Warehouse, logger: Logger) throws -> DeadLetterSummary {
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        defer { session.rollbackQuietly() }
        let rows = try session.query(
            BoundStatement(
                sql: """
                    SELECT error_code, COUNT(*) FROM \(warehouse.target.table("starsink_rejected"))
                    GROUP BY error_code ORDER BY COUNT(*) DESC, error_code
                    """))
        return DeadLetterSummary(
            counts: rows.map { row in
                (code: row.first.flatMap { $0 } ?? "", count: Int(row.count > 1 ? row[1] ?? "0" : "0") ?? 0)
            })
    }

    /// A heading line, then the codes three to a line, e.g. `  missing_field  18   wrong_type  18   …`.
    package func rendered(table: String) -> String {
        guard total > 0 else { return "Dead letters: none.\n" }
        var text =
            "Dead letters: \(total), by code (each is in \(table) with its payload; --verbose logs them one by one):\n"
        let codeWidth = counts.map(\.code.count).max() ?? 0
        let countWidth = String(counts.map(\.count).max() ?? 0).count
        for start in stride(from: 0, to: counts.count, by: 3) {
            let cells = counts[start..<min(start + 3, counts.count)].map { entry in
                entry.code.padding(codeWidth) + " "
                    + String(repeating: " ", count: countWidth - String(entry.count).count) + String(entry.count)
            }
            text += "  " + cells.joined(separator: "    ") + "\n"
        }
        return text
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
