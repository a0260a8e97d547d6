import ArgumentParser
import Daemon
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon in the foreground (systemd supervises it).")

    @Option(name: .long, help: "The configuration file.")
    var config: String = ConfigurationLoader.defaultPath

    func run() throws {
        let configuration = try loadConfiguration(config)
        AllocatorTuning.apply()
        let logger = CommandLogging.bootstrap(level: configuration.log.level, destination: configuration.log.destination)
        let supervisor = Supervisor(configurationPath: config, configuration: configuration,
                                    levelControl: CommandLogging.levelControl, logger: logger)
        let status = supervisor.run()
        if status != 0 { throw ExitCode(status) }
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a configuration file: exit 0, or 2 with every problem named.")

    @Argument(help: "The configuration file.")
    var file: String

    func run() throws {
        let configuration = try loadConfiguration(file)
        printOut("\(file): OK (dialect \(configuration.warehouse.dialect.rawValue), topic \(configuration.kafka.topic), \(configuration.pipeline.workers) workers)")
    }
}
