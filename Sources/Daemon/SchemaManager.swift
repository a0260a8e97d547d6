import Logging
import StarSchema

/// Applies, migrates and checks the warehouse schema (`starsink schema apply`, and `run` at start-up).
package struct SchemaManager {
    package let session: WarehouseSession
    package let logger: Logger

    package init(session: WarehouseSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    private var definition: SchemaDefinition { SchemaDefinition(target: session.configuration.target) }

    /// The schema version the warehouse has, or nil when starsink's tables are not there.
    package func installedVersion() throws(WarehouseError) -> Int? {
        do {
            let rows = try session.query(BoundStatement(sql: definition.versionQuery))
            session.rollbackQuietly()
            return rows.first?.first.flatMap { $0.flatMap { Int($0) } }
        } catch {
            session.rollbackQuietly()
            if error.kind == .connection { throw error }
            return nil
        }
    }

    /// Brings the schema to `SchemaDefinition.currentVersion`, one committed migration at a time.
    /// Returns the versions applied (empty when it was already current).
    @discardableResult
    package func apply() throws(WarehouseError) -> [Int] {
        let definition = self.definition
        for statement in definition.bootstrapStatements { try session.execute(sql: statement) }
        try session.commit()
        let installed = try installedVersion() ?? 0
        if installed > SchemaDefinition.currentVersion {
            throw WarehouseError(
                kind: .other, sqlstate: "",
                message:
                    "the warehouse schema is version \(installed), newer than this starsink (\(SchemaDefinition.currentVersion)); upgrade starsink"
            )
        }
        var applied: [Int] = []
        for migration in definition.migrations where migration.version > installed {
            do {
                for statement in migration.statements { try session.execute(sql: statement) }
                _ = try session.execute(definition.recordVersion(migration, appliedAt: .now))
                try session.commit()
            } catch {
                session.rollbackQuietly()
                throw error
            }
            logger.notice(
                "applied schema migration",
                metadata: ["schema.version": "\(migration.version)", "schema.change": "\(migration.description)"])
            applied.append(migration.version)
        }
        try syncForeignKeys()
        return applied
    }

    /// Checks that the warehouse has the schema this starsink writes.
    package func check() throws(WarehouseError) {
        guard let version = try installedVersion() else {
            throw WarehouseError(
                kind: .other, sqlstate: "", message: "the warehouse has no starsink schema; run `starsink schema apply`"
            )
        }
        guard version == SchemaDefinition.currentVersion else {
            throw WarehouseError(
                kind: .other, sqlstate: "",
                message:
                    "the warehouse schema is version \(version), this starsink needs \(SchemaDefinition.currentVersion); run `starsink schema apply`"
            )
        }
    }

    /// PostgreSQL: adds or drops the fact table's foreign keys to match `warehouse.foreign_keys`.
    /// (SQLite declares them always and enforces them per connection; Snowflake never enforces.)
    private func syncForeignKeys() throws(WarehouseError) {
        let target = session.configuration.target
        guard target.dialect == .postgresql else { return }
        let constraints = [
            ("fact_orders_customer_fk", "customer_sk", "dim_customer"),
            ("fact_orders_product_fk", "product_id", "dim_product"),
            ("fact_orders_date_fk", "date_id", "dim_date"),
        ]
        let existing = Set(
            try session.query(
                BoundStatement(
                    sql: """
                        SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                        WHERE n.nspname = ? AND c.contype = 'f'
                        """, parameters: [.text(target.schema.text)])
            ).compactMap { $0.first ?? nil })
        for (name, column, table) in constraints {
            switch target.foreignKeys {
            case .enforced where !existing.contains(name):
                try session.execute(
                    sql: """
                        ALTER TABLE \(target.table("fact_orders")) ADD CONSTRAINT \(name) FOREIGN KEY (\(column))
                        REFERENCES \(target.table(table)) (\(column)) DEFERRABLE INITIALLY DEFERRED
                        """)
            case .informational where existing.contains(name):
                try session.execute(sql: "ALTER TABLE \(target.table("fact_orders")) DROP CONSTRAINT \(name)")
            default:
                continue
            }
        }
        try session.commit()
    }
}
