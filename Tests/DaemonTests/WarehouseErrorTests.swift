import Foundation
@testable import ODBC
import Testing
import TestSupport
@testable import Daemon

/// `WarehouseError` wraps the driver's `ODBCError` whole: the primary SQLSTATE, the native code and every
/// diagnostic record survive, while `kind`, `sqlstate`, `message` and the statement label read as before.
@Suite struct WarehouseErrorTests {
    @Test func everyDiagnosticRecordAndTheNativeCodeSurvive() throws {
        let driver = ODBCError(
            operation: "SQLExecute",
            records: [
                .init(sqlstate: "01000", nativeCode: 0, message: "a warning first"),
                .init(sqlstate: "08S01", nativeCode: 7, message: "link failure"),
            ])
        var error = WarehouseError(driver)
        error.statement = "INSERT fact_orders"
        #expect(error.kind == .connection)
        #expect(error.sqlstate == "08S01")
        #expect(error.message == driver.description)
        #expect(error.description == driver.description)
        #expect(error.statement == "INSERT fact_orders")
        let kept = try #require(error.odbc)
        #expect(kept.nativeCode == 7)
        #expect(kept.records == driver.records)
        #expect(kept.operation == "SQLExecute")
    }

    @Test(arguments: [
        ("08001", WarehouseError.Kind.connection), ("40P01", .transient), ("23505", .record),
        ("42501", .statement), ("XX000", .other),
    ])
    func theKindFollowsTheDriversCategory(sqlstate: String, kind: WarehouseError.Kind) {
        let error = WarehouseError(ODBCError(operation: "SQLExecDirect", sqlstate: sqlstate, message: "m"))
        #expect(error.kind == kind)
        #expect(error.sqlstate == sqlstate)
        #expect(error.isConcurrentInsert == (sqlstate == "23505"))
    }

    @Test func starsinksOwnFindingsHaveNoDriverError() {
        let error = WarehouseError(
            kind: .configuration, sqlstate: "", message: "cannot read warehouse.password_file /x",
            statement: "SET search_path")
        #expect(error.kind == .configuration)
        #expect(error.sqlstate.isEmpty)
        #expect(error.message == "cannot read warehouse.password_file /x")
        #expect(error.statement == "SET search_path")
        #expect(error.odbc == nil)
    }

    /// The SQLite ODBC driver reports a constraint as HY000 with SQLite's result code as the native code:
    /// only the wrapped driver error still shows that code and the driver's record.
    @Test(.timeLimit(.minutes(1))) func aRefusedRowFromSQLiteKeepsTheDriversRecord() async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-warehouse-error")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let warehouse = Configuration.Warehouse(
                dialect: .sqlite, connection: "Driver=SQLite3;Database=\(directory)/warehouse.db;Timeout=60000")
            let session = try WarehouseSession(configuration: warehouse, logger: LogCapture().logger())
            try session.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY)")
            try session.execute(sql: "INSERT INTO t VALUES ('a')")
            let error = try #require(throws: WarehouseError.self) {
                try session.execute(sql: "INSERT INTO t VALUES ('a')")
            }
            session.rollbackQuietly()
            #expect(error.kind == .record, "\(error)")
            #expect(error.sqlstate == "HY000")
            let driver = try #require(error.odbc)
            #expect(driver.nativeCode & 0xff == 19, "SQLITE_CONSTRAINT: \(driver)")
            #expect(driver.records.contains { $0.message.lowercased().contains("unique") }, "\(driver.records)")
            #expect(error.message == driver.description)
        }
    }
}
