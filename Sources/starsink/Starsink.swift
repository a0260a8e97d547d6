import ArgumentParser
import Daemon
import Foundation
import Logging
import Systemd

/// The `starsink` command line: the daemon and its tools (README, Commands).
@main
struct Starsink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "starsink",
        abstract: "Streams e-commerce orders from Kafka into a star schema through ODBC.",
        version: "0.1.0",
        subcommands: [
            Run.self, Demo.self, Produce.self, DevKafka.self, Schema.self, Report.self, CheckConfig.self, SQL.self,
            Bench.self,
            DeadLetters.self, Offsets.self,
        ]
    )
}

/// Exit codes (README, Commands): 0 ok, 1 runtime failure, 2 usage or configuration error.
enum ExitStatus {
    static let runtimeFailure = ExitCode(1)
    static let configurationError = ExitCode(2)
}

/// The process-wide logging set-up; only the command line bootstraps swift-log.
enum CommandLogging {
    static let levelControl = LogLevelControl(.info)

    static func bootstrap(level: Logger.Level, destination: LogDestinationChoice = .auto) -> Logger {
        levelControl.level = level
        LoggingSystem.bootstrap(LoggingSetup.factory(destination: destination, levelControl: levelControl))
        return Logger(label: "starsink")
    }
}

/// Loads a configuration file or exits 2 with every problem on stderr.
func loadConfiguration(_ path: String) throws -> Configuration {
    do {
        return try ConfigurationLoader.load(path: path)
    } catch {
        printError(error.description)
        throw ExitStatus.configurationError
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// stdout, unbuffered per call, so progress and reports interleave correctly with logs.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") || text.hasSuffix("\r") ? text : text + "\n").utf8))
}
