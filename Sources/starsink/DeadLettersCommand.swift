import ArgumentParser
import Daemon
import Logging
import StarSchema

/// `starsink dead-letters list|show|replay`: read STARSINK_REJECTED and re-submit what it holds.
struct DeadLetters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters", abstract: "List, show or replay the dead letters in STARSINK_REJECTED.",
        subcommands: [List.self, Show.self, Replay.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per dead letter, then a count by code.")

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath
        @Option(name: .long, help: "table, csv or json.")
        var format: String = "table"
        @OptionGroup var selection: DeadLetterSelection

        func run() throws {
            guard let format = ReportTable.Format(rawValue: format) else {
                throw usage("--format must be table, csv or json")
            }
            let filter = try selection.filter(offset: nil)
            let letters = try DeadLetterOptions.withSession(config, "dead-letters list") { session, _, _ in
                try DeadLetterReader(session: session).list(filter)
            }
            print(DeadLetterOutput.list(letters, format: format), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything about one dead letter, its payload included.")

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath
        @Option(name: .long, help: "The partition of the message.")
        var partition: Int32
        @Option(name: .long, help: "The offset of the message.")
        var offset: Int64
        @Option(name: .long, help: "The topic (needed only when several topics have a dead letter at this position).")
        var topic: String?
        @Option(name: .long, help: "text or json.")
        var format: String = "text"

        func run() throws {
            guard format == "text" || format == "json" else { throw usage("--format must be text or json") }
            let filter = try DeadLetterOptions.filter(
                codes: [], since: nil, topic: topic, partition: partition, offset: offset)
            let found = try DeadLetterOptions.withSession(config, "dead-letters show") { session, _, _ in
                try DeadLetterReader(session: session).show(filter)
            }
            guard let letter = found.first else {
                printError(
                    "no dead letter at partition \(partition) offset \(offset)\(topic.map { " of topic \($0)" } ?? "")")
                throw ExitStatus.runtimeFailure
            }
            guard found.count == 1 else {
                throw usage(
                    "dead letters at partition \(partition) offset \(offset) in topics \(found.map(\.position.topic).joined(separator: ", ")); choose one with --topic"
                )
            }
            print(format == "json" ? DeadLetterOutput.showJSON(letter) : DeadLetterOutput.show(letter), terminator: "")
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Re-submit dead letters through the daemon's load path, exactly once; those that load are removed.")

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath
        @OptionGroup var selection: DeadLetterSelection
        @Option(name: .long, help: "Only this offset (with --partition).")
        var offset: Int64?
        @Flag(name: .long, help: "Run every statement, then roll back: report what a replay would do.")
        var dryRun = false

        func run() throws {
            let filter = try selection.filter(offset: offset)
            let summary = try DeadLetterOptions.withSession(config, "dead-letters replay") {
                session, configuration, logger in
                try DeadLetterReplay(session: session, configuration: configuration, logger: logger, dryRun: dryRun)
                    .run(filter)
            }
            print(DeadLetterOutput.summary(summary, dryRun: dryRun), terminator: "")
        }
    }
}

/// The filter options `list` and `replay` share (`replay` adds `--offset`).
struct DeadLetterSelection: ParsableArguments {
    @Option(name: .long, help: "Only this error code (repeatable).")
    var code: [String] = []
    @Option(name: .long, help: "Only those rejected at or after this time (2026-12-02T10:00:00Z, or a date).")
    var since: String?
    @Option(name: .long, help: "Only this topic.")
    var topic: String?
    @Option(name: .long, help: "Only this partition.")
    var partition: Int32?

    func filter(offset: Int64?) throws -> DeadLetterFilter {
        try DeadLetterOptions.filter(codes: code, since: since, topic: topic, partition: partition, offset: offset)
    }
}

/// What the three subcommands share: option checks and the warehouse session.
enum DeadLetterOptions {
    static func filter(codes: [String], since: String?, topic: String?, partition: Int32?, offset: Int64?) throws
        -> DeadLetterFilter
    {
        let known = RejectionCode.allCases.map(\.rawValue)
        for code in codes where !known.contains(code) {
            throw usage("--code \(code.prefix(64)) is not a dead-letter code; codes: \(known.joined(separator: ", "))")
        }
        if offset != nil, partition == nil { throw usage("--offset needs --partition") }
        if let partition, partition < 0 { throw usage("--partition must be 0 or more") }
        var filter = DeadLetterFilter(codes: codes, topic: topic, partition: partition, offset: offset)
        if let since {
            guard
                let time = Timestamp(iso8601: since) ?? Timestamp(sqlText: since)
                    ?? Timestamp(sqlText: since + " 00:00:00")
            else {
                throw usage(
                    "--since must be a time like 2026-12-02T10:00:00Z or a date like 2026-12-02, not \(since.prefix(40))"
                )
            }
            filter.since = time
        }
        return filter
    }

    /// Loads the configuration (exit 2 on problems), connects, and runs `body`; warehouse failures exit 1.
    static func withSession<T>(
        _ path: String, _ command: String, _ body: (WarehouseSession, Configuration, Logger) throws -> T
    ) throws -> T {
        let configuration = try loadConfiguration(path)
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        do {
            let session = try WarehouseSession(configuration: configuration.warehouse, logger: logger)
            return try body(session, configuration, logger)
        } catch {
            printError("\(command) failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
    }
}

/// A usage error: the message on stderr, exit 2.
private func usage(_ message: String) -> ExitCode {
    printError(message)
    return ExitStatus.configurationError
}
