/// The SQL dialects starsink writes. Each has its own DDL under `sql/<dialect>/` and its own bulk path.
package enum WarehouseDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgresql
    case snowflake

    /// Whether tables live in a named schema (`schema.table`); SQLite keeps them in the main database.
    package var usesSchema: Bool { self != .sqlite }
}

/// A SQL identifier from configuration (a schema name), checked before it reaches SQL text.
///
/// Only `[A-Za-z_][A-Za-z0-9_]{0,62}` passes: no quoting is ever needed, and nothing from a
/// config file can change the shape of a statement.
package struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    package let text: String

    package init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    package var description: String { text }
}

/// Where the tables live: the dialect plus, for server databases, the schema.
package struct WarehouseTarget: Sendable, Hashable {
    package var dialect: WarehouseDialect
    package var schema: SQLIdentifier
    package var foreignKeys: ForeignKeyMode
    /// Snowflake only: the database holding the schema, when it is not the connection's current one.
    package var database: SQLIdentifier?

    package init(dialect: WarehouseDialect, schema: SQLIdentifier, foreignKeys: ForeignKeyMode = .enforced,
                 database: SQLIdentifier? = nil) {
        self.dialect = dialect
        self.schema = schema
        self.foreignKeys = foreignKeys
        self.database = dialect == .snowflake ? database : nil
    }

    /// `e_commerce`, or `analytics.e_commerce` on Snowflake with `warehouse.database` set.
    package var qualifiedSchema: String {
        database.map { "\($0.text).\(schema.text)" } ?? schema.text
    }

    /// `e_commerce.fact_orders` on PostgreSQL and Snowflake, `fact_orders` on SQLite.
    package func table(_ name: String) -> String {
        dialect.usesSchema ? "\(qualifiedSchema).\(name)" : name
    }
}

/// Whether the warehouse enforces the fact table's foreign keys.
package enum ForeignKeyMode: String, Sendable, CaseIterable {
    /// Declared and checked by the server at commit (deferred), costing a lookup per fact row.
    case enforced
    /// Documented in comments only; starsink's own transaction keeps them true.
    case informational
}
