import Daemon
import Foundation
import Logging
import ReportPage
import StarSchema

extension DemoRunner {
    /// The long reports are cut to their first rows on the terminal; the page has every row.
    static let printedRowLimit = 15

    /// Prints the four reports and writes all of them, with charts, to `report.html` in the data directory.
    func printReports(warehouse: Configuration.Warehouse, logger: Logger, print: @escaping @Sendable (String) -> Void)
        throws
    {
        let asOf = try ReportRunner.newestOrderDate(warehouse: warehouse, logger: logger) ?? Timestamp.now.date
        let tables = try ReportRunner.tables(
            ReportName.allCases, options: ReportOptions(asOf: asOf), warehouse: warehouse, logger: logger)
        for table in tables {
            var shown = table
            if table.rows.count > Self.printedRowLimit {
                shown.rows = Array(table.rows.prefix(Self.printedRowLimit))
                print(
                    "\n"
                        + shown.render(.table).replacingOccurrences(
                            of: "(\(Self.printedRowLimit) rows)",
                            with: "(first \(Self.printedRowLimit) of \(table.rows.count) rows)"))
            } else {
                print("\n" + shown.render(.table))
            }
        }
        print("top-customers window: the 30 days ending \(asOf), the day of the newest simulated order.")
        let page = URL(fileURLWithPath: dataDirectory).appendingPathComponent("report.html")
        let html = HTMLReportPage(
            tables: tables, asOf: asOf,
            source: "starsink demo, \(orders.groupedDigits) simulated orders, SQLite warehouse"
        ).render()
        try Data(html.utf8).write(to: page, options: .atomic)
        print("All four reports with charts: \(page.path) (open it in a browser; it needs no network)")
    }
}
