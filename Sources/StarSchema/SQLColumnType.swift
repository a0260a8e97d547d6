/// The SQL type of a column in a bulk row set, which decides how PostgreSQL casts its array and
/// Snowflake its staged text.
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

    /// The type a staged text value is cast to on Snowflake. TIMESTAMP_NTZ explicitly: a bare
    /// TIMESTAMP follows the account's TIMESTAMP_TYPE_MAPPING and may carry a time zone.
    var snowflakeType: String {
        switch self {
        case .text: "VARCHAR"
        case .bigint: "BIGINT"
        case .integer: "INTEGER"
        case .timestamp: "TIMESTAMP_NTZ"
        case .date: "DATE"
        case .numeric: "NUMBER(18,2)"
        case .boolean: "BOOLEAN"
        }
    }
}
