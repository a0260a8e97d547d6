/// A failed ODBC call: what was attempted, every diagnostic record the driver gave,
/// and the one classification the rest of starsink uses to decide retry or reconnect.
package struct ODBCError: Error, Sendable, CustomStringConvertible {
    /// The ODBC function that failed, e.g. `SQLDriverConnect`, `SQLExecute`.
    package var operation: String
    /// The SQLSTATE of the primary diagnostic record (see `primary(of:)`); "" if none.
    package var sqlstate: String
    package var nativeCode: Int
    /// All diagnostic messages joined with " | ", secrets masked.
    package var message: String
    package var category: Category
    /// Every diagnostic record, in the driver's order, secrets masked.
    package var records: [DiagnosticRecord]
    /// For `executeArray`: the rows (0-based across the whole call) whose parameter set the driver
    /// reported as failed, by status array or diagnostic row number, ascending; empty otherwise.
    package var failedRows: [Int] = []

    /// How the caller should react; decided from the SQLSTATE in `Category.init(sqlstate:)` only.
    package enum Category: Sendable, Hashable {
        /// The connection is gone or unusable: reconnect, then retry.
        case connection
        /// The same work may succeed if retried on this connection (deadlock, timeout, lock, resources).
        case transient
        /// The data itself was rejected: retrying the same data fails again.
        case record
        /// The statement was refused as written or for lack of rights — syntax error, unknown table
        /// or column, missing privilege, unsupported feature: no retry heals it until someone acts.
        case statement
        case other
    }

    /// One record from `SQLGetDiagRec`.
    package struct DiagnosticRecord: Sendable, Hashable {
        package var sqlstate: String
        package var nativeCode: Int
        package var message: String
        /// For `executeArray`: the row (0-based across the whole call) this record is about, from
        /// `SQL_DIAG_ROW_NUMBER` plus the execution's first row; nil when the driver did not say.
        package var rowNumber: Int? = nil
    }

    package var isRetriable: Bool { category == .connection || category == .transient }

    package init(operation: String, records: [DiagnosticRecord]) {
        self.operation = operation
        self.records = records
        let primary = Self.primary(of: records)
        self.sqlstate = primary?.sqlstate ?? ""
        self.nativeCode = primary?.nativeCode ?? 0
        self.category = primary.map(Category.init(record:)) ?? .other
        self.message = records.isEmpty ? "no diagnostic record" : records.map(\.message).joined(separator: " | ")
    }

    /// An error raised by this module itself rather than by the driver.
    package init(operation: String, sqlstate: String = "", message: String) {
        self.init(
            operation: operation, records: [DiagnosticRecord(sqlstate: sqlstate, nativeCode: 0, message: message)])
    }

    /// The record that decides the error: the first one with a classified SQLSTATE, so a
    /// leading warning or general error does not hide a later `08S01`; else the first record.
    private static func primary(of records: [DiagnosticRecord]) -> DiagnosticRecord? {
        records.first { Category(record: $0) != .other } ?? records.first
    }

    package var description: String {
        let rows = failedRows.isEmpty ? "" : " (failed rows \(Self.list(failedRows)))"
        return "\(operation) failed [\(sqlstate.isEmpty ? "-----" : sqlstate)] (native \(nativeCode), \(category))"
            + "\(rows): \(message)"
    }

    /// The first rows of a possibly long list, so that one bad batch does not flood a log line.
    private static func list(_ rows: [Int]) -> String {
        let shown = rows.prefix(10).map(String.init).joined(separator: ", ")
        return rows.count > 10 ? shown + " and \(rows.count - 10) more" : shown
    }
}

extension ODBCError.Category {
    /// The single place where a SQLSTATE becomes a reaction (with `init(record:)` below).
    ///
    /// - `08xxx` connection exceptions, `57P0x` server shutdown / crash / cannot connect now,
    ///   `HYT01` connection timeout, `01002` disconnect error → `.connection`.
    /// - `40001` serialization failure, `40P01` deadlock, `55P03` lock not available,
    ///   `HYT00` timeout expired, `57014` query cancelled (PostgreSQL's statement timeout),
    ///   `53xxx` insufficient resources → `.transient`.
    /// - `22xxx` data exception, `23xxx` integrity constraint violation → `.record`.
    /// - `42xxx` syntax error or access rule violation (ODBC's `42S02` unknown table, `42S22` unknown
    ///   column; PostgreSQL's `42601`, `42501`, `42P01`, `42703`; Snowflake's `42000`), `0A000` feature
    ///   not supported, `3D000`/`3F000` unknown database/schema → `.statement`.
    package init(sqlstate: String) {
        let state = sqlstate.uppercased()
        switch state {
        case "HYT01", "01002": self = .connection
        case "40001", "40P01", "55P03", "HYT00", "57014": self = .transient
        case _ where state.hasPrefix("08") || state.hasPrefix("57P0"): self = .connection
        case _ where state.hasPrefix("53"): self = .transient
        case _ where state.hasPrefix("22") || state.hasPrefix("23"): self = .record
        case "0A000", "3D000", "3F000": self = .statement
        case _ where state.hasPrefix("42"): self = .statement
        default: self = .other
        }
    }

    /// A diagnostic record's category: by SQLSTATE, except for the SQLite driver, which reports
    /// every engine error as `HY000` and puts SQLite's result code in the native code.
    init(record: ODBCError.DiagnosticRecord) {
        guard record.sqlstate == "HY000", record.message.hasPrefix("[SQLite]") else {
            self.init(sqlstate: record.sqlstate)
            return
        }
        switch record.nativeCode & 0xff {  // the primary result code, without extended bits
        case 5, 6: self = .transient  // SQLITE_BUSY, SQLITE_LOCKED: another writer holds the lock
        case 18, 19, 20, 25: self = .record  // TOOBIG, CONSTRAINT, MISMATCH, RANGE
        case 1: self = .statement  // SQLITE_ERROR: syntax error, no such table or column
        default: self = .other
        }
    }
}
