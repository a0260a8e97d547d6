import ArgumentParser
import Daemon
import Foundation
import Glibc
import Tools

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The whole pipeline with no setup: in-process Kafka, an SQLite warehouse, simulated orders, the reports.")

    @Option(name: .long, help: "How many orders to simulate.")
    var orders: Int = 50_000

    @Option(name: .long, help: "Where the SQLite warehouse file goes.")
    var dataDirectory: String = "demo-data"

    @Option(name: .long, help: "Worker count.")
    var workers: Int = 2

    @Option(name: .long, help: "Simulator seed (same seed, same orders).")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Log at debug level, including one line per dead letter (summarised by code otherwise).")
    var verbose = false

    func validate() throws {
        guard (1...5_000_000).contains(orders) else { throw ValidationError("--orders must be from 1 to 5000000") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be from 1 to 64") }
    }

    func run() throws {
        let logger = CommandLogging.bootstrap(level: verbose ? .debug : .warning, destination: .stderr)
        var demo = DemoRunner()
        demo.orders = orders
        demo.dataDirectory = dataDirectory
        demo.workers = workers
        demo.seed = seed
        // Progress goes to stderr, so `starsink demo > demo.txt` keeps a clean account and a terminal still sees the bars.
        demo.progressIsTerminal = isatty(STDERR_FILENO) == 1
        do {
            try demo.run(logger: logger, print: printOut, progress: { FileHandle.standardError.write(Data($0.utf8)) })
        } catch {
            printError("demo failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
    }
}
