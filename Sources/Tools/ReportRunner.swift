import Daemon
import Logging
import StarSchema

/// `starsink report`: runs one of the four reports against the warehouse and renders it.
package enum ReportRunner {
    package static func table(
        _ name: ReportName, options: ReportOptions, warehouse: Configuration.Warehouse, logger: Logger
    ) throws -> ReportTable {
        try tables([name], options: options, warehouse: warehouse, logger: logger)[0]
    }

    /// Several reports over one connection (`starsink report all`, the demo's page).
    package static func tables(
        _ names: [ReportName], options: ReportOptions, warehouse: Configuration.Warehouse, logger: Logger
    ) throws -> [ReportTable] {
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        defer { session.rollbackQuietly() }
        return try names.map { name in
            let query = session.statements.report(name, options: options)
            return try ReportTable(query: query, sqlRows: try session.query(query.statement))
        }
    }

    /// The day of the newest order, so demo reports over simulated data have a meaningful window.
    package static func newestOrderDate(warehouse: Configuration.Warehouse, logger: Logger) throws -> CalendarDate? {
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let rows = try session.query(
            BoundStatement(sql: "SELECT MAX(order_timestamp) FROM \(warehouse.target.table("fact_orders"))"))
        session.rollbackQuietly()
        return rows.first?.first.flatMap { $0.flatMap(Timestamp.init(sqlText:)) }?.date
    }
}
