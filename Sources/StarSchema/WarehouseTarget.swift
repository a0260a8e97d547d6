/// Where the tables live: the dialect plus, for server databases, the schema.
package struct WarehouseTarget: Sendable, Hashable {
    package var dialect: WarehouseDialect
    package var schema: SQLIdentifier
    package var foreignKeys: ForeignKeyMode
    /// Snowflake only: the database holding the schema, when it is not the connection's current one.
    package var database: SQLIdentifier?

    package init(
        dialect: WarehouseDialect, schema: SQLIdentifier, foreignKeys: ForeignKeyMode = .enforced,
        database: SQLIdentifier? = nil
    ) {
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
