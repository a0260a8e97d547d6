import ArgumentParser
import Daemon
import Foundation
import Glibc
import Logging
import StarSchema

/// `starsink offsets show|reset`: the offsets the warehouse holds for the group (the ones that count,
/// since they are committed with the rows) beside the broker's log, and moving them while the group is idle.
struct Offsets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or reset the consumer group's offsets held in the warehouse (STARSINK_OFFSETS).",
        discussion: """
            starsink stores its offsets in the warehouse, in the transaction that loads the rows, so Kafka's own
            kafka-consumer-groups --reset-offsets does not move what starsink reads. These commands do.
            """,
        subcommands: [Show.self, Reset.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per partition: the warehouse offset, the broker's log start and end, and the lag.")

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath

        @Option(name: .long, help: "table, csv or json.")
        var format: String = "table"

        func run() throws {
            guard let format = ReportTable.Format(rawValue: format) else {
                printError("--format must be table, csv or json")
                throw ExitStatus.configurationError
            }
            let configuration = try loadConfiguration(config)
            let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
            do {
                let offsets = try GroupOffsets(configuration: configuration, logger: logger)
                print(
                    try offsets.partitions().render(format, group: offsets.group, topic: offsets.topic), terminator: "")
            } catch {
                printError("offsets show failed: \(error)")
                throw ExitStatus.runtimeFailure
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the group's warehouse offsets, in one transaction, while no member of the group runs.",
            discussion: """
                --to earliest (the log start), latest (the log end), an offset, or an ISO-8601 time (the first record
                produced at or after it). Offsets outside the log are clamped to it. Prints the change per partition
                and asks on the terminal unless --yes. Replaying is safe: facts are idempotent on ORDER_ID and dead
                letters on (topic, partition, offset).
                """)

        @Option(name: .long, help: "The configuration file.")
        var config: String = ConfigurationLoader.defaultPath

        // `.unconditional`: a value like -5 reaches run(), which refuses it with exit 2 (not ArgumentParser's 64).
        @Option(
            name: .long, parsing: .unconditional,
            help: "earliest, latest, an offset, or an ISO-8601 time such as 2026-11-28T10:15:00Z.")
        var to: String?

        @Option(
            name: .long, parsing: .unconditionalSingleValue,
            help: "Only this partition (repeatable; default: every partition of the topic).")
        var partition: [String] = []

        @Flag(name: .long, help: "Do not ask for confirmation.")
        var yes = false

        func run() throws {
            guard let to, let target = OffsetTarget(argument: to) else {
                printError("\(OffsetTarget.usage)\(to.map { "; got '\($0)'" } ?? "")")
                throw ExitStatus.configurationError
            }
            // Parsed here rather than by ArgumentParser, whose usage errors exit 64, not 2.
            let partitions = partition.compactMap { Int32($0) }.filter { $0 >= 0 }
            guard partitions.count == partition.count else {
                printError(
                    "--partition must be a partition number (0, 1, …); got \(partition.map { "'\($0)'" }.joined(separator: ", "))"
                )
                throw ExitStatus.configurationError
            }
            let configuration = try loadConfiguration(config)
            let logger = CommandLogging.bootstrap(level: .notice, destination: configuration.log.destination)
            do {
                let offsets = try GroupOffsets(configuration: configuration, logger: logger)
                // The plan first: a mistyped --partition, or a run without a terminal, is answered at once.
                let plan = try offsets.plan(target, for: try offsets.partitions(only: partitions))
                printOut("Reset of group \(offsets.group) on topic \(offsets.topic) to \(target):")
                for line in plan.lines { printOut("  \(line)") }
                guard !plan.moves.isEmpty else {
                    printOut("nothing to change")
                    return
                }
                guard yes || isatty(STDIN_FILENO) == 1 else {
                    printError(
                        "offsets reset refused: stdin is not a terminal, so nobody can confirm; pass --yes to reset without asking"
                    )
                    throw ExitStatus.configurationError
                }
                if let warning = try offsets.checkGroupIsIdle() { printError("warning: \(warning)") }
                guard yes || confirmed(plan) else { return }
                // Fenced on the offsets shown above: a worker that moved one since makes this write nothing.
                try offsets.apply(plan)
                printOut(
                    "reset \(plan.moves.count) partition\(plan.moves.count == 1 ? "" : "s") of group \(offsets.group)")
            } catch let error as OffsetsError {
                printError("offsets reset refused: \(error)")
                throw error.isUsageError ? ExitStatus.configurationError : ExitStatus.runtimeFailure
            } catch let error as ExitCode {
                throw error
            } catch {
                printError("offsets reset failed: \(error)")
                throw ExitStatus.runtimeFailure
            }
        }

        /// Asks on the terminal; only a typed yes writes.
        private func confirmed(_ plan: OffsetResetPlan) -> Bool {
            FileHandle.standardOutput.write(
                Data("Write these \(plan.moves.count) change(s) to the warehouse? [y/N] ".utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                printOut("nothing changed")
                return false
            }
            return true
        }
    }
}
