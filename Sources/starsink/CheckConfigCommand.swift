import ArgumentParser
import Daemon

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a configuration file: exit 0, or 2 with every problem named.")

    @Argument(help: "The configuration file.")
    var file: String

    func run() throws {
        let configuration = try loadConfiguration(file)
        printOut(
            "\(file): OK (dialect \(configuration.warehouse.dialect.rawValue), topic \(configuration.kafka.topic), \(configuration.pipeline.workers) workers)"
        )
    }
}
