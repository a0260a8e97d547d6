/// A value bound as a statement parameter. The ODBC layer maps it to its own binding type;
/// StarSchema stays free of C types.
package enum SQLValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
}

/// The SQL type of a column in a bulk row set, which decides how PostgreSQL casts its array.
package enum SQLColumnType: String, Sendable {
    case text
    case bigint
    case integer
    case timestamp
    case date
    case numeric
    case boolean

    /// The PostgreSQL array cast used in `unnest(?::type[])`.
    var postgresArrayCast: String {
        switch self {
        case .text: "text[]"
        case .bigint: "bigint[]"
        case .integer: "integer[]"
        case .timestamp: "timestamp[]"
        case .date: "date[]"
        case .numeric: "numeric[]"
        case .boolean: "boolean[]"
        }
    }
}
