import Logging
import StarSchema

/// `starsink report`: runs one of the four reports against the warehouse and renders it.
package enum ReportRunner {
    package static func table(_ name: ReportName, options: ReportOptions, warehouse: Configuration.Warehouse, logger: Logger) throws -> ReportTable {
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let query = session.statements.report(name, options: options)
        let rows = try session.query(query.statement)
        session.rollbackQuietly()
        return try ReportTable(query: query, sqlRows: rows)
    }

    /// The day of the newest order, so demo reports over simulated data have a meaningful window.
    package static func newestOrderDate(warehouse: Configuration.Warehouse, logger: Logger) throws -> CalendarDate? {
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let rows = try session.query(BoundStatement(sql: "SELECT MAX(order_timestamp) FROM \(warehouse.target.table("fact_orders"))"))
        session.rollbackQuietly()
        return rows.first?.first.flatMap { $0.flatMap(Timestamp.init(sqlText:)) }?.date
    }
}
