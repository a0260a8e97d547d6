import ODBC

/// A warehouse failure as the daemon decides on it: retry the batch, reconnect, split the batch, or give up.
///
/// A driver failure is kept whole as the cause (`ODBCError`: the primary SQLSTATE, the native code and
/// every diagnostic record the driver gave), not copied into a message; `kind`, `sqlstate` and `message`
/// are read from it.
package struct WarehouseError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable {
        /// The connection is gone or unusable: reconnect, then retry.
        case connection
        /// Deadlock, serialization failure, timeout, lock: retry the same batch.
        case transient
        /// A row's data was refused (22xxx, 23xxx): isolate the row and dead-letter it.
        case record
        /// Configuration problem (missing password file, …): retry slowly, tell the operator.
        case configuration
        /// The statement itself is refused (syntax, privilege, unknown table or column): retrying
        /// cannot heal it until an operator acts. Keep the batch, retry at a long interval, say so.
        case statement
        /// Anything else: retry, tell the operator.
        case other
    }

    /// What failed underneath.
    package enum Cause: Sendable {
        /// The driver's error as it came, with every diagnostic record.
        case odbc(ODBCError)
        /// Something starsink found itself: an unreadable password file, a missing lock row, an unexpected row.
        case starsink(Kind, sqlstate: String, message: String)
    }

    package var cause: Cause
    /// Which statement failed, e.g. `INSERT fact_orders` (set by `BatchTransaction`).
    package var statement: String?

    package init(kind: Kind, sqlstate: String, message: String, statement: String? = nil) {
        self.cause = .starsink(kind, sqlstate: sqlstate, message: message)
        self.statement = statement
    }

    package init(_ error: ODBCError, statement: String? = nil) {
        self.cause = .odbc(error)
        self.statement = statement
    }

    package var kind: Kind {
        switch cause {
        case .odbc(let error): Kind(error.category)
        case .starsink(let kind, _, _): kind
        }
    }

    /// The primary diagnostic record's SQLSTATE; "" when there is none.
    package var sqlstate: String {
        switch cause {
        case .odbc(let error): error.sqlstate
        case .starsink(_, let sqlstate, _): sqlstate
        }
    }

    /// What logs, STATUS and a refused record's dead letter show: for a driver error its whole description
    /// (operation, SQLSTATE, native code, category and every record's message, secrets masked).
    package var message: String {
        switch cause {
        case .odbc(let error): error.description
        case .starsink(_, _, let message): message
        }
    }

    /// The driver's error, with its native code and every diagnostic record; nil for starsink's own.
    package var odbc: ODBCError? {
        if case .odbc(let error) = cause { error } else { nil }
    }

    package var description: String { message }
}

extension WarehouseError.Kind {
    /// The driver's classification (`ODBCError.Category`, decided from the SQLSTATE) as the daemon's reaction.
    init(_ category: ODBCError.Category) {
        self =
            switch category {
            case .connection: .connection
            case .transient: .transient
            case .record: .record
            case .statement: .statement
            case .other: .other
            }
    }
}
