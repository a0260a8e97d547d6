import StarSchema
import Testing
import TestSupport
import Tools

@testable import Daemon

/// Reports read the history: monthly-sales and multi-region by the region at order time,
/// `--region current` by the customer's current one; and schema version 2 migrates version 1.
@Suite(.timeLimit(.minutes(3)))
struct HistoryReportTests {
    static func csv(_ warehouse: SCDWarehouse, _ name: ReportName, currentRegion: Bool = false) throws -> [String] {
        let table = try ReportRunner.table(
            name,
            options: ReportOptions(asOf: CalendarDate(year: 2026, month: 5, day: 31), currentRegion: currentRegion),
            warehouse: warehouse.configuration.warehouse, logger: warehouse.logs.logger())
        return table.render(.csv).split(separator: "\n").dropFirst().map(String.init)
    }

    @Test(arguments: ScenarioTests.dialects) func salesFollowTheRegionAtOrderTime(dialect: WarehouseDialect)
        async throws
    {
        try await offThePoolInTest {
            // Ann orders from Europe, moves to Asia; a late Asia order inside the European period splits it.
            let warehouse = try ScenarioTests.load(
                dialect, "report",
                [
                    [ScenarioTests.order("o1", day: 1), ScenarioTests.order("o2", day: 9, region: "Asia")],
                    [
                        ScenarioTests.order("o3", day: 4, region: "Asia"),
                        ScenarioTests.order("o4", day: 2, customer: "C2", region: "Americas"),
                    ],
                ])
            #expect(
                try Self.csv(warehouse, .monthlySales) == [
                    "2026,5,Books,Americas,19.99,1", "2026,5,Books,Asia,39.98,2", "2026,5,Books,Europe,19.99,1",
                ])
            #expect(
                try Self.csv(warehouse, .monthlySales, currentRegion: true) == [
                    "2026,5,Books,Americas,19.99,1", "2026,5,Books,Asia,59.97,3",
                ])
            #expect(try Self.csv(warehouse, .multiRegion) == ["C1,Ann,2"])
        }
    }

    /// A warehouse at version 1 (as the first release left it) is migrated: the product rows get
    /// run boundaries from what they have (version 2), and the facts' customer index becomes one on
    /// CUSTOMER_SK (version 3).
    @Test(arguments: ScenarioTests.dialects) func versionOneIsMigrated(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let warehouse = try SCDWarehouse(dialect, schema: "scd_migrate")
            let table = warehouse.table("dim_product")
            let session = try WarehouseSession(
                configuration: warehouse.configuration.warehouse, logger: warehouse.logs.logger())
            // Back to version 1: drop the version-2 columns and forget the migration.
            for column in ["run_start_at", "run_start_order_id", "previous_run_end_at", "previous_run_end_order_id"] {
                try session.execute(sql: "ALTER TABLE \(table) DROP COLUMN \(column)")
            }
            try session.execute(sql: "DELETE FROM \(warehouse.table("starsink_schema_version")) WHERE version >= 2")
            try session.execute(sql: "DROP INDEX \(warehouse.table("fact_orders_customer_sk"))")
            try session.execute(
                sql:
                    "CREATE INDEX fact_orders_customer ON \(warehouse.table("fact_orders")) (customer_id, order_timestamp)"
            )
            try session.execute(
                sql: """
                    INSERT INTO \(table) (product_id, product_name, category, previous_category, category_changed_at, last_event_at, last_order_id)
                    VALUES ('P1', 'Product P1', 'Toys', 'Books', '2026-05-05 12:00:00', '2026-05-06 12:00:00', 'o6')
                    """)
            try session.commit()
            #expect(try Self.factIndexes(session, dialect) == ["fact_orders_customer", "fact_orders_pkey"])
            #expect(try SchemaManager(session: session, logger: warehouse.logs.logger()).apply() == [2, 3])
            #expect(try Self.factIndexes(session, dialect) == ["fact_orders_customer_sk", "fact_orders_pkey"])
            let state = try #require(
                try session.query(session.statements.lockProducts(["P1"])).compactMap(
                    session.statements.parseProductState
                ).first)
            session.rollbackQuietly()
            #expect(state.runStart.timestamp == ScenarioTests.at(5))
            #expect(state.previousRunEnd != nil && state.previousCategory == "Books")
        }
    }

    /// FACT_ORDERS' indexes by name (SQLite's automatic primary-key index is reported as `fact_orders_pkey`).
    static func factIndexes(_ session: WarehouseSession, _ dialect: WarehouseDialect) throws -> [String] {
        defer { session.rollbackQuietly() }
        let sql =
            dialect == .postgresql
            ? "SELECT indexname FROM pg_indexes WHERE schemaname = 'scd_migrate' AND tablename = 'fact_orders'"
            : "SELECT CASE WHEN name LIKE 'sqlite_autoindex%' THEN 'fact_orders_pkey' ELSE name END FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fact_orders'"
        return try session.query(BoundStatement(sql: sql)).compactMap { $0.first ?? nil }.sorted()
    }
}
