import Foundation
import Logging
import ODBC
import StarSchema

/// One ODBC connection to the warehouse with the dialect's statements: what a worker, `schema apply`
/// and `report` talk to. Used by one thread at a time, like the connection it owns.
package final class WarehouseSession: StatementExecutor {
    package let configuration: Configuration.Warehouse
    package let statements: WarehouseStatements
    private let connection: ODBCConnection
    private let logger: Logger
    package var sessionIsSetUp = false

    /// Connects, reading the password file afresh so a rotated credential is picked up on reconnect.
    package init(configuration: Configuration.Warehouse, logger: Logger) throws(WarehouseError) {
        self.configuration = configuration
        self.statements = WarehouseStatements(target: configuration.target)
        self.logger = logger
        let connectionString = try Self.connectionString(configuration)
        do {
            connection = try ODBCConnection(
                connectionString: connectionString, loginTimeoutSeconds: configuration.loginTimeoutSeconds,
                logger: logger)
            connection.queryTimeoutSeconds = configuration.queryTimeoutSeconds
            if configuration.dialect == .sqlite {
                // SQLite checks foreign keys only when asked, per connection.
                _ = try connection.execute(
                    "PRAGMA foreign_keys = \(configuration.foreignKeys == .enforced ? "ON" : "OFF")")
            }
            if configuration.dialect == .postgresql {
                // A frozen client (SIGSTOP, a paused VM) would hold its row locks forever and block the
                // workers that took over its partitions; the server ends such a session instead. Between
                // two statements of a batch we only plan in memory, far below this limit.
                let limit = max(30, configuration.queryTimeoutSeconds) * 1000
                _ = try connection.execute("SET idle_in_transaction_session_timeout = \(limit)")
            }
            try connection.setAutocommit(false)
        } catch {
            throw WarehouseError(error)
        }
    }

    deinit { connection.close() }

    /// The configured connection string, with the psqlODBC options it does not set for PostgreSQL
    /// (`PostgresConnectionOptions`), plus `PWD={…}` from the password file, if any.
    static func connectionString(_ configuration: Configuration.Warehouse) throws(WarehouseError) -> String {
        let connection =
            configuration.dialect == .postgresql
            ? PostgresConnectionOptions.applying(to: configuration.connection) : configuration.connection
        guard let path = configuration.passwordFile else { return connection }
        let password: String
        do {
            password = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WarehouseError(
                kind: .configuration, sqlstate: "", message: "cannot read warehouse.password_file \(path)")
        }
        let trimmed = password.trimmingCharacters(in: .newlines)
        let base = connection.hasSuffix(";") ? connection : connection + ";"
        // ODBC braces quote the value; a `}` inside is written twice.
        return base + "PWD={" + trimmed.replacingOccurrences(of: "}", with: "}}") + "}"
    }

    package func execute(_ statement: BoundStatement) throws(WarehouseError) -> Int {
        do {
            return try connection.execute(statement.sql, statement.parameters.map(\.odbc))
        } catch {
            throw WarehouseError(error)
        }
    }

    package func executeArray(_ statement: ArrayStatement) throws(WarehouseError) -> Int {
        do {
            let columns = statement.rows.columns.map { $0.values.map(\.odbc) }
            return try connection.executeArray(
                statement.sql, columns: columns, maxBufferBytes: statement.maxBufferBytes
            ).rowCount
        } catch {
            throw WarehouseError(error)
        }
    }

    package func query(_ statement: BoundStatement) throws(WarehouseError) -> [[String?]] {
        do {
            return try connection.query(statement.sql, statement.parameters.map(\.odbc))
        } catch {
            throw WarehouseError(error)
        }
    }

    package func execute(sql: String) throws(WarehouseError) {
        _ = try execute(BoundStatement(sql: sql))
    }

    package func commit() throws(WarehouseError) {
        do { try connection.commit() } catch { throw WarehouseError(error) }
    }

    /// Rolls back, ignoring failure: after a lost connection there is nothing left to roll back.
    package func rollbackQuietly() {
        do { try connection.rollback() } catch { logger.debug("rollback failed", metadata: ["error": "\(error)"]) }
    }
}
