import Daemon
import Foundation
import StarSchema
import Testing
import TestSupport

/// `OffsetResetTransaction` on real warehouses: every move in one transaction, fenced on the offsets the
/// operator was shown, so one stale partition leaves every partition as it was.
@Suite struct OffsetResetWarehouseTests {
    @Test(.timeLimit(.minutes(2)), arguments: [WarehouseDialect.sqlite, .postgresql])
    func oneStaleOffsetWritesNothingAndAFreshPlanWritesAll(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let directory = try makeTemporaryDirectory(prefix: "starsink-offsets")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let connection =
                dialect == .postgresql
                ? try PostgresServer.shared().createDatabase() + ";Protocol=7.4-1"
                : "Driver=SQLite3;Database=\(directory)/warehouse.db;JournalMode=WAL;Timeout=60000"
            let warehouse = Configuration.Warehouse(dialect: dialect, connection: connection)
            let logs = LogCapture()
            let session = try WarehouseSession(configuration: warehouse, logger: logs.logger())
            try SchemaManager(session: session, logger: logs.logger()).apply()
            let transaction = OffsetResetTransaction(statements: session.statements, groupID: "g", holder: "test")
            func move(_ partition: Int32, _ from: Int64?, _ to: Int64) -> OffsetMove {
                OffsetMove(topic: "orders", partition: partition, expected: from, next: to)
            }
            func stored() throws -> [String] {
                let rows = try session.query(session.statements.storedOffsets(group: "g", topic: "orders"))
                session.rollbackQuietly()
                return rows.map { "\($0[0] ?? "")=\($0[1] ?? "")" }.sorted()
            }

            try transaction.run([move(0, nil, 100), move(1, nil, 50)], now: .now, executor: session)
            #expect(try stored() == ["0=100", "1=50"])

            for stale in [
                [move(0, 100, 0), move(1, 40, 0)], [move(0, 100, 0), move(1, nil, 0)],
                [move(0, 100, 0), move(2, 9, 0)],
            ] {
                #expect(throws: OffsetsError.self) { try transaction.run(stale, now: .now, executor: session) }
                session.rollbackQuietly()
                #expect(try stored() == ["0=100", "1=50"], "nothing of \(stale) was written")
            }

            try transaction.run([move(0, 100, 0), move(1, 50, 0), move(2, nil, 7)], now: .now, executor: session)
            #expect(try stored() == ["0=0", "1=0", "2=7"])
        }
    }
}
