import ArgumentParser
import CoreMetrics
import Daemon
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon in the foreground (systemd supervises it).")

    @Option(name: .long, help: "The configuration file.")
    var config: String = ConfigurationLoader.defaultPath

    func run() throws {
        let configuration = try loadConfiguration(config)
        AllocatorTuning.apply()
        let logger = CommandLogging.bootstrap(
            level: configuration.log.level, destination: configuration.log.destination)
        // Once per process, here only: the daemon writes through the factory it is handed, /metrics reads it.
        let exposition = MetricsExposition.prometheus()
        MetricsSystem.bootstrap(exposition.factory)
        let supervisor = Supervisor(
            configurationPath: config, configuration: configuration,
            levelControl: CommandLogging.levelControl, logger: logger, exposition: exposition)
        let status = supervisor.run()
        if status != 0 { throw ExitCode(status) }
    }
}
