/// The SQL dialects starsink writes. Each has its own DDL under `sql/<dialect>/` and its own bulk path.
package enum WarehouseDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgresql
    case snowflake

    /// Whether tables live in a named schema (`schema.table`); SQLite keeps them in the main database.
    package var usesSchema: Bool { self != .sqlite }
}
