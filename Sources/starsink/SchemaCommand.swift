import ArgumentParser
import Daemon
import Logging
import StarSchema

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, migrate or print the warehouse schema.", subcommands: [Apply.self, Show.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or migrate the schema (idempotent).")

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath

        func run() throws {
            let configuration = try loadConfiguration(config)
            let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
            do {
                let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
                let applied = try SchemaManager(session: session, logger: logger).apply()
                printOut(
                    applied.isEmpty
                        ? "schema is current (version \(SchemaDefinition.currentVersion))"
                        : "applied schema version\(applied.count > 1 ? "s" : "") \(applied.map(String.init).joined(separator: ", "))"
                )
            } catch {
                printError("schema apply failed: \(error)")
                throw ExitStatus.runtimeFailure
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the DDL for a dialect (the files under sql/).")

        @Option(name: .long, help: "sqlite, postgresql or snowflake.")
        var dialect: String

        @Option(name: .long, help: "enforced or informational.")
        var foreignKeys: String = "enforced"

        @Option(name: .long, help: "The schema (ignored for sqlite).")
        var schema: String = "e_commerce"

        func run() throws {
            guard let dialect = WarehouseDialect(rawValue: dialect), let keys = ForeignKeyMode(rawValue: foreignKeys),
                let schema = SQLIdentifier(schema)
            else {
                printError(
                    "--dialect must be sqlite, postgresql or snowflake; --foreign-keys enforced or informational; --schema an identifier"
                )
                throw ExitStatus.configurationError
            }
            print(
                SchemaDefinition(target: WarehouseTarget(dialect: dialect, schema: schema, foreignKeys: keys)).script,
                terminator: "")
        }
    }
}
