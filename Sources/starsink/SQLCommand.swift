import ArgumentParser
import Daemon
import Logging
import StarSchema

/// `starsink sql`: the statements a dialect would run for `schema apply` and for one batch per events file.
struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract:
            "Print the statements schema apply and one batch transaction per events file would run, with their bound values.",
        discussion: """
            Each FILE holds one message value per line (topic orders, partition 0, offsets counting from 0 across
            the files). Each batch is planned on the state the earlier ones left, kept in a scratch SQLite warehouse.
            Nothing connects to the dialect's warehouse.
            """)

    @Option(name: .long, help: "sqlite, postgresql or snowflake.")
    var dialect: String

    @Option(name: .long, help: "A file of message values, one per line; repeat for several batches.")
    var events: [String] = []

    @Option(name: .long, help: "text (for people) or json (one object per line).")
    var format: String = "text"

    @Flag(name: .long, help: "Append checks: every table and the four reports, with the rows the SQLite run holds.")
    var checks = false

    @Option(name: .long, help: "enforced or informational.")
    var foreignKeys: String = "enforced"

    @Option(name: .long, help: "The schema (ignored for sqlite).")
    var schema: String = "e_commerce"

    @Option(name: .long, help: "Snowflake only: the database holding the schema (default: the connection's).")
    var database: String?

    @Option(
        name: .customLong("reset-offset-to"),
        help: "Append what `starsink offsets reset` runs to move partition 0 to this offset.")
    var resetOffsetTo: Int64?

    func run() throws {
        guard let dialect = WarehouseDialect(rawValue: dialect) else {
            throw usage("--dialect must be sqlite, postgresql or snowflake")
        }
        guard let keys = ForeignKeyMode(rawValue: foreignKeys) else {
            throw usage("--foreign-keys must be enforced or informational")
        }
        guard let schema = SQLIdentifier(schema) else { throw usage("--schema must match [A-Za-z_][A-Za-z0-9_]{0,62}") }
        guard ["text", "json"].contains(format) else { throw usage("--format must be text or json") }
        var databaseName: SQLIdentifier?
        if let database {
            guard let checked = SQLIdentifier(database) else {
                throw usage("--database must match [A-Za-z_][A-Za-z0-9_]{0,62}")
            }
            databaseName = checked
        }
        if let resetOffsetTo, resetOffsetTo < 0 { throw usage("--reset-offset-to must be an offset ≥ 0") }
        let logger = CommandLogging.bootstrap(level: .error, destination: .stderr)
        var preview = StatementPreview(
            target: WarehouseTarget(dialect: dialect, schema: schema, foreignKeys: keys, database: databaseName),
            eventFiles: events, checks: checks)
        preview.resetOffsetTo = resetOffsetTo
        let recorded: [RecordedStatement]
        do {
            recorded = try preview.run(logger: logger)
        } catch {
            printError("starsink sql: \(error)")
            throw ExitStatus.runtimeFailure
        }
        for statement in recorded {
            if format == "json" {
                if let line = statement.jsonLine { printOut(line) }
            } else {
                printOut(statement.text)
            }
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError(message)
        return ExitStatus.configurationError
    }
}
