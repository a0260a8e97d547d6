import Foundation
import Testing
import TestSupport

@testable import ODBC

/// The two drivers every array-binding test runs against.
enum ArrayBindingDriver: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// An SQL expression for the stored UTF-8 bytes of a text column, as upper-case hex.
    func hexOfUTF8(_ column: String) -> String {
        switch self {
        case .sqlite: "hex(\(column))"
        case .postgres: "upper(encode(convert_to(\(column), 'UTF8'), 'hex'))"
        }
    }

    /// A column that numbers rows in insertion order, for checking that executions keep row order.
    var insertionOrderColumn: String {
        switch self {
        case .sqlite: "seq INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }
}

/// A fresh, empty database on one driver: an SQLite file in a temporary directory, or a new
/// database on the shared throwaway PostgreSQL server.
final class ArrayBindingDatabase {
    let driver: ArrayBindingDriver
    let connection: ODBCConnection
    private let directory: String?

    init(_ driver: ArrayBindingDriver, logs: LogCapture = LogCapture()) throws {
        self.driver = driver
        switch driver {
        case .sqlite:
            let directory = try makeTemporaryDirectory(prefix: "starsink-array-")
            self.directory = directory
            connection = try ODBCConnection(
                connectionString: "Driver=SQLite3;Database=\(directory)/test.db", logger: logs.logger())
        case .postgres:
            directory = nil
            connection = try ODBCConnection(
                connectionString: try PostgresServer.shared().createDatabase(), logger: logs.logger())
        }
    }

    deinit {
        connection.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The single value of a one-row, one-column query.
    func scalar(_ sql: String) throws -> String? {
        try connection.query(sql).first?.first ?? nil
    }
}
