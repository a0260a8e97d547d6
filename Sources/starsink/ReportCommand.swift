import ArgumentParser
import Daemon
import Logging
import ReportPage
import StarSchema
import Tools

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the reports: monthly-sales, top-customers, product-performance, multi-region, or all four.",
        discussion:
            "`report all --format html > report.html` writes one self-contained page with a chart and the table of each report."
    )

    @Argument(help: "monthly-sales | top-customers | product-performance | multi-region | all")
    var name: String

    @Option(name: .long, help: "The configuration file.")
    var config: String = ConfigurationLoader.defaultPath

    @Option(
        name: .customLong("as-of"),
        help: "top-customers: last day of the 30-day window (YYYY-MM-DD, default today UTC).")
    var asOf: String?

    @Option(name: .long, help: "table, csv, json or html (csv holds one report; html is a whole page).")
    var format: String = "table"

    @Option(name: .long, help: "monthly-sales: 'order-time' (default) or 'current' region.")
    var region: String = "order-time"

    /// `ReportTable`'s formats plus the page, which lives in the ReportPage module.
    private enum OutputFormat { case table(ReportTable.Format), html }

    func run() throws {
        let reports: [ReportName]
        if name == "all" {
            reports = ReportName.allCases
        } else if let report = ReportName(rawValue: name) {
            reports = [report]
        } else {
            printError(
                "unknown report \(name); choose one of \(ReportName.allCases.map(\.rawValue).joined(separator: ", ")) or all"
            )
            throw ExitStatus.configurationError
        }
        let output: OutputFormat
        if format == "html" {
            output = .html
        } else if let tableFormat = ReportTable.Format(rawValue: format) {
            output = .table(tableFormat)
        } else {
            printError("--format must be table, csv, json or html")
            throw ExitStatus.configurationError
        }
        if reports.count > 1, case .table(.csv) = output {
            printError("--format csv holds one report: name one, or use table, json or html for all")
            throw ExitStatus.configurationError
        }
        guard region == "order-time" || region == "current" else {
            printError("--region must be order-time or current")
            throw ExitStatus.configurationError
        }
        var date = Timestamp.now.date
        if let asOf {
            guard let parsed = Timestamp(sqlText: asOf + " 00:00:00") else {
                printError("--as-of must be a date like 2026-11-28")
                throw ExitStatus.configurationError
            }
            date = parsed.date
        }
        let configuration = try loadConfiguration(config)
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        let tables: [ReportTable]
        do {
            tables = try ReportRunner.tables(
                reports, options: ReportOptions(asOf: date, currentRegion: region == "current"),
                warehouse: configuration.warehouse, logger: logger)
        } catch {
            printError("report failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
        print(Self.render(tables, output: output, asOf: date, dialect: configuration.warehouse.dialect), terminator: "")
    }

    private static func render(
        _ tables: [ReportTable], output: OutputFormat, asOf: CalendarDate, dialect: WarehouseDialect
    ) -> String {
        switch output {
        case .html:
            let product =
                switch dialect {
                case .sqlite: "SQLite"
                case .postgresql: "PostgreSQL"
                case .snowflake: "Snowflake"
                }
            return HTMLReportPage(tables: tables, asOf: asOf, source: "\(product) warehouse").render()
        case .table(let format) where tables.count == 1:
            return tables[0].render(format)
        case .table(.json):
            // All reports: one object, a member per report, in the usual order.
            let members = tables.map { "\"\($0.name.rawValue)\":" + $0.render(.json).dropLast() }
            return "{" + members.joined(separator: ",\n") + "}\n"
        case .table(let format):
            return tables.map { $0.render(format) }.joined(separator: "\n")
        }
    }
}
