import Testing
import TestSupport

@testable import ODBC

/// Lost connections, on private servers the tests may stop.
@Suite(.timeLimit(.minutes(1)))
struct PostgresOutageTests {
    let logs = LogCapture()

    @Test func terminatedBackendIsAConnectionError() throws {
        let server = try PostgresServer.shared()
        let connection = try ODBCConnection(connectionString: try server.createDatabase(), logger: logs.logger())
        let pid = try #require(try connection.query("SELECT pg_backend_pid()").first?.first ?? nil)
        #expect(try server.psql(database: "postgres", "SELECT pg_terminate_backend(\(pid))") == "t")
        let error = try #require(throws: ODBCError.self) { try connection.query("SELECT 1") }
        #expect(error.category == .connection)
        #expect(error.isRetriable)
    }

    @Test func stoppedServerIsAConnectionErrorAndRestartKeepsData() throws {
        let server = try PostgresServer.start()
        defer { try? server.stop() }
        let connectionString = try server.createDatabase()
        let connection = try ODBCConnection(connectionString: connectionString, logger: logs.logger())
        try connection.execute("CREATE TABLE t (v TEXT)")
        try connection.execute("INSERT INTO t VALUES (?)", ["survives"])
        let port = server.port

        try server.stop()
        let broken = try #require(throws: ODBCError.self) { try connection.query("SELECT v FROM t") }
        #expect(broken.category == .connection)
        let refused = try #require(throws: ODBCError.self) {
            _ = try ODBCConnection(connectionString: connectionString, loginTimeoutSeconds: 2, logger: logs.logger())
        }
        #expect(refused.category == .connection)
        #expect(refused.operation == "SQLDriverConnect")

        try server.restart()
        #expect(server.port == port)
        let again = try ODBCConnection(connectionString: connectionString, logger: logs.logger())
        #expect(try again.query("SELECT v FROM t") == [["survives"]])
    }
}
