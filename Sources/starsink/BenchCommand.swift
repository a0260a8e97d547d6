import ArgumentParser
import Benchmark
import Daemon
import Foundation
import Logging
import StarSchema

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Benchmark the daemon against PostgreSQL's COPY floor and the per-message baseline, with the loaded tables verified.",
        discussion: """
            `make bench` starts a throwaway PostgreSQL server and runs this with --postgres; `make soak` runs it \
            with --soak-minutes 30 --soak-rate 5000 instead of the scenarios.
            """)

    @Option(name: .long, help: "Orders for the throughput runs.")
    var orders: Int = 500_000

    @Option(name: .long, help: "Orders for the per-message baseline.")
    var baselineOrders: Int = 5_000

    @Option(name: .long, help: "Workers.")
    var workers: Int = 2

    @Option(name: .long, help: "Partitions of the benchmark topic (keep each under ~4 MiB: ~330 bytes per order).")
    var partitions: Int = 64

    @Option(
        name: .long,
        help: "ODBC connection string of a PostgreSQL database the benchmark may create schemas in (no password).")
    var postgres: String?

    @Option(name: .long, help: "Steady rate for the latency run (orders/s).")
    var latencyRate: Int = 10_000

    @Option(name: .long, help: "Length of the latency run in seconds.")
    var latencySeconds: Int = 10

    @Option(name: .long, help: "pipeline.batch_max_records for the daemon runs.")
    var batchMaxRecords: Int = 20_000

    @Option(name: .long, help: "Dialects to measure, comma-separated (postgresql,sqlite).")
    var dialects: String = "postgresql,sqlite"

    @Option(name: .long, help: "psql for the COPY floor (default: the newest under /usr/lib/postgresql, else PATH).")
    var psql: String?

    @Option(
        name: .long,
        help:
            "Run only a soak of this many minutes (at least 2) against --postgres: RSS, fds and p99 latency after minute 1 and at the end."
    )
    var soakMinutes: Int = 0

    @Option(name: .long, help: "Steady rate of the soak (orders/s).")
    var soakRate: Int = 5_000

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        var options = BenchmarkRunner.Options()
        options.orders = orders
        options.baselineOrders = baselineOrders
        options.workers = workers
        options.partitions = partitions
        options.postgresConnection = postgres
        options.latencyRate = latencyRate
        options.latencySeconds = latencySeconds
        options.batchMaxRecords = batchMaxRecords
        options.dialects = dialects.split(separator: ",").compactMap { WarehouseDialect(rawValue: String($0)) }
        options.psql = psql
        options.soakMinutes = soakMinutes
        options.soakRate = soakRate
        if soakMinutes > 0 { return try soak(options, logger: logger) }
        if postgres == nil { printError("no --postgres: only SQLite is measured") }
        let results: [BenchmarkRunner.Result]
        do {
            results = try BenchmarkRunner(options: options, logger: logger, say: printError).run()
        } catch {
            printError("bench failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
        printOut(json ? BenchmarkReport.json(results) : BenchmarkReport.table(results))
        if results.contains(where: { !$0.verified }) {
            printError("some loads did not verify: their figures are not valid")
            throw ExitStatus.runtimeFailure
        }
    }

    /// The soak alone; fails (exit 1) when the tables do not verify, the daemon fell behind, or RSS or descriptors grew.
    private func soak(_ options: BenchmarkRunner.Options, logger: Logger) throws {
        let result: SoakResult
        do {
            result = try BenchmarkRunner(options: options, logger: logger, say: printError).runSoak()
        } catch {
            printError("soak failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
        printOut(json ? BenchmarkReport.json(result) : BenchmarkReport.table(result))
        let problems = [
            result.verified ? nil : "the soak's load did not verify",
            result.keptUp ? nil : "the daemon fell behind the soak's rate (its RSS then follows the batch size)",
            result.residentFlat ? nil : "RSS did not stay within 10 %",
            result.descriptorsFlat ? nil : "open file descriptors did not stay within ±2",
        ].compactMap { $0 }
        guard problems.isEmpty else {
            problems.forEach(printError)
            throw ExitStatus.runtimeFailure
        }
    }
}
