import ArgumentParser
import Daemon
import Logging
import StarSchema

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one of the four reports: monthly-sales, top-customers, product-performance, multi-region.")

    @Argument(help: "monthly-sales | top-customers | product-performance | multi-region")
    var name: String

    @Option(name: .long, help: "The configuration file.")
    var config: String = ConfigurationLoader.defaultPath

    @Option(name: .customLong("as-of"), help: "top-customers: last day of the 30-day window (YYYY-MM-DD, default today UTC).")
    var asOf: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: String = "table"

    @Option(name: .long, help: "monthly-sales: 'order-time' (default) or 'current' region.")
    var region: String = "order-time"

    func run() throws {
        guard let report = ReportName(rawValue: name) else {
            printError("unknown report \(name); choose one of \(ReportName.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitStatus.configurationError
        }
        guard let format = ReportTable.Format(rawValue: format) else {
            printError("--format must be table, csv or json")
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
        do {
            let table = try ReportRunner.table(report, options: ReportOptions(asOf: date, currentRegion: region == "current"),
                                               warehouse: configuration.warehouse, logger: logger)
            print(table.render(format), terminator: "")
        } catch {
            printError("report failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
    }
}
