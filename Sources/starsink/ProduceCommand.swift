import ArgumentParser
import Daemon
import Foundation
import Glibc
import Simulator
import Tools

struct Produce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The order simulator: realistic, reproducible orders into a topic.")

    @Option(name: .long, help: "Bootstrap servers.")
    var brokers: String

    @Option(name: .long, help: "Topic.")
    var topic: String = "orders"

    @Option(name: .long, help: "How many messages.")
    var count: Int = 10_000

    @Option(name: .long, help: "Messages per second (0 = as fast as possible).")
    var rate: Int = 0

    @Option(name: .long, help: "Seed: the same seed gives the same orders.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Share of deliberately invalid messages (0…1).")
    var invalidRate: Double = 0

    @Option(name: .long, help: "Share of identical re-sends (0…1).")
    var duplicateRate: Double = 0

    @Option(name: .long, help: "Share of unkeyed messages (0…1).")
    var unkeyedRate: Double = 0

    @Option(name: .long, help: "Number of distinct customers.")
    var customers: Int?

    @Option(name: .long, help: "Number of distinct products.")
    var products: Int?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0") }
        guard rate >= 0 else { throw ValidationError("--rate must be ≥ 0") }
        for (name, value) in [
            ("--invalid-rate", invalidRate), ("--duplicate-rate", duplicateRate), ("--unkeyed-rate", unkeyedRate),
        ] {
            guard (0...1).contains(value) else { throw ValidationError("\(name) must be from 0 to 1") }
        }
    }

    func run() throws {
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        var simulator = SimulatorConfiguration(seed: seed, count: count)
        simulator.invalidRate = invalidRate
        simulator.duplicateRate = duplicateRate
        simulator.unkeyedRate = unkeyedRate
        if let customers { simulator.customers = customers }
        if let products { simulator.products = products }
        let progress = ProgressBar(
            total: count, label: "produce", isTerminal: isatty(STDERR_FILENO) == 1, write: printError)
        do {
            let summary = try OrderProducerJob(brokers: brokers, topic: topic, simulator: simulator, rate: rate)
                .run(logger: logger, progress: progress)
            progress.finish(summary: "")
            printOut(
                "produced \(summary.sent) messages to \(topic) (\(summary.valid) valid, \(summary.invalid) invalid) in \(String(format: "%.2f", summary.seconds)) s, \(Int(Double(summary.sent) / max(summary.seconds, 0.001))) msg/s"
            )
        } catch {
            printError("produce failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
    }
}
