import ArgumentParser
import Daemon
import Foundation
import StarSchema

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark the daemon against the per-message baseline, with the loaded tables verified.",
        discussion: "`make bench` starts a throwaway PostgreSQL server and runs this with --postgres.")

    @Option(name: .long, help: "Orders for the throughput runs.")
    var orders: Int = 500_000

    @Option(name: .long, help: "Orders for the per-message baseline.")
    var baselineOrders: Int = 5_000

    @Option(name: .long, help: "Workers.")
    var workers: Int = 2

    @Option(name: .long, help: "Partitions of the benchmark topic (keep each under ~4 MiB: ~330 bytes per order).")
    var partitions: Int = 64

    @Option(name: .long, help: "ODBC connection string of a PostgreSQL database the benchmark may create schemas in (no password).")
    var postgres: String?

    @Option(name: .long, help: "Steady rate for the latency run (orders/s).")
    var latencyRate: Int = 10_000

    @Option(name: .long, help: "Length of the latency run in seconds.")
    var latencySeconds: Int = 10

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
}

/// Renders benchmark results; every figure sits next to the run it came from.
enum BenchmarkReport {
    static func table(_ results: [BenchmarkRunner.Result]) -> String {
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        var lines = [String(format: "%-44@ %10@ %8@ %12@ %8@ %10@ %10@ %12@ %9@ %8@", "scenario" as NSString, "orders/s" as NSString,
                            "MB/s" as NSString, "CPU s/100k" as NSString, "RSS MiB" as NSString, "batch p50" as NSString,
                            "batch p99" as NSString, "e2e p50/p99" as NSString, "vs base" as NSString, "verified" as NSString)]
        for r in results {
            let latency = r.latencyP99.map { "\(r.latencyP50 ?? 0)/\($0) ms" } ?? "-"
            let ratio = baseline.map { String(format: "%.0f×", r.ordersPerSecond / max($0.ordersPerSecond, 0.001)) } ?? "-"
            lines.append(String(format: "%-44@ %10.0f %8.1f %12.2f %8.1f %7d ms %7d ms %12@ %9@ %8@", r.scenario as NSString, r.ordersPerSecond,
                                r.megabytesPerSecond, r.cpuSecondsPer100k, Double(r.peakResidentBytes) / 1_048_576, r.batchP50, r.batchP99,
                                latency as NSString, ratio as NSString, (r.verified ? "yes" : "NO") as NSString))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ results: [BenchmarkRunner.Result]) -> String {
        let baseline = results.last { $0.scenario.hasPrefix("per-message") }
        let objects = results.map { r in
            var fields = [
                "\"scenario\":\(JSONText.array([r.scenario]).dropFirst().dropLast())",
                "\"orders\":\(r.orders)", String(format: "\"orders_per_second\":%.1f", r.ordersPerSecond),
                String(format: "\"megabytes_per_second\":%.2f", r.megabytesPerSecond), String(format: "\"cpu_seconds_per_100k\":%.3f", r.cpuSecondsPer100k),
                "\"peak_rss_bytes\":\(r.peakResidentBytes)", "\"batch_p50_ms\":\(r.batchP50)", "\"batch_p99_ms\":\(r.batchP99)",
                "\"verified\":\(r.verified)",
            ]
            if let p99 = r.latencyP99 { fields.append("\"latency_p50_ms\":\(r.latencyP50 ?? 0),\"latency_p99_ms\":\(p99)") }
            if let baseline { fields.append(String(format: "\"ratio_to_baseline\":%.1f", r.ordersPerSecond / max(baseline.ordersPerSecond, 0.001))) }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }
}
